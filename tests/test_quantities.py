"""Tests of :mod:`unionanalysis.quantities`: numbers, qualifiers, bounds and units."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from unionanalysis.quantities import (
    QUALIFIERS,
    UNITS,
    Quantity,
    bounds,
    chinese_to_int,
    parse_quantity,
    significant_step,
    unit_for,
)

# Expressions as they stand in the cleaned sources, with the codebook reading:
# value (base units), qualifier, low, high, unit.
REAL = [
    ("581.31万元", 5_813_100, "exact", 5_813_100, 5_813_100, "yuan"),  # seed001
    ("2万余人次", 20_000, "more_than", 20_000, 30_000, "person_time"),  # seed001
    ("近12亿元", 1_200_000_000, "nearly", 1_100_000_000, 1_200_000_000, "yuan"),  # c004
    ("超过18万个", 180_000, "more_than", 180_000, 190_000, "unknown"),  # c007
    ("1300多名", 1300, "more_than", 1300, 1400, "person"),  # c028
    ("800余万元", 8_000_000, "more_than", 8_000_000, 9_000_000, "yuan"),  # c015
    ("230多万人次", 2_300_000, "more_than", 2_300_000, 2_400_000, "person_time"),  # c007
    ("约136万人次", 1_360_000, "about", 1_355_000, 1_365_000, "person_time"),  # c035
    ("2.4万人次", 24_000, "exact", 24_000, 24_000, "person_time"),  # seed001
    ("两万多元", 20_000, "more_than", 20_000, 30_000, "yuan"),  # seed004
    ("二十余万元", 200_000, "more_than", 200_000, 300_000, "yuan"),  # c032
    ("十几家", 10, "more_than", 10, 20, "unknown"),  # c033
    ("逾千万次", 10_000_000, "more_than", 10_000_000, 20_000_000, "event"),  # c001
    ("逾百万人次", 1_000_000, "more_than", 1_000_000, 2_000_000, "person_time"),  # c014
    ("逾十万个", 100_000, "more_than", 100_000, 200_000, "unknown"),  # c042
    ("1000万人次以上", 10_000_000, "more_than", 10_000_000, 20_000_000, "person_time"),  # c001
    ("1000人左右", 1000, "about", 500, 1500, "person"),  # c027
    ("约900平方米", 900, "about", 850, 950, "square_metre"),  # c027
    ("90%以上", 90, "more_than", 90, 100, "percent"),  # seed004
    ("13086.574万元", 130_865_740, "exact", 130_865_740, 130_865_740, "yuan"),  # c011
    ("15.3045万人", 153_045, "exact", 153_045, 153_045, "person"),  # c011
    ("近6万场(次)", 60_000, "nearly", 50_000, 60_000, "event"),  # c008
    ("56万多人(次)", 560_000, "more_than", 560_000, 570_000, "person_time"),  # c030
    ("3万余户", 30_000, "more_than", 30_000, 40_000, "household"),  # c031
    ("1500余场次", 1500, "more_than", 1500, 1600, "event"),  # seed001
    ("35万余份", 350_000, "more_than", 350_000, 360_000, "item"),  # seed001
    ("3000多件", 3000, "more_than", 3000, 4000, "item"),  # seed004
    ("10项", 10, "exact", 10, 10, "item"),  # c017
    ("两户", 2, "exact", 2, 2, "household"),  # c026
    ("三名", 3, "exact", 3, 3, "person"),  # c032
    ("9.38亿", 938_000_000, "exact", 938_000_000, 938_000_000, "unknown"),  # c003
    ("超1亿人", 100_000_000, "more_than", 100_000_000, 200_000_000, "person"),  # c006
    ("近6500名", 6500, "nearly", 6400, 6500, "person"),  # c013
    ("近千名", 1000, "nearly", 900, 1000, "person"),  # d091: a lone leading 1 steps by a tenth
    ("近10万元", 100_000, "nearly", 90_000, 100_000, "yuan"),  # d066
    # compound numbers read whole: the step is the last digit written (千)
    ("2万2千余人次", 22_000, "more_than", 22_000, 23_000, "person_time"),  # d108
    ("2千余万元", 20_000_000, "more_than", 20_000_000, 30_000_000, "yuan"),  # d108
    # a space from a line wrap or typography inside the expression
    ("60 余家", 60, "more_than", 60, 70, "unknown"),  # d016
    ("2000 余个", 2000, "more_than", 2000, 3000, "unknown"),  # d016
    ("1955 万元", 19_550_000, "exact", 19_550_000, 19_550_000, "yuan"),  # d161
    ("1.5万 项", 15_000, "exact", 15_000, 15_000, "item"),  # d161
    # numbers written without digits
    ("近万名", 10_000, "nearly", 9000, 10_000, "person"),  # d008
    ("千名", 1000, "exact", 1000, 1000, "person"),  # d015
    ("百名", 100, "exact", 100, 100, "person"),  # d022
    ("近万人", 10_000, "nearly", 9000, 10_000, "person"),  # d194
    ("超万人", 10_000, "more_than", 10_000, 20_000, "person"),  # d142
    ("上亿元", 100_000_000, "more_than", 100_000_000, 200_000_000, "yuan"),  # c013
    ("近百宗", 100, "nearly", 90, 100, "item"),  # d088: 宗 counts cases
    # "at least" is a floor, like 以上
    ("至少2600万元", 26_000_000, "more_than", 26_000_000, 27_000_000, "yuan"),  # d063
    ("不少于15万人", 150_000, "more_than", 150_000, 160_000, "person"),  # d079
    ("不低于100元", 100, "more_than", 100, 200, "yuan"),  # d096
    ("不低于2000人", 2000, "more_than", 2000, 3000, "person"),  # d111
]


@pytest.mark.parametrize(("text", "value", "qualifier", "low", "high", "unit"), REAL)
def test_real_expressions(text, value, qualifier, low, high, unit):
    q = parse_quantity(text)
    assert q == Quantity(value, low, high, qualifier, unit, q.step, text)
    assert isinstance(q.value, float)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3.2亿余元", 320_000_000),
        ("5千余元", 5000),
        ("1,029", 1029),
        ("１，０２９家", 1029),
        ("５８１．３１万元", 5_813_100),
        ("100%", 100),
        ("两千零五十", 2050),
        ("一百二十三", 123),
        ("十余个", 10),
        ("一万二", 12_000),
        ("一亿二千万", 120_000_000),
        ("1.2万亿元", 1_200_000_000_000),
    ],
)
def test_number_forms(text, value):
    assert parse_quantity(text).value == value


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("余100人", None),
        ("100余人", "more_than"),
        ("100多人", "more_than"),
        ("逾100人", "more_than"),
        ("超100人", "more_than"),
        ("超过100人", "more_than"),
        ("100人以上", "more_than"),
        ("多于100人", "more_than"),
        ("近100人", "nearly"),
        ("将近100人", "nearly"),
        ("接近100人", "nearly"),
        ("近乎100人", "nearly"),
        ("约100人", "about"),
        ("大约100人", "about"),
        ("约为100人", "about"),
        ("100人左右", "about"),
        ("100人上下", "about"),
        ("100人", "exact"),
    ],
)
def test_qualifier_words(text, qualifier):
    q = parse_quantity(text)
    assert (q and q.qualifier) == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "",
        "工会",
        "近日",
        "万元",
        "亿万",
        "三四个",
        "两三名",
        "几十人",
        "2018-07-30",
        "12 3",
        "12  3人",  # one space only
        "数千人次",  # d188: "several thousand" has no value to code
        "万人",  # 每万人: a bare 万 without a qualifier or 名 is a multiplier
        "2千3万人",  # no compound: the tail must be smaller than its head
    ],
)
def test_not_one_expression(text):
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("最高不超过4000元", 4000),  # d171: a cap per household
        ("不超过4000元", 4000),
        ("不高于100元", 100),
        ("不多于3次", 3),
        ("最多3次", 3),
        ("最高2000元", 2000),  # d013
        ("1000元以下", 1000),
        ("500人以内", 500),
        ("15人以下", 15),  # d083
        ("不超过100余人", 100),  # the cap wins over 余
    ],
)
def test_a_ceiling_is_exact_never_more_than(text, value):
    q = parse_quantity(text)
    assert (q.value, q.qualifier, q.value_low, q.value_high, q.ceiling) == (
        value,
        "exact",
        value,
        value,
        True,
    )


def test_more_than_and_plain_figures_are_no_ceiling():
    assert parse_quantity("超过4000元").ceiling is False
    assert parse_quantity("超过4000元").qualifier == "more_than"
    assert parse_quantity("4000元").ceiling is False


def test_compound_numbers():
    assert parse_quantity("1亿2千万元").value == 120_000_000
    assert parse_quantity("3万5千人").value == 35_000
    assert parse_quantity("3万5千人").step == 1000
    assert parse_quantity("3百多万").value_high == 4_000_000  # step 100 x 万


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("两千零五十", 2050),
        ("三千五", 3500),
        ("十万", 100_000),
        ("千万", 10_000_000),
        ("二〇一八", 2018),
        ("零", 0),
    ],
)
def test_chinese_numerals(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "万", "亿万", "两三", "七八", "十百", "二〇", "工"])
def test_not_chinese_numerals(text):
    assert chinese_to_int(text) is None


@pytest.mark.parametrize(
    ("value", "step"),
    [
        (8_000_000, 1_000_000),  # 800余万
        (20_000, 10_000),  # 2万
        (24_000, 1000),  # 2.4万
        (1300, 100),  # 1300多
        (180_000, 10_000),  # 18万
        (2_300_000, 100_000),  # 230多万
        (1_200_000_000, 100_000_000),  # 12亿
        (5_813_100, 100),  # 581.31万
        (22.8, 0.1),
        (0, 1),
    ],
)
def test_significant_step_of_the_codebook(value, step):
    assert significant_step(value) == step


def test_bounds_rule_of_the_codebook():
    assert bounds(8_000_000, "more_than") == (8_000_000, 9_000_000)
    assert bounds(1_200_000_000, "nearly") == (1_100_000_000, 1_200_000_000)
    assert bounds(180_000, "more_than") == (180_000, 190_000)
    assert bounds(1_360_000, "about") == (1_355_000, 1_365_000)
    assert bounds(1_360_000, "exact") == (1_360_000, 1_360_000)
    assert bounds(0.5, "more_than") == (0.5, 0.6)  # decimal arithmetic, not 0.6000000000000001
    assert bounds(1300, "more_than", step=10) == (1300, 1310)


def test_bounds_rejects_unknown_qualifier():
    with pytest.raises(ValueError, match="unknown qualifier 'roughly'"):
        bounds(100, "roughly")


def test_step_of_infinity_is_an_error():
    with pytest.raises(ValueError, match="non-finite"):
        significant_step(math.inf)


@pytest.mark.parametrize(
    ("classifier", "following", "preceding", "unit"),
    [
        ("个", "工会驿站被确认为", "", "facility"),  # c006 2000个工会驿站
        ("家", "户外劳动者驿站正式投入使用", "", "facility"),  # c021
        ("个", "爱心驿站,为广大", "", "facility"),
        ("家", "企业送去25万元", "", "organisation"),  # c016 13家企业
        ("个", "单位47个", "", "organisation"),  # c023
        ("家", "企业诉求中心", "", "facility"),  # the company only modifies the centre
        ("家", "企业建立工作室", "", "organisation"),  # a verb separates the nouns
        ("个", ",其中209个", "全市已建成驿站", "facility"),  # codebook: 驿站602个
        ("家", ",2023年服务职工", "工会户外劳动者服务站点", "facility"),  # c035 602家
        ("家", "、困难职工7802人次", "走访企业", "organisation"),  # seed004 382家
        ("个", "、会员32.15万人", "全市共有工会组织", "organisation"),  # seed001 3636个
        ("个", "岗位,达成就业", "提供", "item"),  # seed001 24404个岗位
        ("个", "帮你办", "工会", "unknown"),  # the noun before counts only at a phrase end
        ("个", "地市及各级产业工会", "", "unknown"),  # c011: 及 ends the phrase
        ("座", "企业", "", "unknown"),
        ("户", "企业", "", "organisation"),  # c030 44户企业
        ("户", ",走访慰问", "走访慰问困难企业", "organisation"),  # d153 困难企业3314户
        ("户", ",走访慰问", "困难职工", "household"),
        ("户", "困难职工", "", "household"),
        ("个", "规模以上企业开展了岗位练兵", "", "organisation"),  # d186: the first noun
        ("个", "基层工会女职工休息哺乳室、", "", "facility"),  # d013: 工会 modifies the room
        ("个", "基层工会,", "", "organisation"),  # 个 + 工会 alone
        ("个", ",达成就业意向", "提供工作岗位 ", "item"),  # d016 岗位 2000 余个
        ("家", ",提供工作岗位", "凤阳企业 ", "organisation"),  # d016 企业 60 余家
        ("宗", "", "", "item"),
        ("人次", "", "", "person_time"),
        ("名", "", "", "person"),
        ("张", "", "", "item"),
        ("台", "", "", "unknown"),
        (None, "职工", "", "person"),  # c007 近2亿职工群众
        (None, "温暖资金购买", "", "yuan"),  # c031 400万温暖资金
        (None, "年", "", "unknown"),
    ],
)
def test_units_from_classifier_and_noun(classifier, following, preceding, unit):
    assert unit_for(classifier, following, preceding) == unit


def test_parse_quantity_uses_the_noun_around_it():
    assert parse_quantity("602个", preceding="全市已建成驿站").unit == "facility"
    assert parse_quantity("602个").unit == "unknown"
    assert parse_quantity("13家", following="企业送去").unit == "organisation"


def test_quantity_is_frozen():
    q = parse_quantity("15万个")
    with pytest.raises(AttributeError):
        q.value = 1  # type: ignore[misc]


# --- properties -------------------------------------------------------------------

_FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_MULTIPLIERS = {"": 1, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


@st.composite
def formatted_numbers(draw) -> tuple[str, Decimal]:
    whole = draw(st.integers(min_value=0, max_value=10**9))
    places = draw(st.integers(min_value=0, max_value=4))
    if places:
        fraction = draw(st.integers(min_value=0, max_value=10**places - 1))
        digits = f"{whole}.{fraction:0{places}d}"
    else:
        digits = f"{whole:,}" if draw(st.booleans()) else str(whole)
    mult = draw(st.sampled_from(sorted(_MULTIPLIERS)))
    unit = draw(st.sampled_from(["", "元", "人", "人次", "个", "户", "项", "%", "名"]))
    return digits + mult + unit, Decimal(digits.replace(",", "")) * _MULTIPLIERS[mult]


@given(formatted_numbers(), st.booleans())
def test_formatted_numbers_round_trip(case, full_width):
    text, expected = case
    if full_width:
        text = text.translate(_FULL_WIDTH)
    q = parse_quantity(text)
    assert q is not None, text
    assert q.value == float(expected)
    assert q.qualifier == "exact"
    assert q.value_low == q.value_high == q.value
    assert q.unit in UNITS


@given(formatted_numbers(), st.sampled_from(QUALIFIERS))
def test_bounds_contain_the_value_and_span_one_step(case, qualifier):
    _, number = case
    value = float(number)
    assume(0 < value < 1e15)  # beyond, floats no longer hold every digit
    low, high = bounds(value, qualifier)
    assert low <= value <= high
    width = 0 if qualifier == "exact" else significant_step(value)
    if qualifier == "nearly" and width >= value:  # 近千: a lone leading 1 steps by a tenth
        width = Decimal(repr(width)) / 10
    # compare the numbers as written, not their binary float difference
    assert Decimal(repr(high)) - Decimal(repr(low)) == Decimal(str(width))


@given(formatted_numbers())
def test_step_is_the_last_significant_digit(case):
    _, number = case
    assume(0 < number < 10**15)
    step = Decimal(repr(significant_step(float(number))))
    ratio = Decimal(format(float(number), ".15g")) / step
    assert ratio == ratio.to_integral_value()  # the value is a whole number of steps
    assert ratio % 10 != 0  # and the last step digit is not a trailing zero


@given(st.text(max_size=30))
def test_parse_quantity_never_crashes(text):
    q = parse_quantity(text)
    if q is not None:
        assert q.value_low <= q.value <= q.value_high
        assert q.qualifier in QUALIFIERS and q.unit in UNITS
