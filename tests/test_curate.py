"""The curation stage: rules on real sentences, the command, staging and merging.

Every sentence below is copied from the cleaned text of the article named
with it; ``test_sentences_are_verbatim`` checks that (skipped without the
raw texts), and the rule tests run on the sentence alone, so they need no
sources.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from unionanalysis.cli import main
from unionanalysis.curation import propose_article
from unionanalysis.curation.context import context_at
from unionanalysis.curation.exclusions import span_reason
from unionanalysis.curation.places import gazetteer, union_bodies
from unionanalysis.curation.staging import merge_staged, validate_staged, write_staged
from unionanalysis.extract import number_spans, read_clean
from unionanalysis.paths import data_dir, sources_dir
from unionanalysis.validate import validate_dataset

SOURCES = sources_dir()
needs_sources = pytest.mark.skipif(
    SOURCES is None, reason="raw source texts (../shared/sources) not available"
)

# (file, sentence, reported_text, published, article place, expected fields)
METRIC_CASES = [
    # place: a city named in a national article; and from the union body when no manifest
    (
        "corpus/035.txt",
        "徐州有8家站点榜上有名",
        "8家",
        "2023-12-24",
        "全国",
        {"place_zh": "徐州市", "place_level": "prefecture", "adcode": "320300", "unit": "facility"},
    ),
    (
        "corpus/034.txt",
        "绵阳市安州区总工会通过共建、社会参与等方式打造了56个工会驿站",
        "56个",
        "2025-02-25",
        "",
        {
            "place_zh": "绵阳市安州区",
            "reporting_body": "区总工会",
            "programme_zh": "工会驿站",
            "measure": "stations",
        },
    ),
    # programme and indicators from the words around the number
    (
        "seeds/001_9877ec4ef279aa53.txt",
        "“金秋助学”帮扶困难职工子女2953人,发放资金672.75万元。",
        "2953人",
        "",
        "延安市",
        {"programme_zh": "金秋助学", "indicator": "students_aided", "year": ""},
    ),
    (
        "seeds/001_9877ec4ef279aa53.txt",
        "“金秋助学”帮扶困难职工子女2953人,发放资金672.75万元。",
        "672.75万元",
        "",
        "延安市",
        {"indicator": "funds_disbursed", "value": 6727500},
    ),
    (
        "seeds/001_9877ec4ef279aa53.txt",
        "“夏送清凉”走访企业和工地567家,慰问职工2万余人次,发放慰问物资581.31万元。",
        "2万余人次",
        "",
        "延安市",
        {
            "programme_zh": "夏送清凉",
            "indicator": "workers_cooled",
            "unit": "person_time",
            "qualifier": "more_than",
        },
    ),
    # target, subset, daily rate, per-head standard
    (
        "corpus/001.txt",
        "预计全国工会筹集资金总额将达到50亿元",
        "50亿元",
        "2014-12-23",
        "全国",
        {"indicator": "funds_target", "place_zh": "全国"},
    ),
    (
        "corpus/008.txt",
        "其中,建成智能化驿站1.18万个、24小时驿站1.21万个",
        "1.18万个",
        "2025-01-17",
        "全国",
        {"indicator": "stations_subset", "period_kind": "as_of", "year": 2025},
    ),
    (
        "corpus/007.txt",
        "截至目前,全国工会驿站已超过18万个,覆盖近2亿职工群众,每天服务230多万人次。",
        "230多万人次",
        "2024-11-18",
        "全国",
        {"indicator": "people_served_daily"},
    ),
    (
        "corpus/007.txt",
        "截至目前,全国工会驿站已超过18万个,覆盖近2亿职工群众,每天服务230多万人次。",
        "超过18万个",
        "2024-11-18",
        "全国",
        {
            "indicator": "stations_total",
            "period_kind": "as_of",
            "year": 2024,
            "period_end": "2024-11-18",
        },
    ),
    (
        "corpus/023.txt",
        "现场慰问“就地过年”农民工、一线职工35人,为每人送去价值500元的“大礼包”",
        "500元",
        "2022-01-26",
        "武汉市青山区",
        {"indicator": "grant_per_recipient"},
    ),
    # period phrases
    (
        "corpus/035.txt",
        "2023年服务职工约136万人次",
        "约136万人次",
        "2023-12-24",
        "徐州市",
        {"period_kind": "annual", "year": 2023, "qualifier": "about"},
    ),
    (
        "corpus/001.txt",
        "去年,全总安排了送温暖专项资金1.2亿元",
        "1.2亿元",
        "2014-12-23",
        "全国",
        {"period_kind": "campaign", "year": 2014, "reporting_body": "全国总工会"},
    ),
    (
        "corpus/030.txt",
        "从1992年至2011年“两节”期间,自贡市各级工会累计筹集送温暖慰问款6200多万元",
        "6200多万元",
        "2012-01-17",
        "自贡市",
        {
            "period_kind": "cumulative",
            "year": 2011,
            "indicator": "funds_raised",
            "period_start": "1992-01-01",
        },
    ),
    (
        "corpus/031.txt",
        "活动中,全市各级工会组织共投入1500万元送温暖资金,走访慰问困难职工家庭3万余户",
        "1500万元",
        "2013-12",
        "牡丹江市",
        {"period_kind": "campaign", "year": 2014, "reporting_body": "全市各级工会"},
    ),
    (
        "corpus/037.txt",
        "全区累计建设工会驿站25个,服务了8万多名户外劳动者",
        "8万多名",
        "2023-12-29",
        "荆门市东宝区",
        {"period_kind": "cumulative", "year": 2023, "indicator": "people_served"},
    ),
]

# rules written for the second corpus (tuned on its even-numbered articles)
METRIC_CASES_CORPUS2 = [
    # a count the extractor leaves without a unit takes it from the noun counted
    (
        "corpus2/130.txt",
        "截至目前,全市已建成省、市级“职工书屋”13家,带动基层工会建成“图书角”50余个,"
        "“职工书屋”总藏书量达4万余册,报刊杂志50余种",
        "13家",
        "2018-06-01",
        "九江市",
        {"unit": "facility", "indicator": "facilities_total", "period_kind": "as_of"},
    ),
    (
        "corpus2/130.txt",
        "截至目前,全市已建成省、市级“职工书屋”13家,带动基层工会建成“图书角”50余个,"
        "“职工书屋”总藏书量达4万余册,报刊杂志50余种",
        "4万余",
        "2018-06-01",
        "九江市",
        {"unit": "item", "value": 40000},
    ),
    (
        "corpus2/016.txt",
        "当日,现场参加招聘的企业78家,提供就业岗位2800多个。",
        "2800多个",
        "2023-02-08",
        "滁州市",
        {"unit": "item", "indicator": "jobs_offered"},
    ),
    (
        "corpus2/066.txt",
        "预计发放慰问金24.75万,惠及171名职工",
        "24.75万",
        "2014-01-10",
        "",
        {"unit": "yuan", "value": 247500, "measure": "funds"},
    ),
    # honours are counted as people_awarded, in the year the sentence names
    (
        "corpus2/126.txt",
        "2025年,铜仁4人获评全国劳动模范和先进工作者,1人荣获“大国工匠”称号,41人被评为省级劳动模",
        "41人",
        "2026-03-18",
        "铜仁市",
        {"indicator": "people_awarded", "measure": "people", "period_kind": "annual", "year": 2025},
    ),
    # the year of the sentence before, in the same paragraph
    (
        "corpus2/186.txt",
        "2013年,武汉市开展了多种形式的“创新业绩、创高效益”劳动竞赛。全市有10465家企事业单位参加,"
        "参赛职工134万人",
        "134万人",
        "2014-04-28",
        "武汉市",
        {"indicator": "people_participated", "period_kind": "annual", "year": 2013},
    ),
]

# the unit of a bare count, and counts that are metrics after all
UNIT_CASES = [
    ("corpus2/102.txt", "走访慰问了24家特困在职和退休职工家庭", "24家", {"unit": "household"}),
    (
        "corpus2/086.txt",
        "160余家生产、施工、设计、监理单位的18万名生产建设大军",
        "160余家",
        {"unit": "organisation"},
    ),
    (
        "corpus2/106.txt",
        "一是代全国总工会颁发全国五一劳动奖状2个、全国五一劳动奖章9个、全国工人先锋号17个",
        "2个",
        {"unit": "organisation"},
    ),
    (
        "corpus2/106.txt",
        "一是代全国总工会颁发全国五一劳动奖状2个、全国五一劳动奖章9个、全国工人先锋号17个",
        "9个",
        {"unit": "person"},
    ),
    (
        "corpus2/110.txt",
        "2021年、2022年共建设完成\n226个户外劳动者服务站点\n其中国家级6个,省级15",
        "15",
        {"unit": "facility"},
    ),
    (
        "corpus2/134.txt",
        "我市2018年度新建“爱心妈妈小屋”13家,包括廉江汽车南站等公共场合4家",
        "4家",
        {"unit": "facility"},
    ),
    (
        "corpus2/126.txt",
        "组建46人的专家名师库与15支“思政课二人讲”队伍",
        "15支",
        {"unit": "organisation"},
    ),
    (
        "corpus/014.txt",
        "省财贸金融轻工工会送去400个移动体检名额、200对亲子暑期嘉年华名额",
        "200对",
        {"unit": "item"},
    ),
    ("corpus2/016.txt", "58家企业提供789个岗位3155个用工需求", "3155个", {"unit": "item"}),
    (
        "corpus2/020.txt",
        "培育了16个全国示范性劳模和工匠人才创新工作室",
        "16个",
        {"unit": "facility"},
    ),
    (
        "corpus2/174.txt",
        "新建、提升、改造户外劳动者驿站200家就是其中之一",
        "200家",
        {"unit": "facility"},
    ),
    # people who took part are no workforce
    (
        "corpus2/158.txt",
        "全市共有1万余名职工参与活动",
        "1万余名",
        {"unit": "person", "indicator": "people_participated"},
    ),
    # a per-head word after the sum; 其 of a byline is no anecdote
    (
        "corpus2/058.txt",
        "除为职工子女提供4000元一次性助学金和200元入学交通补助外",
        "4000元",
        {"unit": "yuan"},
    ),
    (
        "corpus2/024.txt",
        "邵阳新闻网8月21日讯(记者 刘其洁 通讯员 谢长青)8月21日上午,邵阳市总工会组织开展"
        "“情系职工送清凉、共创全国文明城”活动,先后来到市体育中心和双清区老火车站,"
        "为奋战在一线的环卫工人和铁路装卸工人送去绿豆、清凉油、藿香正气水等总价值2万余元的防暑降温物品",
        "2万余元",
        {"unit": "yuan"},
    ),
]

# the place of a figure: what a place named before the number says about it
PLACE_CASES = [
    # a dateline is where the report was filed (本报北京11月9日电)
    (
        "corpus2/160.txt",
        "本报北京11月9日电记者王逸吟从今天全国总工会召开的纪念建设“职工之家”25周年座谈会上获悉,"
        "25年来,全国有5406个基层工会获得全国模范“职工之家”称号",
        "5406个",
        "2008-11-10",
        "全国",
        {"place_zh": "全国", "place_level": "national"},
    ),
    # a place inside a firm's name (威海广安城投有限公司) is no place; 威海经区 is the zone
    (
        "corpus2/176.txt",
        "近日,经区总工会为豪顿华工程有限公司、威海电美世光机电有限公司、山东燕喜堂医药连锁有限公司、"
        "威海广安城投有限公司、经区家政服务行业联合工会和威海美年大健康体检中心经区旗舰店等6家新设立的"
        "妈妈小屋",
        "6家",
        "2019-03-01",
        "威海经区",
        {"place_zh": "威海市经济技术开发区", "place_level": "district"},
    ),
    # two cities listed together: the figure is the region's
    (
        "corpus2/054.txt",
        "同时,自治区总工会还组织呼和浩特市、包头市两地40名环卫工人分批开展专题疗休养活动",
        "40名",
        "2023-06-01",
        "内蒙古自治区",
        {"place_zh": "内蒙古自治区", "place_level": "province"},
    ),
    # 城区 of 鸣凤城区 is a word here, not 汕尾市城区; 远安县 is 宜昌市远安县
    (
        "corpus2/068.txt",
        "中工网讯 8月4日,湖北省远安县委常委、宣传部长、总工会主席孙明琴带队,"
        "前往鸣凤城区垃圾中转站北站、县纪委监委办案中心建设工地、县融媒体中心项目施工现场、永安车桥铸造车间等10个高温现场,"
        "为奋战在炎炎夏日的一线职工送去1000份“清凉包”",
        "1000份",
        "2023-08-05",
        "远安县",
        {"place_zh": "宜昌市远安县", "adcode": "420525"},
    ),
    # 全国 as the clause's subject in a city's article
    (
        "corpus2/174.txt",
        "全国有2000个工会户外劳动者服务站点被确认为2022年“最美工会户外劳动者服务站点”",
        "2000个",
        "2022-08-17",
        "常州市",
        {"place_zh": "全国", "place_level": "national", "province_zh": ""},
    ),
    # ... but not where it qualifies the province's figure (全国总工会下拨的)
    (
        "corpus2/171.txt",
        "此前省总工会已将全国总工会下拨的7501万元中央财政专项帮扶资金用于对我省9.5万户在档困难职工的"
        "专项救助",
        "7501万元",
        "2015-01-20",
        "黑龙江省",
        {"place_zh": "黑龙江省"},
    ),
    # no place in the sentence: the union body named earlier in the paragraph
    (
        "corpus2/016.txt",
        "2 月 3 日,在天长市总工会举办的就业援助招聘会现场,安徽天康集团股份有限公司工作人员吴子秋"
        "一边整理著求职资料一边高兴地说道。当日,现场参加招聘的企业78家,提供就业岗位2800多个。",
        "78家",
        "2023-02-08",
        "滁州市",
        {"place_zh": "天长市", "place_level": "county"},
    ),
]

# (file, sentence, reported_text or number span, reason)
EXCLUSION_CASES = [
    ("corpus/015.txt", "8月24日下午,市总工会在万柏林区", "8", "date"),
    ("corpus/034.txt", "2025-02-25 17:19", "17:19", "time"),
    ("corpus/020.txt", "近三年来,全市各级工会累计发放助学金", "三", "duration"),
    ("corpus/021.txt", "目前,第二批10家户外劳动者驿站正在建设", "二", "ordinal"),
    ("corpus/016.txt", "“两节”来临,连日来", "两", "name"),
    ("corpus/005.txt", "全国总工会启动工会服务站点双15工程", "15", "name"),
    ("corpus/040.txt", "太原市目前有10万余名户外劳动者", "10万余名", "not_union"),
    ("corpus/017.txt", "据了解,这12个户外工作者驿站分别是", "12个", "repeat"),
    ("corpus/023.txt", "千方百计解决好职工的生产生活问题", "千方百计", "other"),
]
# sentences of the second corpus for the reasons the first one never needed
EXCLUSION_CASES_CORPUS2 = [
    ("corpus2/015.txt", "陈宗文建议遇到难题的外来工拨打工会投诉热线12351", "12351", "phone"),
    ("corpus2/111.txt", "可与市总工会农民工部联系,电话82610261", "82610261", "phone"),
    ("corpus/000.txt", "Copyright © 2008-2022 by agusti", "2008-2022", "copyright"),
    ("corpus2/008.txt", "福州市现有快递员工2.1万名", "2.1万名", "not_union"),
    (
        "corpus2/072.txt",
        "燃煤预测调度混配管理系统运行1年来,节约燃料成本近2000万元",
        "近2000万元",
        "not_union",
    ),
    ("corpus2/114.txt", "为10名受助学生代表发放助学金", "10名", "other"),
    ("corpus2/130.txt", "报刊杂志50余种", "50余种", "other"),
    # names: anniversaries, rankings, pledge lists, quoted names
    ("corpus2/106.txt", "迎接中华人民共和国70华诞", "70", "date"),
    ("corpus2/120.txt", "推进世界500强在宁企业成功建制", "500", "name"),
    ("corpus2/012.txt", "省总工会向全社会承诺继续做好10件实事", "10件", "name"),
    ("corpus2/076.txt", "“关爱你我他(她)·温暖千万家”活动开展以来", "千万家", "name"),
    ("corpus2/126.txt", "组建46人的专家名师库与15支“思政课二人讲”队伍", "二人", "name"),
    # geography, workforces, savings
    (
        "corpus2/004.txt",
        "由省总工会领导带队分赴全省14个市州和相关产业开展送温暖走访慰问",
        "14个",
        "not_union",
    ),
    ("corpus2/104.txt", "在广东务工的农民工已突破2200万", "2200万", "not_union"),
    ("corpus2/072.txt", "每天就可以节水150吨", "150吨", "not_union"),
    # dates, list numbers, ages, photo captions
    ("corpus2/016.txt", "2 月 6 日,全椒县总工会", "6", "date"),
    ("corpus2/130.txt", "全面梳理2017民生领域的新政策", "2017", "date"),
    ("corpus/022.txt", "8日,腊月二十三,是我国民间传统的小年节气", "二十三", "date"),
    ("corpus2/054.txt", "1、凡本网注明中国城乡观察网", "1", "ordinal"),
    ("corpus/010.txt", "记得13岁过生日时", "13岁", "anecdote"),
    (
        "corpus2/198.txt",
        "为市政二公司农民工吴祥虎(右二)送上米、面、油及500元慰问金",
        "500元",
        "anecdote",
    ),
    ("corpus/042.txt", "新疆各级工会建设的10至15分钟即达的户外劳动者服务站点", "10", "duration"),
    # thresholds, differences, the size of an honours list, a ceremony
    ("seeds/004_795627d32e611dda.txt", "百人以上企业建会587家", "百人以上", "other"),
    ("corpus2/136.txt", "送温暖金额比上年增加53.8万元", "53.8万元", "other"),
    ("corpus2/120.txt", "专职指导员严学梅被评为全国17名优秀指导员之一", "17名", "other"),
    (
        "corpus2/108.txt",
        "出席了发放仪式。一百余名受助学生、家长代表和工会干部参加了发放仪式",
        "一百余名",
        "other",
    ),
]


def _rows(sentence: str, published: str = "", place: str = "") -> pd.DataFrame:
    row = {"published": published, "place_zh": place}
    return propose_article(sentence, manifest_row=row, source_id="d999", whole_text=True).rows


def _row(rows: pd.DataFrame, reported: str) -> pd.Series:
    hit = rows[rows["reported_text"] == reported]
    assert len(hit) == 1, f"{reported!r} not proposed once in {rows['reported_text'].tolist()}"
    return hit.iloc[0]


@needs_sources
@pytest.mark.parametrize(
    "file,sentence",
    sorted(
        {
            (c[0], c[1])
            for c in METRIC_CASES
            + METRIC_CASES_CORPUS2
            + PLACE_CASES
            + UNIT_CASES
            + EXCLUSION_CASES
            + EXCLUSION_CASES_CORPUS2
        }
    ),
)
def test_sentences_are_verbatim(file, sentence):
    if file == "corpus/000.txt":  # the copyright line: any seed's chrome
        texts = [read_clean(p).text for p in sorted((SOURCES / "seeds").glob("*.txt"))]
        assert any(sentence in t for t in texts)
        return
    assert sentence in read_clean(SOURCES / file).text


@pytest.mark.parametrize(
    "file,sentence,reported,published,place,expected",
    METRIC_CASES + METRIC_CASES_CORPUS2 + PLACE_CASES,
)
def test_metric_rules(file, sentence, reported, published, place, expected):
    row = _row(_rows(sentence, published, place), reported)
    assert row["decision"] == "metric", row["why"]
    for column, value in expected.items():
        assert row[column] == value, f"{column}: {row[column]!r} (why: {row['why']})"
    assert row["quote"] in sentence and reported in row["quote"]
    assert f"indicator={row['indicator']}" in row["why"]


@pytest.mark.parametrize("file,sentence,number,reason", EXCLUSION_CASES + EXCLUSION_CASES_CORPUS2)
def test_exclusion_reasons(file, sentence, number, reason):
    rows = _rows(sentence, "2020-01-01", "武汉市")
    hit = rows[rows["reported_text"].str.contains(number, regex=False)]
    if hit.empty:  # numbers outside the body grammar: the rule on its own
        (a, b, kind) = next(s for s in number_spans(sentence) if number in sentence[s[0] : s[1]])
        got = span_reason(context_at(sentence, a, b), kind)
        assert got is not None and got[0] == reason, got
        return
    row = hit.iloc[0]
    assert (row["decision"], row["reason"]) == ("exclusion", reason), row["why"]
    assert row["why"].startswith(f"decision=exclusion: exclusion={reason}")


@pytest.mark.parametrize("file,sentence,reported,expected", UNIT_CASES)
def test_unit_rules(file, sentence, reported, expected):
    row = _row(_rows(sentence, "2020-01-01", "武汉市"), reported)
    assert row["decision"] == "metric", row["why"]
    for column, value in expected.items():
        assert row[column] == value, f"{column}: {row[column]!r} (why: {row['why']})"


def test_headlines_and_goods_of_one_size():
    # corpus2/110.txt: a headline ending in ! is stated again in the body
    text = "今年沈阳将再建300个户外劳动者服务站!\n2023年沈阳计划建设\n户外劳动者服务站点300个"
    rows = _rows(text, "2023-03-01", "沈阳市")
    rows = rows[rows["reported_text"] == "300个"]
    assert rows["decision"].tolist() == ["exclusion", "metric"]
    assert rows["reason"].tolist() == ["repeat", ""]
    # corpus2/180.txt: a subtitle rounds the body's exact figure
    text = (
        "筹集慰问款物价值7027万余元,走访慰问企业1183家\n"
        "1月31日,记者从省总工会获悉,今年元旦春节期间,省总工会持续深入开展“两节”“送温暖”活动,"
        "各级工会共筹集慰问款物总价值7027.5242万元"
    )
    rows = _rows(text, "2024-02-01", "山西省")
    row = _row(rows, "7027万余元")
    assert (row["decision"], row["reason"]) == ("exclusion", "repeat"), row["why"]
    assert _row(rows, "7027.5242万元")["decision"] == "metric"
    # corpus2/178.txt: sugar and mung beans, 1万余斤 each: two figures, no repeat
    sentence = (
        "慰问中,云阳县总工会共送出白糖1万余斤,绿豆1万余斤,藿香正气液400余箱,矿泉水800余件,"
        "确保全县广大职工平安度夏。"
    )
    rows = _rows(sentence, "2023-07-20", "重庆市云阳县")
    assert rows[rows["reported_text"] == "1万余"]["decision"].tolist() == ["metric", "metric"]


def test_a_raised_per_head_standard_is_no_repeat():
    # corpus/032.txt: the old standard of one group is the new one of another
    sentence = "将特困职工标准每人从700元提高到900元,困难职工标准由每人400元提高到700元"
    rows = _rows(sentence, "2014-01-01", "")
    assert rows["decision"].tolist() == ["metric"] * 4
    assert set(rows["indicator"]) == {"grant_per_recipient"}


def test_last_year_review_and_campaign_programmes():
    # corpus2/126.txt, published 2026-03-18, reviews 2025 (一年来 in the lead); two
    # verbatim pieces of its text, the opening of a paragraph and a clause of it
    lead = "一年来,全市工会系统坚持守正创新、深耕一线、服务基层"
    text = lead + "\n开展理论宣传宣讲280余场,组织劳动技能竞赛覆盖职工2.4万人次"
    row = _row(_rows(text, "2026-03-18", "铜仁市"), "280余场")
    assert (row["period_kind"], row["year"]) == ("annual", 2025), row["why"]
    # the same text published in the autumn is no look back: cumulative to publication
    row = _row(_rows(text, "2026-09-18", "铜仁市"), "280余场")
    assert row["period_kind"] == "cumulative", row["why"]
    # corpus2/038.txt: a 疗休养 plan of this year is a campaign
    sentence = "据悉,今年宿迁市各级工会将投入300余万元,计划组织约1200名一线职工参加疗休养活动。"
    row = _row(_rows(sentence, "2023-04-10", "宿迁市"), "约1200名")
    assert (row["period_kind"], row["year"]) == ("campaign", 2023), row["why"]


def test_union_bodies_and_gazetteer_short_names():
    text = "兰州市七里河区总工会联合全市各级工会,在新疆和徐州考察"
    bodies = union_bodies(text)
    assert [b.reporting_body for b in bodies] == ["区总工会", "全市各级工会"]
    gaz = gazetteer()
    names = [(m.name, m.places[0].place_zh) for m in gaz.mentions(text)]
    assert ("新疆", "新疆维吾尔自治区") in names and ("徐州", "徐州市") in names
    assert gaz.get("新疆").adcode == "650000"
    assert gaz.get("七里河区").place_zh == "兰州市七里河区"
    # a street named after a place is no place
    assert [m.name for m in gaz.mentions("家住中山路的职工")] == []


@pytest.mark.parametrize(
    "written,place_zh",
    [
        ("哈爾濱市道裡區", "哈尔滨市道里区"),  # traditional characters (corpus2/047)
        ("崇明县", "上海市崇明区"),  # a county since made a district (corpus2/027)
        ("肃北县", "酒泉市肃北蒙古族自治县"),  # an autonomous county's short name (corpus2/118)
        ("威海经区", "威海市经济技术开发区"),  # a zone's short name (corpus2/176)
        ("山西省(省国防工会)", "山西省"),  # a remark in brackets (corpus2/055)
        ("平江县、华容县", "岳阳市平江县"),  # a list: the first (corpus2/009)
        ("铜川矿务局供应处", "铜川市"),  # an institution in a named place (corpus2/001)
    ],
)
def test_manifest_places_resolve(written, place_zh):
    place = gazetteer().resolve(written)
    assert place is not None and place.place_zh == place_zh


def test_generic_county_names_are_no_places():
    gaz = gazetteer()
    # 城区 (a district of 汕尾市, 晋城市 …) and 经济技术开发区 are words on their own
    assert gaz.get("城区") is None and gaz.get("经济技术开发区") is None
    assert [m.name for m in gaz.mentions("前往鸣凤城区垃圾中转站北站")] == []
    # a county name several cities share has no short form (新城区 of 西安市, 呼和浩特市 …):
    # corpus2/061.txt 阳光新城 is a resettlement site; a unique one keeps it (迎泽, 曲江)
    assert [
        m.name for m in gaz.mentions("开展了“爱在阳光新城 情系搬迁群众”冬季充电迎新春送温暖")
    ] == []
    assert (
        gaz.get("迎泽").place_zh == "太原市迎泽区" and gaz.get("曲江").place_zh == "西安市曲江新区"
    )
    # 安康 is wellbeing far more often than 安康市 (corpus2/194: 宣化区“安康保险”)
    assert [m.places[0].place_zh for m in gaz.mentions("河北宣化区“安康保险”覆盖女职工近万人")] == [
        "河北省",
        "张家口市宣化区",
    ]


def test_every_body_number_gets_a_row_and_quotes_locate_it():
    text = (
        "截至2024年底,全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人、日服务230.97万人次,"
        "全年累计服务职工群众约8亿人次。"
    )
    rows = _rows(text, "2025-01-17", "全国")
    assert rows["reported_text"].tolist() == [
        "2024",
        "18.61万个",
        "1.93亿人",
        "230.97万人次",
        "约8亿人次",
    ]
    metrics = rows[rows["decision"] == "metric"]
    assert metrics["indicator"].tolist() == [
        "stations_total",
        "people_covered",
        "people_served_daily",
        "people_served",
    ]
    assert (metrics["period_end"].iloc[0], metrics["year"].iloc[0]) == ("2024-12-31", 2024)
    assert rows.loc[rows["reported_text"] == "2024", "reason"].item() == "date"
    for quote, rep in zip(rows["quote"], rows["reported_text"], strict=True):
        assert rep in quote and len(quote) <= 120 and quote in text


# --- the command ------------------------------------------------------------------


def _unused_article() -> Path:
    """A corpus2 article data/ does not hold yet, else the first one (callers copy it)."""
    with (data_dir() / "sources.csv").open(encoding="utf-8") as fh:
        known = {r["file"] for r in csv.DictReader(fh)}
    articles = sorted((SOURCES / "corpus2").glob("*.txt"))
    return next((p for p in articles if f"corpus2/{p.name}" not in known), articles[0])


@needs_sources
def test_curate_csv_on_a_new_article(tmp_path, capsys):
    # a file outside the sources folder and outside data/: a new article to the tool
    path = tmp_path / "article.txt"
    shutil.copy2(_unused_article(), path)
    assert main(["curate", "--format", "csv", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = list(csv.DictReader(out))
    from unionanalysis.extract import extract

    body = extract(read_clean(path), body_only=True)
    covered = {r["reported_text"] for r in rows}
    assert all(c.text in covered for c in body)
    assert {r["decision"] for r in rows} <= {"metric", "exclusion"}
    confidences = [float(r["confidence"]) for r in rows]
    assert confidences == sorted(confidences)  # low confidence first
    for r in rows:
        if r["decision"] == "metric":
            for column in (
                "place_zh",
                "measure",
                "indicator",
                "unit",
                "value",
                "qualifier",
                "quote",
            ):
                assert r[column], (column, r)
            assert r["why"].count("=") >= 5
        else:
            assert r["reason"] and r["quote"]


def test_curate_needs_paths_or_merge(capsys):
    assert main(["curate"]) == 2
    assert "PATH" in capsys.readouterr().err


# --- staging and merging in a temporary copy of the project -------------------------


@pytest.fixture
def project(tmp_path: Path):
    """A copy of data/ and of the sources, with one new article at corpus2/999.txt."""
    if SOURCES is None:
        pytest.skip("raw source texts (../shared/sources) not available")
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    src = tmp_path / "sources"
    shutil.copytree(SOURCES, src, ignore=shutil.ignore_patterns("manifest.tsv"))
    shutil.copy2(SOURCES / "manifest.tsv", src / "manifest.tsv")
    article = src / "corpus2" / "999.txt"
    shutil.copy2(_unused_article(), article)
    return data, src, article


def _stage(project, tmp_path: Path) -> Path:
    data, _, article = project
    from unionanalysis.curation.places import Gazetteer

    proposal = propose_article(
        article,
        manifest_row={"published": "2015-01-20"},
        places=Gazetteer(data / "places.csv"),
        file="corpus2/999.txt",
    )
    assert proposal.source["source_id"].item() == "d999"
    staged = tmp_path / "staged"
    write_staged([proposal], staged)
    # the review a person does: English names for places the gazetteer lacks them for
    for name in ("metrics.csv", "places.csv"):
        path = staged / name
        if path.is_file():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame.loc[frame["place_en"] == "", "place_en"] = "Reviewed place"
            frame.to_csv(path, index=False, lineterminator="\n")
    return staged


def _bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_staged_rows_validate_and_merge(project, tmp_path):
    data, src, _ = project
    staged = _stage(project, tmp_path)
    report = validate_staged(staged, data, sources_dir=src)
    assert report.ok, [str(p) for p in report.problems]
    metrics_before = pd.read_csv(data / "metrics.csv", dtype=str)
    staged_metrics = pd.read_csv(staged / "metrics.csv", dtype=str)
    report, added = merge_staged(staged, data, sources_dir=src)
    assert report.ok and added["sources"] == 1 and added["metrics"] == len(staged_metrics)
    after = pd.read_csv(data / "metrics.csv", dtype=str)
    assert len(after) == len(metrics_before) + len(staged_metrics)
    new_ids = after["metric_id"].iloc[len(metrics_before) :].tolist()
    assert new_ids == [f"d999-{i:02d}" for i in range(1, len(new_ids) + 1)]
    assert validate_dataset(data, sources_dir=src).ok
    # a second merge of the same rows clashes with the ids now in data/
    again = validate_staged(staged, data, sources_dir=src)
    assert {"duplicate"} <= {p.rule for p in again.problems}


@pytest.mark.parametrize(
    "column,change,rule",
    [
        ("quote", lambda q: q[:-1] + "〇", "quote_not_in_source"),
        ("indicator", lambda _: "stations_magic", "code"),
    ],
)
def test_merge_refuses_broken_rows_and_leaves_data_untouched(
    project, tmp_path, column, change, rule, capsys
):
    data, src, _ = project
    staged = _stage(project, tmp_path)
    path = staged / "metrics.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, column] = change(frame.loc[1, column])
    frame.to_csv(path, index=False, lineterminator="\n")
    before = _bytes(data)
    report, added = merge_staged(staged, data, sources_dir=src)
    assert not report.ok and added == {}
    found = [(p.file, p.line, p.column, p.rule) for p in report.problems]
    assert (str(path), 3, column, rule) in found, found
    assert _bytes(data) == before
    # the command says the same and exits non-zero
    code = main(["curate", "--merge", str(staged), "--data", str(data), "--sources", str(src)])
    out = capsys.readouterr()
    assert code == 1 and f"{path}:3: column {column}" in out.out and f"[rule: {rule}]" in out.out
    assert "nothing merged" in out.err
    assert _bytes(data) == before


def test_staged_place_that_differs_from_data_is_refused(project, tmp_path):
    data, src, _ = project
    staged = _stage(project, tmp_path)
    places = pd.read_csv(data / "places.csv", dtype=str, keep_default_na=False)
    row = places.iloc[[1]].copy()
    row["place_en"] = "Somewhere else"
    path = staged / "places.csv"
    if path.is_file():
        row = pd.concat([pd.read_csv(path, dtype=str, keep_default_na=False), row])
    row.to_csv(path, index=False, lineterminator="\n")
    report = validate_staged(staged, data, sources_dir=src)
    problem = next(p for p in report.problems if p.rule == "place_conflict")
    assert (problem.file, problem.column) == (str(path), "place_en")
    assert problem.line == len(row) + 1


def test_validate_staged_command(project, tmp_path, capsys):
    data, src, _ = project
    staged = _stage(project, tmp_path)
    code = main(["validate", "--staged", str(staged), "--data", str(data), "--sources", str(src)])
    assert code == 0 and capsys.readouterr().out.splitlines()[-1].startswith("ok:")


def test_merged_places_keep_the_codebook_order():
    from unionanalysis.curation.staging import sorted_places

    text = (
        "place_zh,place_en,level,parent_zh,adcode\n"
        "全国,China,national,,100000\n"
        "菏泽市,Heze,prefecture,山东省,371700\n"
        "河南省,Henan,province,,410000\n"
        "菏泽市高新区,Heze High-tech Zone,district,菏泽市,\n"
        "山东省,Shandong,province,,370000\n"
        "菏泽市牡丹区,Mudan,county,菏泽市,371702\n"
    )
    names = [line.split(",")[0] for line in sorted_places(text).splitlines()[1:]]
    assert names == ["全国", "山东省", "菏泽市", "菏泽市牡丹区", "菏泽市高新区", "河南省"]
