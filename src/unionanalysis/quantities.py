"""Read one number expression as Chinese news reports it.

Chinese reports give many figures as bounds (``800余万元``, ``近12亿元``,
``约136万人次``). The codebook turns the wording into a best value and an
interval; this module is the single implementation of that rule
(:func:`bounds`), shared by the extractor, the curators' tools and the
validator, so that a figure reads the same everywhere.

Values are computed with :class:`decimal.Decimal` and converted to ``float``
at the end, so ``581.31万元`` is exactly 5,813,100 and round-trips.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .codes import QUALIFIERS
from .codes import UNITS as CODEBOOK_UNITS

__all__ = [
    "EXPRESSION_PATTERN",
    "MAPPED_UNITS",
    "PREFIX_QUALIFIERS",
    "QUALIFIERS",
    "UNITS",
    "Quantity",
    "bounds",
    "chinese_to_int",
    "parse_quantity",
    "quantity_from_parts",
    "significant_step",
    "unit_for",
]

# what the extractor may report: the codebook's units, or 'unknown' when the text names none
UNITS = (*CODEBOOK_UNITS, "unknown")

# --- wording ------------------------------------------------------------------

# Qualifier words before the number, longest first so that 将近 beats 近.
PREFIX_QUALIFIERS = {
    "将近": "nearly",
    "接近": "nearly",
    "近乎": "nearly",
    "近": "nearly",
    "大约": "about",
    "约为": "about",
    "约": "about",
    "超过": "more_than",
    "多于": "more_than",
    "超": "more_than",
    "逾": "more_than",
}
# 几 only occurs as 十几 ("ten-odd"), which bounds like 十余.
INNER_QUALIFIERS = {"余": "more_than", "多": "more_than", "几": "more_than"}
POST_QUALIFIERS = {"以上": "more_than", "左右": "about", "上下": "about"}

# Classifiers whose unit the codebook fixes; None means the noun decides.
MAPPED_UNITS: dict[str, str | None] = {
    "元": "yuan",
    "人次": "person_time",
    "人(次)": "person_time",
    "人": "person",
    "名": "person",
    "位": "person",
    "户": "household",
    "场次": "event",
    "场(次)": "event",
    "场": "event",
    "期": "event",
    "次": "event",
    "件": "item",
    "份": "item",
    "项": "item",
    "条": "item",
    "张": "item",
    "起": "item",
    "台次": "event",
    "%": "percent",
    "平方米": "square_metre",
    "平米": "square_metre",
    "㎡": "square_metre",
    "个": None,
    "家": None,
    "座": None,
    "处": None,
    "支": None,
    "路": None,
}
# Other measure words: kept in the reported text, unit stays 'unknown'.
OTHER_UNITS = (
    "平方公里",
    "公里",
    "千米",
    "公顷",
    "亩",
    "吨",
    "公斤",
    "千克",
    "美元",
    "欧元",
    "港元",
    "户次",
    "车次",
    "架次",
    "批",
    "台",
    "套",
    "所",
    "间",
    "辆",
    "床",
    "篇",
    "部",
    "种",
    "类",
    "只",
    "箱",
    "袋",
    "包",
    "本",
    "趟",
    "轮",
    "倍",
    "对",
    "岁",
)

# A classifier must not be the first character of a longer word
# (户外 "outdoor", 元旦 "New Year's Day", 期间 "period", 名额 "quota").
_UNIT_GUARDS = {
    "元": "旦宵素首件",
    "户": "外籍口型主头",
    "人": "民",
    "名": "单称义额字",
    "位": "于置",
    "期": "间限待望末",
    "家": "庭长属乡",
    "场": "所地馆景",
    "处": "理长室于",
    "座": "谈",
    "项": "目",
    "份": "额",
    "个": "体性案",
}


def _unit_pattern() -> str:
    words = sorted([*MAPPED_UNITS, *OTHER_UNITS], key=len, reverse=True)
    alts = []
    for w in words:
        guard = _UNIT_GUARDS.get(w)
        alt = re.escape(w)
        if guard:
            alt += f"(?![{guard}])"
        alts.append(alt)
    return "|".join(alts)


UNIT_PATTERN = _unit_pattern()
_CN_CHARS = "〇零一二三四五六七八九十百千万亿两"
ARABIC_PATTERN = r"[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
PREFIX_PATTERN = "|".join(PREFIX_QUALIFIERS)
POST_PATTERN = "|".join(POST_QUALIFIERS)

# The grammar of one expression; extract.py embeds the same pattern.
EXPRESSION_PATTERN = (
    rf"(?P<pre>{PREFIX_PATTERN})?"
    rf"(?:(?P<ar>{ARABIC_PATTERN})(?P<frac>/[0-9]+)?|(?P<cn>[{_CN_CHARS}]+))"
    r"(?P<q1>余|多|几)?"
    r"(?P<mult>千万|百万|万亿|亿|万|千|百)?"
    r"(?P<q2>余|多)?"
    rf"(?P<unit>{UNIT_PATTERN})?"
    rf"(?P<post>{POST_PATTERN})?"
)
_EXPRESSION = re.compile(EXPRESSION_PATTERN)

MULTIPLIERS = {
    "百": 100,
    "千": 1000,
    "万": 10**4,
    "亿": 10**8,
    "百万": 10**6,
    "千万": 10**7,
    "万亿": 10**12,
}

# Nouns after (or just before) 个/家/座/处 that say what is counted.
FACILITY_NOUNS = re.compile(
    r"驿站|站点|服务站|接力站|翼站|爱心站|之家|小家|书屋|母婴室|工作室|中心|港湾|站"
)
ORGANISATION_NOUNS = re.compile(
    r"企业|单位|公司|工会组织|工会|组织|集体|车间|班组"
    r"|服务队|分队|小组|指导组|工作组|慰问团|代表团"
)
# Nouns that fix the unit of a number with no classifier (近2亿职工, 400万温暖资金)
# or of 个 (24404个岗位, 400个名额).
PERSON_NOUNS = re.compile(r"职工|农民工|劳动者|工人|群众|学生|会员|干部|劳模")
MONEY_NOUNS = re.compile(r"资金|慰问金|救助金|助学金|经费|款")
ITEM_NOUNS = re.compile(r"岗位|名额|点位|路线|项目")
_FACILITY_END = re.compile(f"(?:{FACILITY_NOUNS.pattern})$")
_ORGANISATION_END = re.compile(f"(?:{ORGANISATION_NOUNS.pattern})$")
# Characters that end a noun phrase when the noun is looked up after the number.
_NP_BREAK = re.compile(r"[\s,.;:!?()\[\]“”‘’\"'、。，;:！？《》【】0-9及和与或等]")
_PUNCT_NEXT = re.compile(r"[\s,.;:!?)\]”’\"'、。，;:！？》】]|$")
_VERB_CHARS = set("建立设开成为在对与和及向将把被让使是有送去获发")
# Words between a noun and its number that do not change what is counted.
_FILLER_TAIL = re.compile(r"(?:[已共达有为了]|累计|达到|合计|总数|建成|建设|新建|新增|建会)+$")

# --- numbers ------------------------------------------------------------------

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_CN_ALL = set(_CN_DIGITS) | set(_CN_SMALL) | set(_CN_BIG)


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral (``两千零五十`` -> 2050), or None if not one.

    Accepts positional forms with 十百千万亿, 两 for 2, 〇/零 as zero, the
    colloquial trailing digit (``一万二`` = 12,000) and digit-by-digit strings
    (``二〇一八`` = 2018). Vague pairs such as ``两三`` ("two or three") and
    bare multipliers (``万``, ``亿万``) are not numbers and give None.
    """
    if not text or not set(text) <= _CN_ALL:
        return None
    if all(c in _CN_DIGITS for c in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if len(text) < 3 or "两" in text:
            return None  # 三四 is "three or four"; 二〇一八 is 2018
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    result = wan = section = 0
    num: int | None = None
    prev = ""  # the previous character
    last_unit = 0  # the last unit seen, for the colloquial trailing digit
    small_cap = 10**5  # small units must decrease inside a section
    for c in text:
        if c in _CN_DIGITS:
            if prev in _CN_DIGITS and prev not in "零〇":
                return None  # 两三, 七八: an estimate, not a number
            num = _CN_DIGITS[c]
        elif c in _CN_SMALL:
            unit = _CN_SMALL[c]
            if unit >= small_cap or num == 0:
                return None
            section += (1 if num is None else num) * unit
            num, small_cap, last_unit = None, unit, unit
        else:
            unit = _CN_BIG[c]
            part = section + (num or 0)
            if unit == 10**4:
                if part == 0:
                    return None
                wan += part * unit
            else:
                part += wan
                if part == 0:
                    return None
                result = (result + part) * unit
                wan = 0
            section, num, small_cap, last_unit = 0, None, 10**5, unit
        prev = c
    if num is not None and len(text) > 1 and text[-2] not in _CN_DIGITS and last_unit >= 10:
        num *= last_unit // 10  # 一百二 = 120, 三千五 = 3500
    return result + wan + section + (num or 0)


def _decimal(value: float) -> Decimal:
    """A decimal with the digits a person would write for ``value``."""
    return Decimal(format(value, ".15g"))


def significant_step(value: float) -> float:
    """One unit of the last significant digit of ``value`` (the codebook's step).

    Trailing zeros are not significant, so the step follows from the value:
    8,000,000 (``800余万``) -> 1,000,000; 1,360,000 (``136万``) -> 10,000;
    2,400 -> 100; 581.31 -> 0.01. Zero has step 1.
    """
    if not math.isfinite(value):
        raise ValueError(f"step of a non-finite value: {value!r}")
    if value == 0:
        return 1.0
    exponent = _decimal(abs(value)).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(int(exponent)))


