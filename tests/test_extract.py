"""Tests of :mod:`unionanalysis.extract`: what is a candidate, its span and reading, the CLI."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unionanalysis.extract as extract_module
from unionanalysis.cli import main
from unionanalysis.extract import (
    COLUMNS,
    Candidate,
    SourceError,
    extract,
    extract_file,
    extract_frame,
    locate,
    match_candidate,
    overlapping,
    read_clean,
)
from unionanalysis.text import clean


def texts(text: str, **kwargs) -> list[str]:
    return [c.text for c in extract(text, **kwargs)]


# --- what the extractor proposes ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # reported_text includes touching qualifiers and the classifier, not the noun
        (
            "截至目前,全国工会驿站已超过18万个,覆盖近2亿职工群众,每天服务230多万人次。",
            ["超过18万个", "近2亿", "230多万人次"],
        ),  # c007
        (
            "截至目前,市总工会已累计投入800余万元,建成工会爱心驿站300个",
            ["800余万元", "300个"],
        ),  # c015
        ("走访慰问困难职工和农民工将在1000万人次以上。", ["1000万人次以上"]),  # c001
        ("服务群体1000人左右,该驿站是", ["1000人左右"]),  # c027
        ("驿站面积约900平方米,投入资金26万余元", ["约900平方米", "26万余元"]),  # c027
        ("积极筹措资金二十余万元,对困难职工进行慰问", ["二十余万元"]),  # c032
        ("并给我送来了两万多元的救助金", ["两万多元"]),  # seed004
        ("走访了全县十几家高温生产、室外作业的企业", ["十几家"]),  # c033
        ("受益人群逾千万次", ["逾千万次"]),  # c001
        ("全国已建工会户外劳动者服务站点逾十万个", ["逾十万个"]),  # c042
        ("开展各类维权服务活动近6万场(次),吸引2000多万人次参与", ["近6万场(次)", "2000多万人次"]),
        ("慰问困难职工56万多人(次)", ["56万多人(次)"]),  # c030
        ("职工参与率90%以上。", ["90%以上"]),  # seed004
        ("全市已建成站点合计1,029家", ["1,029家"]),
        ("覆盖5900万户外劳动者", ["5900万"]),  # c003: 户外 is not the classifier 户
        ("职工子女2953人,发放资金672.75万元。", ["2953人", "672.75万元"]),  # seed001
        ("节约3万元", ["3万元"]),  # 节约 "save" is not 约 "about"
        ("附近3个驿站", ["3个"]),
    ],
)
def test_reported_text_convention(sentence, expected):
    assert texts(sentence) == expected


def test_candidate_reading_and_offsets():
    text = "各级工会已建设户外劳动者服务站点95000余个,投入资金近12亿元。"  # c004
    first, second = extract(text, file="corpus/004.txt")
    assert first == Candidate(
        "corpus/004.txt",
        16,
        23,
        "95000余个",
        95_000.0,
        95_000.0,
        96_000.0,
        "more_than",
        "facility",
        "各级工会已建设户外劳动者服务站点95000余个,投入资金近12亿元。",
    )
    assert (second.text, second.value, second.value_low, second.qualifier, second.unit) == (
        "近12亿元",
        1.2e9,
        1.1e9,
        "nearly",
        "yuan",
    )
    for cand in (first, second):
        assert text[cand.start : cand.end] == cand.text


def test_context_is_twenty_characters_each_side_on_one_line():
    text = "一" * 30 + "\n慰问职工2万余人次\n" + "二" * 30
    [cand] = extract(text)
    assert cand.context == "一" * 15 + " 慰问职工2万余人次 " + "二" * 19
    assert len(cand.context) == len(cand.text) + 40


@pytest.mark.parametrize(
    "sentence",
    [
        "发布时间:2018年11月29日15:37 来源",  # date and time
        "2019-07-30 07:13:01 来源:中工网",
        "今年3月,宜昌市民曹某",
        "2023年底全国服务站点",
        "12月30日从湖北省总工会获悉",
        "125日下午,西安市",  # a damaged date is still a date
        "下午3时许",
        "9时30分",
        "五年来,延安工会",  # durations
        "入院治疗两个月,导致生活困难",
        "3个多月",
        "15分钟服务圈",
        "10至15分钟即达",
        "24小时全天候开放",
        "4年多来,全省工会",
        "利用3天时间",
        "举报电话:010-84151598",  # phone numbers
        "热线400-810-5000",
        "京ICP证100580号",  # licence and registration numbers
        "京公网安备110401200155",
        "许可证 (1012009003)",
        "鄂ICP备 13000573号-1",
        "鄂B2-20231273",
        "Copyright © 2008-2022 by example.com",  # copyright years
        "2013-2017年",  # year range
        "中国工会第十七次全国代表大会",  # ordinals
        "工会十七大",
        "第1名",
        "永阳公园3号公厕",
        "第六届二次会员大会",
        "建国70周年",
        "“1.0版本”",
        "结合“12·4”普法宣传日",  # a named day
        "一心一意",  # idioms and names
        "三心二意",
        "四面八方",
        "五湖四海",
        "千方百计解决好职工的生产生活问题",
        "守护着万家灯火",
        "‘两个建设’深入推进、‘三个服务’干在实处",
        "新时代职工之家“五家”建设",
        "一个孩子上小学",  # a bare 一
        "一名患乳腺癌的单亲特困女职工",
        "每生一次性资助",
        "深入一线",
        "一站式服务",
        "一批",
        "考入二本大学的",  # 本 is not a classifier of the codebook
        "汽车零件厂",
        "百人以上企业",  # bare 百/千 without 余 or 万
        "数十万职工",  # estimates
        "几百人",
        "千万不要",
        "dtgdbliu@163.com",  # identifiers
        "sp20241118",
        "0328028285ef12093e95fd616b4efd9.jpg",
    ],
)
def test_not_quantities(sentence):
    assert texts(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("其种植面积约占全省1/3", ["1/3"]),  # arabic numbers are kept with unit unknown
        ("记得13岁过生日时", ["13岁"]),
        ("今年以648分的成绩", ["648"]),
        ("组织19路慰问团", ["19路"]),
        ("工会服务站点双15工程发布会", ["15"]),
        ("目前2个驿站已建成,两个驿站已具备移交条件", ["2个", "两个"]),
        ("对全区在档133名特困职工每人发放现金600元", ["133名", "600元"]),
    ],
)
def test_arabic_numbers_are_emitted_even_without_a_known_unit(sentence, expected):
    assert texts(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        ("建设爱心驿站305个、母婴室51个、爱心托管班5个。", ["facility"] * 3),  # seed001
        ("创建全国职工书屋4个、省级9个、市级73个。", ["facility"] * 3),  # seed001
        ("建成工会爱心驿站300个,其中209个被命名为省级驿站,120个被命名", ["facility"] * 3),
        ("全市共有工会组织3636个、会员32.15万人", ["organisation", "person"]),
        ("全市6个贫困县(区)73个乡镇", ["unknown", "unknown"]),
        ("驿站300个。其中209个被命名为", ["facility", "unknown"]),  # not across sentences
        ("上图39.37万个点位,覆盖全国368个城市", ["item", "unknown"]),
        ("深入30个单位47个一线车间班组", ["organisation", "organisation"]),  # c023
        ("对44户企业的775名建档特困职工", ["organisation", "person"]),  # 户 + 企业
    ],
)
def test_units_in_context(sentence, units):
    assert [c.unit for c in extract(sentence)] == units


def test_body_only_skips_chrome():
    body = "据了解,截至目前,各级工会已建设户外劳动者服务站点95000余个,投入资金近12亿元。"
    text = "\n".join(["查看: 67|回复: 0", body, "Copyright 2008-2022 热线 12345"])
    assert texts(text) == ["67", "0", "95000余个", "近12亿元", "12345"]
    assert texts(text, body_only=True) == ["95000余个", "近12亿元"]


def test_candidates_are_ordered_and_disjoint():
    text = "全国已建成工会驿站18.42万个,覆盖服务职工群众1.47亿人,日服务户外劳动者327万人次。"
    cands = extract(text)
    assert [c.text for c in cands] == ["18.42万个", "1.47亿人", "327万人次"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(cands))


# --- files and frames -----------------------------------------------------------------


@pytest.fixture
def articles(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("全國已建成工會驛站18.61萬個,覆蓋服務職工群眾1.93億人。\n", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("发放慰问物资581.31万元".encode("gb18030"))
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\xfe")
    return {"good": good, "gbk": gbk, "binary": binary, "broken": broken}


def test_extract_file_cleans_first(articles):
    cands = extract_file(articles["good"], root=articles["good"].parent)
    assert [(c.file, c.text, c.value) for c in cands] == [
        ("good.txt", "18.61万个", 186_100.0),
        ("good.txt", "1.93亿人", 193_000_000.0),
    ]
    assert [c.text for c in extract_file(articles["gbk"])] == ["581.31万元"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing", "no such file"),
        ("binary", "binary file"),
        ("broken", "cannot decode"),
    ],
)
def test_unreadable_files_name_the_file(articles, tmp_path, name, message):
    path = articles.get(name, tmp_path / "missing.txt")
    with pytest.raises(SourceError, match=message) as info:
        read_clean(path)
    assert str(path) in str(info.value)


def test_a_directory_is_not_an_article(tmp_path):
    with pytest.raises(SourceError, match="is a directory"):
        read_clean(tmp_path)


def test_extract_frame_columns_and_types(articles):
    frame = extract_frame([articles["good"], articles["gbk"]], root=articles["good"].parent)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["file"].tolist() == ["good.txt", "good.txt", "gbk.txt"]
    assert frame["value"].tolist() == [186_100.0, 193_000_000.0, 5_813_100.0]
    assert str(frame["start"].dtype) == "int64"


def test_extract_frame_of_nothing_has_the_columns():
    assert list(extract_frame([]).columns) == list(COLUMNS)


# --- locating curated rows ------------------------------------------------------------


def test_locate_and_match_a_curated_row():
    text = clean("全國已建成工會驛站18.61萬個,覆蓋服務職工群眾1.93億人、日服務230.97萬人次")
    span = locate(text, "全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人", "1.93亿人")
    assert span is not None and text[span[0] : span[1]] == "1.93亿人"
    cands = extract(text)
    found = match_candidate(cands, *span, value=1.93e8, qualifier="exact", unit="person")
    assert found is not None and found.text == "1.93亿人"
    assert match_candidate(cands, *span, value=1.93e8, qualifier="more_than") is None
    assert match_candidate(cands, *span, value=1.9e8) is None


def test_locate_prefers_a_whole_number():
    text = "建成112万个,其中12万个"
    assert locate(text, text, "12万个") == (text.rindex("12万个"), len(text))


def test_locate_returns_none_for_edited_quotes():
    text = "全市已建成驿站602个"
    assert locate(text, "全市建成驿站602个", "602个") is None
    assert locate(text, text, "603个") is None
    assert locate(text, "", "602个") is None


def test_unknown_unit_matches_only_when_asked():
    text = "日前,延安15个苹果园被评为“亩均效益冠军园”。"  # seed001: curated organisation
    cands = extract(text)
    span = locate(text, text, "15个")
    assert match_candidate(cands, *span, value=15, unit="organisation") is None
    found = match_candidate(cands, *span, value=15, unit="organisation", unknown_unit_matches=True)
    assert found is not None and found.unit == "unknown"


def test_overlapping():
    cands = extract("投入150万元,帮助3837户")
    assert [c.text for c in overlapping(cands, 4, 5)] == ["150万元"]
    assert overlapping(cands, 0, 2) == []


# --- command line ---------------------------------------------------------------------


def test_cli_csv(articles, capsys):
    assert main(["extract", str(articles["good"])]) == 0
    out = capsys.readouterr().out
    header = "file,start,end,text,value,value_low,value_high,qualifier,unit,context,ceiling"
    assert out.splitlines()[0] == header
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["text"], r["value"], r["unit"]) for r in rows] == [
        ("18.61万个", "186100", "facility"),
        ("1.93亿人", "193000000", "person"),
    ]


def test_cli_json_is_deterministic(articles, capsys):
    args = ["extract", "--format", "json", str(articles["good"]), str(articles["gbk"])]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    rows = json.loads(first)
    assert [r["text"] for r in rows] == ["18.61万个", "1.93亿人", "581.31万元"]
    assert set(rows[0]) == set(COLUMNS)
    assert rows[2]["value"] == 5_813_100


def test_cli_reports_bad_files_and_goes_on(articles, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    paths = [missing, articles["binary"], articles["good"], articles["broken"]]
    assert main(["extract", *map(str, paths)]) == 2
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert len(errors) == 3
    assert str(missing) in errors[0] and "no such file" in errors[0]
    assert str(articles["binary"]) in errors[1] and "NUL" in errors[1]
    assert str(articles["broken"]) in errors[2] and "cannot decode" in errors[2]
    assert "18.61万个" in captured.out  # the good file is still processed


def test_cli_body_only(tmp_path, capsys):
    path = tmp_path / "a.txt"
    body = "据了解,截至目前,各级工会已建设户外劳动者服务站点95000余个,投入资金近12亿元。"
    path.write_text(f"查看: 67\n{body}\n", encoding="utf-8")
    assert main(["extract", "--body-only", "--format", "json", str(path)]) == 0
    assert [r["text"] for r in json.loads(capsys.readouterr().out)] == ["95000余个", "近12亿元"]


# --- properties -----------------------------------------------------------------------

_NUMBERISH = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,%-:/年月日号个家人次万亿元余多近约超过逾以上左右")
        + list("第一二两十百千零工会驿站,。\n ")
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), _NUMBERISH))
def test_extract_never_crashes_and_spans_are_consistent(text):
    previous_end = 0
    for cand in extract(text):
        assert previous_end <= cand.start < cand.end <= len(text)
        assert text[cand.start : cand.end] == cand.text
        assert cand.value_low <= cand.value <= cand.value_high
        assert "\n" not in cand.context
        previous_end = cand.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), _NUMBERISH))
def test_fast_scan_finds_what_finditer_finds(text):
    # the scanner is only tried where a match can begin; that must change nothing
    fast = [(m.span(), m.lastgroup) for m in extract_module._scan(text)]
    slow = [(m.span(), m.lastgroup) for m in extract_module._SCANNER.finditer(text)]
    assert fast == slow


def test_candidate_fields_are_the_columns():
    assert tuple(f.name for f in dataclasses.fields(Candidate)) == COLUMNS


def test_locate_points_at_the_nth_occurrence_of_a_quote_printed_twice():
    text = "首次筹集450万元专项经费。\n转载:\n首次筹集450万元专项经费。"
    quote = "首次筹集450万元专项经费"
    first = locate(text, quote, "450万元")
    second = locate(text, quote, "450万元", occurrence=1)
    assert first == (4, 9) and second is not None
    assert text[second[0] : second[1]] == "450万元" and second[0] > first[0]
    assert locate(text, quote, "450万元", occurrence=5) == second  # past the last: the last


# --- the corpus2 curators' cases: real sentences ---------------------------------------

# (source, sentence of its cleaned text, [(text, value, low, high, qualifier, unit)])
CORPUS2_SENTENCES = [
    (  # compound numbers, read whole
        "d108",
        "至今已资助困难职工子女入学2万2千余人次,资助金额达2千余万元,有效地缓解了",
        [
            ("2万2千余人次", 22_000, 22_000, 23_000, "more_than", "person_time"),
            ("2千余万元", 20_000_000, 20_000_000, 30_000_000, "more_than", "yuan"),
        ],
    ),
    (  # spaces from typography: the qualifier and classifier belong to the number
        "d016",
        "当天参加活动的凤阳企业 60 余家,提供工作岗位 2000 余个,达成就业意向210人。",
        [
            ("60 余家", 60, 60, 70, "more_than", "organisation"),
            ("2000 余个", 2000, 2000, 3000, "more_than", "item"),
            ("210人", 210, 210, 210, "exact", "person"),
        ],
    ),
    (
        "d161",
        "帮扶近2万名困难职工子女就学,支付大病医疗互助补充保障金1955 万元。",
        [
            ("近2万名", 20_000, 10_000, 20_000, "nearly", "person"),
            ("1955 万元", 19_550_000, 19_550_000, 19_550_000, "exact", "yuan"),
        ],
    ),
    (  # numbers without digits
        "d008",
        "等6家快递公司的近万名职工。",
        [
            ("6家", 6, 6, 6, "exact", "organisation"),
            ("近万名", 10_000, 9000, 10_000, "nearly", "person"),
        ],
    ),
    (
        "d015",
        "未来广东省总工会将组织千名律师进企业、基层",
        [("千名", 1000, 1000, 1000, "exact", "person")],
    ),
    (
        "d022",
        "今年将投入30万元资助百名贫困准大学生。",
        [
            ("30万元", 300_000, 300_000, 300_000, "exact", "yuan"),
            ("百名", 100, 100, 100, "exact", "person"),
        ],
    ),
    (
        "d194",
        "10年来,已覆盖女职工近万人,19名患病女职工",
        [
            ("近万人", 10_000, 9000, 10_000, "nearly", "person"),
            ("19名", 19, 19, 19, "exact", "person"),
        ],
    ),
    (
        "d142",
        "走访慰问,惠及职工超万人,切实",
        [("超万人", 10_000, 10_000, 20_000, "more_than", "person")],
    ),
    ("d088", "免费提供法律咨询服务近百宗。", [("近百宗", 100, 90, 100, "nearly", "item")]),
    (  # a ceiling is exact, never "more than"
        "d171",
        "每户平均救助2000元,最高不超过4000元,预计救助1万户",
        [
            ("2000元", 2000, 2000, 2000, "exact", "yuan"),
            ("最高不超过4000元", 4000, 4000, 4000, "exact", "yuan"),
            ("1万户", 10_000, 10_000, 10_000, "exact", "household"),
        ],
    ),
    (  # "at least" is a floor
        "d063",
        "各级工会将投入至少2600万元,向留粤过年的异地务工人员赠送18万份以上的慰问年货",
        [
            ("至少2600万元", 26_000_000, 26_000_000, 27_000_000, "more_than", "yuan"),
            ("18万份以上", 180_000, 180_000, 190_000, "more_than", "item"),
        ],
    ),
    (
        "d079",
        "培训农民工不少于15万人。",
        [("不少于15万人", 150_000, 150_000, 160_000, "more_than", "person")],
    ),
    (
        "d122",
        "每位建档困难职工的慰问金不低于1500元。",
        [("不低于1500元", 1500, 1500, 1600, "more_than", "yuan")],
    ),
    (  # 户 after 企业 counts firms; 个 + 企业; 个 before 工会…室 counts rooms
        "d121",
        "走访慰问困难企业2.77万户,走访慰问困难职工、农民工及困难劳模110.46万户。",
        [
            ("2.77万户", 27_700, 27_700, 27_700, "exact", "organisation"),
            ("110.46万户", 1_104_600, 1_104_600, 1_104_600, "exact", "household"),
        ],
    ),
    (
        "d153",
        "走访慰问困难企业3314户,走访慰问困难职工",
        [("3314户", 3314, 3314, 3314, "exact", "organisation")],
    ),
    (
        "d186",
        "2069个规模以上企业开展了岗位练兵技能比赛;",
        [("2069个", 2069, 2069, 2069, "exact", "organisation")],
    ),
    (
        "d013",
        "建设1300多个基层工会女职工休息哺乳室、发放电子阅读卡",
        [
            ("1300多个", 1300, 1300, 1400, "more_than", "facility"),
        ],
    ),
    (  # ranges: both ends, the lower one with the unit of the upper
        "d039",
        "其中,预计各级政府投入占40%-50%,工会占35%,",
        [
            ("40%", 40, 40, 40, "exact", "percent"),
            ("50%", 50, 50, 50, "exact", "percent"),
            ("35%", 35, 35, 35, "exact", "percent"),
        ],
    ),
    (
        "d134",
        "每家给予3000—8000元的经费支持。",
        [
            ("3000", 3000, 3000, 3000, "exact", "yuan"),
            ("8000元", 8000, 8000, 8000, "exact", "yuan"),
        ],
    ),
    (
        "d171",
        "每户慰问金500元至1000元,预计慰问3万户。",
        [
            ("500元", 500, 500, 500, "exact", "yuan"),
            ("1000元", 1000, 1000, 1000, "exact", "yuan"),
            ("3万户", 30_000, 30_000, 30_000, "exact", "household"),
        ],
    ),
]


def _reading(c: Candidate) -> tuple:
    return (c.text, c.value, c.value_low, c.value_high, c.qualifier, c.unit)


@pytest.mark.parametrize(("source_id", "sentence", "expected"), CORPUS2_SENTENCES)
def test_corpus2_sentences(source_id, sentence, expected):
    assert [_reading(c) for c in extract(sentence)] == expected


def test_a_ceiling_is_reported_as_such():
    [cap] = extract("最高不超过4000元,")
    assert cap.ceiling and cap.qualifier == "exact"
    assert not extract("超过4000元,")[0].ceiling
    assert texts("未超过100人") == ["100人"]  # 未超过 "did not exceed" is no "more than"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("惠及职工数千人次", []),  # d188: 数千 is too vague to code
        ("每万名职工中", []),  # the base of a rate
        ("线上万人健步走", []),  # 线上 "online" is no 上万
        ("福建省工会“两节”筹集上亿元送温暖", ["上亿元"]),  # c013
        ("开展“万名工会干部进万家”大走访", []),  # a campaign name in quotes
        ("百人以上企业", []),
        ("前十名", []),
    ],
)
def test_numbers_without_digits(sentence, expected):
    assert texts(sentence) == expected


def _corpus2_text(source_id: str) -> str:
    from unionanalysis.paths import sources_dir

    root = sources_dir()
    if root is None or not (root / "corpus2").is_dir():
        pytest.skip("raw source texts (../shared/sources) not available")
    return read_clean(root / "corpus2" / f"{source_id[1:]}.txt").text


@pytest.mark.parametrize(("source_id", "sentence", "expected"), CORPUS2_SENTENCES)
def test_corpus2_sentences_in_their_sources(source_id, sentence, expected):
    """The sentences above are verbatim in the cleaned articles, and read there the same way."""
    text = _corpus2_text(source_id)
    at = text.find(sentence)
    assert at >= 0, f"{source_id}: sentence not in the cleaned text"
    found = [_reading(c) for c in extract(text) if at <= c.start and c.end <= at + len(sentence)]
    assert found == expected
