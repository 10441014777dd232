"""Exclusion, unit-of-weight and place-in-a-name rules of the curation stage, on real sentences.

Every text below is copied from the cleaned text of the article named with it
(``test_texts_are_verbatim`` checks that when the raw texts are there; the rule
tests run on the text alone). Each case gives the decision the curators coded
(``data/metrics.csv`` or ``data/exclusions.csv``, the id or reason in the comment).
"""

from __future__ import annotations

import pandas as pd
import pytest

from unionanalysis.curation import propose_article
from unionanalysis.curation.context import context_at
from unionanalysis.curation.exclusions import span_reason
from unionanalysis.extract import number_spans, read_clean
from unionanalysis.paths import sources_dir

SOURCES = sources_dir()

# (file, text, number, reason): the number is an exclusion with that reason
EXCLUSIONS = [
    # another mass organisation is the subject and no union is named (c026, not_union)
    (
        "corpus/026.txt",
        "又讯,1月18日,共青团兰州市委领导对西固区的2名困难青少年进行了慰问,"
        "分别给他们赠送了500元爱心助学金和一部掌上学习电脑",
        "500元",
        "not_union",
    ),
    # spending said to be driven by union trips is an economic effect (d126)
    ("corpus2/126.txt", "疗休养直接拉动文旅消费超3600万元", "超3600万元", "not_union"),
    # a rate of output is no count (seed000: the 156期 broadcast is the metric)
    (
        "seeds/000_724886c98c96e1a2.txt",
        "自开播以来,坚持每周制作1期节目,两个时段播出",
        "1期",
        "other",
    ),
    # kinds: 四类群体 (c026), titles of periodicals (d130, d152)
    ("corpus/026.txt", "困难的职工等四类群体进行慰问", "四类", "other"),
    ("corpus2/130.txt", "“职工书屋”总藏书量达4万余册,报刊杂志50余种", "50余种", "other"),
    ("corpus2/152.txt", "电子影像制品100余张,各类报刊杂志近20种", "近20种", "other"),
    # a person's own words, first person singular, in a direct quotation (d128)
    (
        "corpus2/128.txt",
        "“喂,是清涧县总工会吗?俺们在你们那儿的高铁工地干活,快半年了,四万多元工资一直没拿到……”",
        "四万多元",
        "anecdote",
    ),
    # firms that exist around a station (d008), a group named before as an owner (d128),
    # units whose representatives met officials at a ceremony (d136), kinds of services (d050)
    (
        "corpus2/008.txt",
        "这个共享职工之家周围1公里内有8家快递企业营业网点,受益快递人员400多人",
        "8家",
        "not_union",
    ),
    ("corpus2/128.txt", "回重庆后,三人的讨薪之路陷入困境", "三人", "anecdote"),
    (
        "corpus2/136.txt",
        "县政府副县长王艺枫、县政协副主席田灵豹亲切慰问了县城管局、鲁沙尔镇政府等2个单位的"
        "部分困难职工代表",
        "2个",
        "other",
    ),
    (
        "corpus2/050.txt",
        "免费提供取暖、热饮、食物、医疗、车辆维修等近20项服务",
        "近20项",
        "other",
    ),
    # numerals in a street's name (c018)
    ("corpus/018.txt", "家住市八一路附近的卢继军患有严重的血友病", "八一路", "name"),
]