def bounds(value: float, qualifier: str, step: float | None = None) -> tuple[float, float]:
    """``(value_low, value_high)`` for a stated value and its qualifier.

    The codebook rule: exact -> [v, v]; more_than -> [v, v + step];
    nearly -> [v - step, v]; about -> [v - step/2, v + step/2]. ``step``
    defaults to :func:`significant_step` of ``value``. A "nearly" figure with a
    single significant digit 1 (近千, 近10万) would reach down to 0; its step is a
    tenth of that (近千 -> [900, 1000]), since a writer would have said 近9百.
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {QUALIFIERS}")
    if step is None:
        step = significant_step(value)
    if qualifier == "exact":
        return value, value
    # decimal arithmetic so that 0.5 + 0.1 is 0.6, not 0.6000000000000001
    v, s = _decimal(value), _decimal(step)
    if qualifier == "more_than":
        return value, float(v + s)
    if qualifier == "nearly":
        if v - s <= 0:
            s = s / 10
        return float(v - s), value
    return float(v - s / 2), float(v + s / 2)


# --- units --------------------------------------------------------------------


def _phrase(following: str) -> str:
    """The noun phrase that follows a number, up to punctuation (12 characters at most)."""
    cut = _NP_BREAK.search(following)
    return (following[: cut.start()] if cut else following)[:12]


def _bare_unit(following: str) -> str:
    """Unit of a number without classifier, from the noun it counts (or 'unknown')."""
    phrase = _phrase(following)
    if MONEY_NOUNS.search(phrase):
        return "yuan"
    if PERSON_NOUNS.search(phrase):
        return "person"
    return "unknown"


def _noun_after(following: str) -> str | None:
    """'facility', 'organisation' or None from the noun phrase after a classifier."""
    phrase = _phrase(following)
    fac = FACILITY_NOUNS.search(phrase)
    org = ORGANISATION_NOUNS.search(phrase)
    if fac and (not org or fac.start() < org.start()):
        return "facility"
    if org:
        # 工会驿站, 企业诉求中心: the organisation only modifies the facility
        if fac and not (_VERB_CHARS & set(phrase[org.end() : fac.start()])):
            return "facility"
        return "organisation"
    return None


def _noun_before(preceding: str) -> str | None:
    """The same, from a noun that stands just before the number (驿站602个)."""
    tail = _FILLER_TAIL.sub("", preceding)
    if _FACILITY_END.search(tail):
        return "facility"
    if _ORGANISATION_END.search(tail):
        return "organisation"
    return None


def unit_for(classifier: str | None, following: str = "", preceding: str = "") -> str:
    """The codebook unit for a classifier, using the noun counted where needed.

    ``个/家/座/处`` become ``facility`` or ``organisation`` only when a noun
    after them (or, failing that, just before the number) says so; anything
    else the codebook does not name stays ``'unknown'``.
    """
    if not classifier:
        return _bare_unit(following)
    if classifier == "户" and ORGANISATION_NOUNS.match(following):
        return "organisation"  # 44户企业: 户 counts firms here, not households
    if classifier in MAPPED_UNITS:
        unit = MAPPED_UNITS[classifier]
        if unit is not None:
            return unit
        if classifier == "个" and ITEM_NOUNS.search(_phrase(following)):
            return "item"
        kind = _noun_after(following)
        if kind is None and _PUNCT_NEXT.match(following):
            # the classifier closes the phrase: the noun stands before (驿站602个,)
            kind = _noun_before(preceding)
        if kind == "organisation" and classifier in ("座", "处"):
            return "unknown"
        return kind or "unknown"
    return "unknown"


# --- expressions --------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """One number expression read with the codebook rules.

    ``value`` is in base units (yuan for money, a plain count otherwise);
    ``[value_low, value_high]`` is the interval the wording implies and
    ``step`` the unit of the last significant digit used for it.
    """

    value: float
    value_low: float
    value_high: float
    qualifier: str
    unit: str
    step: float
    text: str


_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[ord("．")] = ord(".")


def _number(ar: str | None, frac: str | None, cn: str | None, mult: str | None) -> Decimal | None:
    if ar is not None:
        try:
            number = Decimal(ar.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern allows digits only
            return None
        if frac:
            denominator = Decimal(frac[1:])
            if denominator == 0:
                return None
            number = number / denominator
    else:
        n = chinese_to_int(cn or "")
        if n is None:
            return None
        number = Decimal(n)
    if mult:
        number *= MULTIPLIERS[mult]
    return number


def _qualifier(pre: str | None, q1: str | None, q2: str | None, post: str | None) -> str:
    if pre:
        return PREFIX_QUALIFIERS[pre]
    if q1 or q2:
        return INNER_QUALIFIERS[q1 or q2 or ""]
    if post:
        return POST_QUALIFIERS[post]
    return "exact"


def quantity_from_parts(
    parts: dict[str, str | None], text: str, *, following: str = "", preceding: str = ""
) -> Quantity | None:
    """Build a :class:`Quantity` from the named groups of the expression grammar."""
    number = _number(parts["ar"], parts["frac"], parts["cn"], parts["mult"])
    if number is None:
        return None
    value = float(number)
    qualifier = _qualifier(parts["pre"], parts["q1"], parts["q2"], parts["post"])
    step = significant_step(value)
    low, high = bounds(value, qualifier, step)
    unit = unit_for(parts["unit"], following, preceding)
    return Quantity(value, low, high, qualifier, unit, step, text)


def parse_quantity(text: str, *, following: str = "", preceding: str = "") -> Quantity | None:
    """Parse one number expression; None when ``text`` is not exactly one.

    ``text`` is the expression with its qualifier words and classifier
    (``超过18万个``, ``2万余人次``, ``两千零五十``, ``１,０２９``);
    ``following`` and ``preceding`` are the text around it in the article,
    used only to tell facilities from organisations after 个/家/座/处.
    """
    folded = text.translate(_FOLD).strip()
    m = _EXPRESSION.fullmatch(folded)
    if m is None:
        return None
    parts = m.groupdict()
    if parts["q1"] == "几" and parts["cn"] != "十":
        return None  # only 十几 is a bound; 几 elsewhere is not a number
    return quantity_from_parts(parts, text, following=following, preceding=preceding)
