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
    "CEILING_WORDS",
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

# Qualifier words before the number (the pattern tries the longest first, so that
# 将近 beats 近 and 不超过 beats 超过).
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
    # "at least" bounds like 以上: the figure is the floor
    "至少": "more_than",
    "不少于": "more_than",
    "不低于": "more_than",
    # 上百, 上千, 上万, 上亿 "reaching a hundred ...": only before a bare multiplier
    "上": "more_than",
    # a ceiling ("at most") is never "more than": the figure as stated, exact
    "最高不超过": "exact",
    "不超过": "exact",
    "不高于": "exact",
    "不多于": "exact",
    "最多": "exact",
    "最高": "exact",
}
# 几 only occurs as 十几 ("ten-odd"), which bounds like 十余.
INNER_QUALIFIERS = {"余": "more_than", "多": "more_than", "几": "more_than"}
POST_QUALIFIERS = {
    "以上": "more_than",
    "左右": "about",
    "上下": "about",
    "以内": "exact",
    "以下": "exact",
}
# Words that make the figure a ceiling (最高不超过4000元, 1000元以下): read as
# ``exact`` with :attr:`Quantity.ceiling` set, so that a note can say "at most".
CEILING_WORDS = frozenset(
    w for w, q in (*PREFIX_QUALIFIERS.items(), *POST_QUALIFIERS.items()) if q == "exact"
)

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
    "宗": "item",  # 近百宗 (legal consultations, cases)
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
    "宗": "教旨族亲祠",
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
PREFIX_PATTERN = "|".join(
    f"{w}(?=[百千万亿])" if w == "上" else re.escape(w)
    for w in sorted(PREFIX_QUALIFIERS, key=len, reverse=True)
)
POST_PATTERN = "|".join(sorted(POST_QUALIFIERS, key=len, reverse=True))