# (file, text, reported_text, article place, expected fields): metrics
METRICS = [
    # the union's own figures in the same article stay metrics (c026-02)
    (
        "corpus/026.txt",
        "截至目前,累计慰问困难职工、大病职工133人,共计发放慰问金18.2万元",
        "18.2万元",
        "兰州市西固区",
        {"unit": "yuan", "value": 182000},
    ),
    # but a union official speaking (我们) gives the union's figure (d092-01)
    (
        "corpus2/092.txt",
        "“巡游网约车行业工会联合会成立后,我们将落实山西省总工会要求,向每名会员发放300元电子消费券",
        "300元",
        "太原市",
        {"unit": "yuan", "value": 300},
    ),
    # firms that took part are the union's figure (d186)
    (
        "corpus2/186.txt",
        "全市有10465家企事业单位参加,参赛职工134万人",
        "10465家",
        "武汉市",
        {"unit": "organisation", "value": 10465},
    ),
    # goods by weight are items (d098-09), and so are books counted by the volume (d130-09)
    (
        "corpus2/098.txt",
        "筹集慰问资金1.4亿元,发放米面油等物资85万斤",
        "85万",
        "天津市",
        {"unit": "item", "indicator": "other", "value": 850000},
    ),
    # units of bare counts: places that each built a station (seed000-07), sites visited
    # (d068-01), teams sent out in routes (d073-03)
    (
        "seeds/000_724886c98c96e1a2.txt",
        "目前,全市6个贫困县(区)73个乡镇建设了“农民工驿站”",
        "73个",
        "大同市",
        {"unit": "facility"},
    ),
    (
        "corpus2/068.txt",
        "县融媒体中心项目施工现场、永安车桥铸造车间等10个高温现场,为奋战在炎炎夏日的一线职工"
        "送去1000份“清凉包”",
        "10个",
        "宜昌市远安县",
        {"unit": "item"},
    ),
    (
        "corpus2/073.txt",
        "分15路赴全国30个省、自治区、直辖市开展送温暖活动",
        "15路",
        "全国",
        {"unit": "organisation"},
    ),
    # a place inside the name of a site or institution is no figure's place (d070-03,
    # d182-03, d024-01)
    (
        "corpus2/070.txt",
        "位于红旗路和曙光大街交汇处的铁锋区曙光大街工会驿站,占地面积40平方米",
        "40平方米",
        "齐齐哈尔市",
        {"place_zh": "齐齐哈尔市"},
    ),
    (
        "corpus2/182.txt",
        "同时,慰问组还到滕州仲家汇商贸有限公司工会联合会以及滕州市农副产品物流中心工会联合会,"
        "对两家公司工会联合会近千名商场信息员",
        "近千名",
        "枣庄市",
        {"place_zh": "枣庄市"},
    ),
    (
        "corpus2/024.txt",
        "先后来到市体育中心和双清区老火车站,为奋战在一线的环卫工人和铁路装卸工人送去绿豆、"
        "清凉油、藿香正气水等总价值2万余元的防暑降温物品",
        "2万余元",
        "邵阳市",
        {"place_zh": "邵阳市"},
    ),
    # but a place that builds the stations is the figure's (d118-01, read in a city article)
    (
        "corpus2/118.txt",
        "至目前,肃北县已建成新就业形态劳动者驿站2个",
        "2个",
        "酒泉市",
        {"place_zh": "酒泉市肃北蒙古族自治县", "unit": "facility"},
    ),
]


def _rows(text: str, place: str) -> pd.DataFrame:
    row = {"published": "2020-01-01", "place_zh": place}
    return propose_article(text, manifest_row=row, source_id="d999", whole_text=True).rows


@pytest.mark.skipif(SOURCES is None, reason="raw source texts (../shared/sources) not available")
@pytest.mark.parametrize("file,text", sorted({(c[0], c[1]) for c in EXCLUSIONS + METRICS}))
def test_texts_are_verbatim(file, text):
    assert text in read_clean(SOURCES / file).text


@pytest.mark.parametrize("file,text,number,reason", EXCLUSIONS)
def test_exclusions(file, text, number, reason):
    rows = _rows(text, "武汉市")
    hit = rows[rows["reported_text"].str.contains(number, regex=False)]
    if hit.empty:  # a number the extractor drops: the span rule
        a, b, kind = next(s for s in number_spans(text) if number in text[s[0] : s[1]])
        got = span_reason(context_at(text, a, b), kind)
        assert got is not None and got[0] == reason, got
        return
    row = hit.iloc[0]
    assert (row["decision"], row["reason"]) == ("exclusion", reason), row["why"]


@pytest.mark.parametrize("file,text,reported,place,expected", METRICS)
def test_metrics(file, text, reported, place, expected):
    rows = _rows(text, place)
    hit = rows[rows["reported_text"] == reported]
    assert len(hit) == 1, rows["reported_text"].tolist()
    row = hit.iloc[0]
    assert row["decision"] == "metric", row["why"]
    for column, value in expected.items():
        assert row[column] == value, f"{column}: {row[column]!r} (why: {row['why']})"


@pytest.mark.skipif(SOURCES is None, reason="raw source texts (../shared/sources) not available")
def test_a_figure_with_another_qualifier_is_no_repeat():
    """每户100元 and 不低于100元 are two standards (d096-05, d096-08), not one stated twice."""
    text = read_clean(SOURCES / "corpus2/096.txt").text
    passage = text[text.find("建档困难职工每户100元") : text.find("送去不低于100元的红包") + 12]
    rows = _rows(passage, "宜昌市").set_index("reported_text")
    assert rows.loc["100元", "decision"] == "metric"
    assert rows.loc["不低于100元", "decision"] == "metric", rows.loc["不低于100元", "why"]