# The grammar of one expression; extract.py embeds the same pattern.
EXPRESSION_PATTERN = (
    rf"(?P<pre>{PREFIX_PATTERN})?"
    rf"(?:(?P<ar>{ARABIC_PATTERN})(?P<frac>/[0-9]+)?|(?P<cn>[{_CN_CHARS}]+))"
    # one space from a line wrap or typography may stand before 余/多, the
    # multiplier and the classifier (60 余家, 1955 万元, 1.5万 项): they still belong
    r"(?: ?(?P<q1>余|多|几))?"
    r"(?: ?(?P<mult>千万|百万|万亿|亿|万|千|百))?"
    # a second digit after 万/亿 (2万2千余人次 = 22,000+; 1亿2千万)
    r"(?:(?<=[万亿])(?P<ar2>[1-9])(?P<mult2>千万|百万|千|百))?"
    r"(?P<q2>余|多)?"
    # a qualifier between two multipliers (2千余万元 = 20,000,000+)
    r"(?:(?<=[百千][余多])(?P<mult3>万|亿))?"
    rf"(?: ?(?P<unit>{UNIT_PATTERN}))?"
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
    r"|哺乳室|休息室|活动室|阅览室|咨询室|小屋"
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
# before the number only posts and quotas: 项目58个 may count project sites visited
_ITEM_END = re.compile(r"(?:岗位|名额|点位)$")
# 户 counts firms, not households, after these nouns (困难企业2.77万户) as before them
_FIRM_END = re.compile(r"(?:企业|单位|公司)$")
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


def _noun_after(following: str, *, items: bool = False) -> str | None:
    """'facility', 'organisation' (or, with ``items``, 'item') from the phrase after a classifier.

    The first noun of the phrase is what is counted (``2069个规模以上企业开展了岗位
    练兵``: firms, not posts), except that an organisation directly before a
    facility only modifies it (``1300多个基层工会女职工休息哺乳室``: rooms).
    """
    phrase = _phrase(following)
    fac = FACILITY_NOUNS.search(phrase)
    org = ORGANISATION_NOUNS.search(phrase)
    item = ITEM_NOUNS.search(phrase) if items else None
    first = min((m.start() for m in (fac, org) if m), default=len(phrase))
    if item and item.start() < first:
        return "item"
    if fac and (not org or fac.start() < org.start()):
        return "facility"
    if org:
        # 工会驿站, 企业诉求中心: the organisation only modifies the facility
        if fac and not (_VERB_CHARS & set(phrase[org.end() : fac.start()])):
            return "facility"
        return "organisation"
    return None


def _noun_before(preceding: str, *, items: bool = False) -> str | None:
    """The same, from a noun that stands just before the number (驿站602个, 岗位 2000 余个)."""
    tail = _FILLER_TAIL.sub("", preceding.rstrip())
    if _FACILITY_END.search(tail):
        return "facility"
    if _ORGANISATION_END.search(tail):
        return "organisation"
    if items and _ITEM_END.search(tail):
        return "item"
    return None


def unit_for(classifier: str | None, following: str = "", preceding: str = "") -> str:
    """The codebook unit for a classifier, using the noun counted where needed.

    ``个/家/座/处`` become ``facility`` or ``organisation`` only when a noun
    after them (or, failing that, just before the number) says so; anything
    else the codebook does not name stays ``'unknown'``.
    """
    if not classifier:
        return _bare_unit(following)
    if classifier == "户":
        if ORGANISATION_NOUNS.match(following):
            return "organisation"  # 44户企业: 户 counts firms here, not households
        if _PUNCT_NEXT.match(following) and _FIRM_END.search(
            _FILLER_TAIL.sub("", preceding.rstrip())
        ):
            return "organisation"  # 走访慰问困难企业3314户: the same, noun first
    if classifier in MAPPED_UNITS:
        unit = MAPPED_UNITS[classifier]
        if unit is not None:
            return unit
        items = classifier == "个"  # 24404个岗位, 400个名额
        kind = _noun_after(following, items=items)
        if kind is None and _PUNCT_NEXT.match(following):
            # the classifier closes the phrase: the noun stands before (驿站602个,)
            kind = _noun_before(preceding, items=items)
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
    ``step`` the unit of the last significant digit used for it. ``ceiling``
    says the wording makes the figure an upper limit (不超过, 以内): the
    qualifier is then ``exact``, never ``more_than``.
    """

    value: float
    value_low: float
    value_high: float
    qualifier: str
    unit: str
    step: float
    text: str
    ceiling: bool = False


_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[ord("．")] = ord(".")


def _number(
    ar: str | None,
    frac: str | None,
    cn: str | None,
    mult: str | None,
    ar2: str | None = None,
    mult2: str | None = None,
    mult3: str | None = None,
) -> Decimal | None:
    """The value of the number parts; None when they do not make one number.

    ``ar2``/``mult2`` is the tail of a compound (``2万2千``: 20,000 + 2,000), which
    must be smaller than the unit it follows; ``mult3`` a multiplier after a
    qualified one (``2千余万``: 2 x 1,000 x 10,000).
    """
    if ar2 is not None and mult2 is not None:
        if mult is None or MULTIPLIERS[mult2] * int(ar2) >= MULTIPLIERS[mult]:
            return None  # 2万3万 is no compound
        head = _number(ar, frac, cn, mult)
        return None if head is None else head + int(ar2) * MULTIPLIERS[mult2]
    if mult3 is not None:
        head = _number(ar, frac, cn, mult)
        return None if head is None else head * MULTIPLIERS[mult3]
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
    if pre in CEILING_WORDS or post in CEILING_WORDS:
        return "exact"  # 不超过4000元, 1000元以内: a cap wins over 余/多
    if pre:
        return PREFIX_QUALIFIERS[pre]
    if q1 or q2:
        return INNER_QUALIFIERS[q1 or q2 or ""]
    if post:
        return POST_QUALIFIERS[post]
    return "exact"


# Multipliers that stand for a number on their own: 近万人, 上万, 万余名, 千名律师.
_BARE_MULTIPLIERS = ("百", "千", "万", "亿")


def _bare_multiplier(parts: dict[str, str | None]) -> dict[str, str | None]:
    """Read a lone 万/亿 as 1万/1亿 where the wording makes it a figure.

    A bare 万 or 亿 is a figure only with a qualifier word (近万人, 上万, 万余名)
    or as a headcount with 名 (万名职工); otherwise it is the multiplier of
    something else (每万元, 万元户) and no number.
    """
    cn = parts.get("cn")
    if cn not in ("万", "亿") or parts.get("mult") is not None:
        return parts
    qualified = any(parts.get(k) for k in ("pre", "q1", "q2", "post"))
    if not (qualified or parts.get("unit") == "名"):
        return parts
    return {**parts, "cn": None, "ar": "1", "mult": cn}


def quantity_from_parts(
    parts: dict[str, str | None], text: str, *, following: str = "", preceding: str = ""
) -> Quantity | None:
    """Build a :class:`Quantity` from the named groups of the expression grammar."""
    parts = _bare_multiplier(parts)
    number = _number(
        parts["ar"],
        parts["frac"],
        parts["cn"],
        parts["mult"],
        parts.get("ar2"),
        parts.get("mult2"),
        parts.get("mult3"),
    )
    if number is None:
        return None
    value = float(number)
    qualifier = _qualifier(parts["pre"], parts["q1"], parts["q2"], parts["post"])
    step = significant_step(value)
    low, high = bounds(value, qualifier, step)
    unit = unit_for(parts["unit"], following, preceding)
    ceiling = parts["pre"] in CEILING_WORDS or parts["post"] in CEILING_WORDS
    return Quantity(value, low, high, qualifier, unit, step, text, ceiling)


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
