"""Measure and indicator of a figure, from its unit and the words around it.

Rules are tried in order; the first that matches names the indicator and
the words it saw, e.g. ``indicator=funds_disbursed: 发放…慰问金``. Suffixes
follow the codebook: a plan (计划, 将, 力争, 努力, 目标, 预计, 拟, 到…年底) gives
``_target``, a part of a total (其中, 包括) ``_subset``, a rate per day (日均,
每天, 日服务) ``_daily``, where the schema allows the combination. The measure
follows from the indicator (``other`` is ``people`` for people, else ``other``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .context import Context

__all__ = ["MEASURE_OF", "IndicatorGuess", "indicator_for"]

MEASURE_OF = {
    "stations_total": "stations",
    "stations_built": "stations",
    "stations_target": "stations",
    "stations_awarded": "stations",
    "stations_open": "stations",
    "stations_subset": "stations",
    "facilities_total": "stations",
    "facilities_built": "stations",
    "people_aided": "people",
    "people_consoled": "people",
    "people_served": "people",
    "people_covered": "people",
    "students_aided": "people",
    "workers_cooled": "people",
    "workers_employed": "people",
    "people_trained": "people",
    "cadres_deployed": "people",
    "workers_protected": "people",
    "people_recuperated": "people",
    "people_participated": "people",
    "funds_disbursed": "funds",
    "funds_raised": "funds",
    "funds_invested": "funds",
    "funds_target": "funds",
    "funds_recovered": "funds",
    "grant_per_recipient": "funds",
    "events_held": "events",
    "cases_handled": "events",
    "organisations_covered": "organisations",
    "unions_founded": "organisations",
    "unions_total": "organisations",
    "members_recruited": "members",
    "members_total": "members",
    "members_insured": "members",
    "area_square_metre": "other",
    "share_percent": "other",
    "items_distributed": "other",
    "contracts_signed": "other",
    "jobs_offered": "other",
    "people_awarded": "people",
    "volunteers_enlisted": "people",
    "households_registered": "people",
    "organisations_awarded": "organisations",
    "teams_formed": "organisations",
    "facilities_awarded": "stations",
}
_MEASURE_OF_OTHER = {"person": "people", "person_time": "people", "organisation": "organisations"}
_MEASURE_OF_UNIT = {
    "yuan": "funds",
    "person": "people",
    "person_time": "people",
    "household": "people",
    "facility": "stations",
    "organisation": "organisations",
    "event": "events",
}

TARGET = re.compile(
    r"计划|力争|努力(?!下)|目标|预计|拟|将要|将(?![^,，。]{0,4}的)"
    r"|争取(?![到了]|[省市县区上中国各社])|提出要"
    r"|到20[0-9]{2}年底|要达到|确保|有望|设想"
)
SUBSET = re.compile(r"其中|包括")
# classifiers of a count in each unit, to find a total a part can belong to
_CLASSIFIERS = {
    "person": "人名位次户",
    "person_time": "人名位次户",
    "household": "人名位次户",
    "yuan": "元",
    "facility": "个家座处所间",
    "organisation": "个家支",
    "event": "场次件起期项",
    "item": "个份件项本张册",
}
_NUMERAL = r"[0-9０-９.一二两三四五六七八九十百千万亿余多]+"
# the parts listed before a total that sums them (发放慰问金22.68万元,…,合计27.22万元)
SUM_AFTER = re.compile(r"\s*(?:合计|共计|总计|共)[^0-9]{0,8}[0-9]")
DAILY = re.compile(r"日均|每天|每日|日服务|日搜索")
PER_HEAD = re.compile(
    r"每人|每户|每名|每生|每位|每家|人均|户均|每个家庭|标准|不低于|至少|分别(?:领取|获得|发放)|各配置|一次性"
)
# the value of one pack or grant, named right after a sum below 10,000 yuan
# (价值700余元的年货大礼包, 100元现金红包), or a sum one may receive
# (可得到1万元赔付款); not a total (共计)
GIFT_VALUE = re.compile(r"^的?(?:.{0,6}(?:礼包|慰问品|红包|购物券|生活补助|补贴))")
_GIFT_BEFORE = re.compile(r"(?:可|就可|即可)(?:得到|获得|领取)$")
_PAYOUT = re.compile(r"^(?:赔付|理赔|的?一次性)")
_TEN_THOUSANDS = re.compile(r"[万亿]")
_TOTAL = re.compile(r"共计|合计|总计|总额|累计|共")

# (indicator, pattern) per unit family, in order; the pattern is searched in
# the clause up to the number and, failing that, the clause after it.
_FACILITY = (
    (
        "stations_awarded",
        r"最美|命名|评为|评选|确认为|授予|示范|星级|表彰|创建.{0,6}(?:全国|省级|市级)"
        r"|(?:全国|省级|市级)(?:职工书屋|优秀|模范|标准化)",
    ),
    ("stations_open", r"不打烊|开放|开门|营业"),
    (
        "facilities_built",
        r"(?:新建|建成|建设|新增|打造)(?:了)?.{0,8}(?:书屋|母婴室|妈[咪妈]小屋|职工之家|心理咨询室)",
    ),
    ("facilities_total", r"书屋|母婴室|妈[咪妈]小屋|职工之家|心理咨询室"),
    ("stations_total", r"累计|共有|已建成|已建|现有|总数|达到|全市共|全省共|全国共"),
    ("stations_built", r"新建|新增|今年.{0,6}建|建立|建设|挂牌成立|建成.{0,4}投用"),
    ("stations_total", r"建成|全市|全国|全省|覆盖|打造"),
)
_FUNDS = (
    ("funds_recovered", r"追回|追讨|挽回|欠薪|讨薪|清欠"),
    # 筹集的…资金 (the money raised) names money handed on, not the raising
    # 申请了/申请到 (applied for, to a higher body) asks for money as 争取 does;
    # the noun of 提出救助申请 asks for aid, not money
    (
        "funds_raised",
        r"筹集(?!的)|筹措(?!的)|募集|捐赠|捐款|捐资|参保金额|收取|争取|申请(?:了|到|下)",
    ),
    (
        "funds_invested",
        r"(?:投入|投资|建设).{0,12}(?:驿站|站点|服务站|阵地|建设)|(?:驿站|站点).{0,12}投入|建设(?:资金|经费)",
    ),
    (
        "funds_disbursed",
        r"发放|慰问金|救助|资助|帮扶|投入|拨付|安排|支出|补助|助学|送去|送上|价值|理赔|奖励|列支|用于",
    ),
)
_PEOPLE = (
    (
        "people_awarded",
        r"荣获|获评|获得.{0,8}称号|被评为|评为|表彰|授予|命名|评选|选树|荣誉|称号|奖章|劳动奖"
        # models who emerged (涌出各类典型和先进模范人物30余名) are the ones commended
        r"|涌(?:现|出)[^,，。;；]{0,12}(?:先进|典型|模范|标兵)",
    ),
    ("members_recruited", r"入会|加入工会(?!组织的|的)|新?发展.{0,8}会员|新会员|吸纳|净增"),
    ("volunteers_enlisted", r"组建|聘请|志愿者|律师|吸收|专家"),
    ("students_aided", r"金秋助学|助学|学生|子女|学子|大学生|新生|求学"),
    ("workers_cooled", r"清凉|高温|降温|防暑|避暑"),
    ("people_recuperated", r"疗休养|疗养|休养"),
    ("members_insured", r"参保|入保|互助保障|互助保险|投保"),
    ("members_total", r"会员"),
    (
        "cadres_deployed",
        r"干部.{0,10}(?:深入|下沉|走访|走出|奔赴|分赴|包联)|(?:组织|选派|抽调).{0,6}干部",
    ),
    ("people_trained", r"培训|培养|学员|面授"),
    # 新就业形态劳动者 (platform workers), 灵活就业人员 (flexibly employed) name who
    # they are, not a job found
    ("workers_employed", r"(?<![新活])就业(?!形态)|上岗|务工|意向"),
    ("people_participated", r"参赛|参与|参加|参训|观看|报名"),
    ("workers_protected", r"维权|欠薪|讨薪|劳动争议|法律援助"),
    # a service sent (送去免费健康体检) is a service
    ("people_consoled", r"慰问|看望|走访|送(?:去|上)(?![^,，。]{0,4}(?:体检|义诊|服务))|礼包"),
    ("people_aided", r"帮扶|救助|资助|解困|脱困|帮助|补助|补贴|帮困|理赔|领到|受益"),
    # 惠及 (benefits) names no deed of its own: the deed of the sentence or the
    # programme decides (此次慰问活动惠及…123人 are consoled)
    ("people_covered", r"覆盖|涵盖|辐射"),
    ("people_served", r"服务|接待|受益|咨询|体检|提供"),
)
_ORGANISATIONS = (
    (
        "organisations_awarded",
        r"被评为|评为|获得.{0,10}称号|称号|工人先锋号|先进集体|授予|表彰|命名|奖状|荣获",
    ),
    (
        "unions_founded",
        r"(?:新建|建立|成立|组建|新增|共建)(?:了)?.{0,10}工会|建会|工会(?:组织)?(?:净增|新增)",
    ),
    ("unions_total", r"共有.{0,8}工会|工会组织(?!了)|^基层工会"),
    ("organisations_covered", r"企业|单位|公司|工地|车间|班组|家"),
)
_EVENTS = (
    ("cases_handled", r"案件|纠纷|争议|诉求|咨询|调解|事故|维权|来信|来访|来电|信访"),
    ("events_held", r"."),
)
_ITEMS = (
    # 岗位 names this number's count right before it (提供就业岗位2800多个) or right
    # after it (748个岗位), not as another number's noun (789个岗位3155个用工需求)
    ("jobs_offered", r"(?<![0-9０-９个])岗位\s*$|^(?:就业|工作|招聘|用工)?岗位"),
    ("events_held", r"(?:竞赛|比赛)$"),  # 开展全国引领性劳动和技能竞赛8项
    ("contracts_signed", r"签订|签署|合同(?!法)|协议"),
    (
        "items_distributed",
        r"发放|赠送|送去|送上|送出|送到|派送|派发|分发|印发|宣传资料|物资|份|礼包|慰问品|配置|购置|添",
    ),
    ("cases_handled", r"案件|纠纷|争议|诉求|咨询|调解|事故|维权|问题"),
)
RULES = {
    "facility": _FACILITY,
    "yuan": _FUNDS,
    "person": _PEOPLE,
    "person_time": _PEOPLE,
    "household": _PEOPLE,
    "organisation": _ORGANISATIONS,
    "event": _EVENTS,
    "item": _ITEMS,
}
_COMPILED = {
    unit: tuple((name, re.compile(p)) for name, p in rules) for unit, rules in RULES.items()
}
_DEFAULT = {
    "facility": "stations_total",
    "yuan": "funds_disbursed",
    "person": "people_served",
    "person_time": "people_served",
    "household": "people_aided",
    "organisation": "other",
    "event": "events_held",
    "item": "other",
}


@dataclass(frozen=True)
class IndicatorGuess:
    measure: str
    indicator: str
    why: str
    confidence: float


@lru_cache(maxsize=1)
def allowed_indicators() -> frozenset[str]:
    """The indicator codes ``data/datapackage.json`` allows."""
    from ..paths import data_dir
    from ..schema import read_package

    try:
        return frozenset(read_package(data_dir())["metrics"].field("indicator").enum)
    except (FileNotFoundError, KeyError, TypeError):
        return frozenset(MEASURE_OF) | {"other"}


def _show(text: str, m: re.Match[str]) -> str:
    return m.group(0)


def _suffixed(base: str, suffix: str) -> str | None:
    """The family's suffixed code where there is one (``funds_target``), else base + suffix."""
    # named stations keep their own code: a plan to name them is not a plan to build
    own_first = base.endswith("_awarded")
    names = (f"{base.split('_')[0]}{suffix}", f"{base}{suffix}")
    for name in names[::-1] if own_first else names:
        if name in allowed_indicators():
            return name
    return None


# teams and delegations a union sends out or sets up, named right after the
# number (组成4个慰问组) or right before it (组建工会工作指导组72个), or counted
# with 支 or 路 (7支…服务队, 19路慰问团)
_TEAM = r"慰问(?:小)?[组团]|服务(?:分)?队|小分队|分队|指导组|工作组|检查(?:小)?组"
TEAM_AFTER = re.compile(rf"^(?:{_TEAM}|.{{0,12}}组成的)")
TEAM_BEFORE = re.compile(rf"(?:{_TEAM})$")
# goods counted by weight (白糖1万余斤) have no indicator
WEIGHT = re.compile(r"^(?:公斤|千克|斤|吨)")
_TEAM_WORD = re.compile(r"[支路]$")

# union facilities that are not service stations, named next to the number
# (带动基层工会建成“图书角”50余个, 【6家】新设立的妈妈小屋): the station rules say
# stock, new or awarded, the noun says facilities
FACILITY_NOUN = re.compile(r"书屋|母婴室|妈[咪妈]小屋|职工之家|心理咨询室|图书角|阵地|工作室")
# service stations of another network, named in the sentence up to the number
# (推动建设114家和谐劳动关系综合服务站,培育全国示范站点1个): facilities, not union stations
OTHER_STATION = re.compile(r"和谐劳动关系[^,，。;；、]{0,6}服务站")
_AS_FACILITY = {
    "stations_total": "facilities_total",
    "stations_built": "facilities_built",
    "stations_awarded": "facilities_awarded",
}
_NEW_FACILITY = re.compile(r"新设立|新建|新增")
_BUILD_NEW = re.compile(r"新建|新增|建设|建成|打造")

# stations with a feature, a part of all stations though no 其中 says so: the
# stations are the subject of what they offer (2万多个驿站赋能法律服务) or a kind
# of station is counted (建成智能化驿站1.18万个, 24小时驿站1.21万个)
STATION_PART = re.compile(r"^(?:驿站|站点)(?:实现|赋能|安装|可|配备|对接|设置|具备|累计汇集|汇集)")
STATION_KIND = re.compile(r"(?:智能化|智慧|24小时|全周期)[^,，、]{0,6}驿站$")
STATION_KIND_AFTER = re.compile(r"^(?:智能化|智慧|24小时|全周期)[^,，、]{0,6}驿站")

# a visit joined to aid (慰问并帮扶379户, 救助和慰问患病职工), or aid money sent
# (送去医疗救助金): the aid is the deed counted
AID_WITH_VISIT = re.compile(
    r"(?:慰问|看望|走访)(?:并|和|及|、)(?:帮扶|救助)|(?:帮扶|救助)(?:并|和|及|、)(?:慰问|看望)"
    r"|送(?:去|上|出)[^,，。;；]{0,6}(?:救助|帮扶|帮困)"
)

# donors and applicants, the subject of the number's verb (已有43家劳模单位和527位劳模个人
# 为“金秋助学”活动捐助了资金, 共180人提出救助申请): the codebook has no indicator for them
DONOR_AFTER = re.compile(r"^[^,，。;；]{0,24}?(?:捐助|捐赠|捐款|捐资|提出[^,，。;；]{0,4}申请)")
_NOT_DONOR_BEFORE = re.compile(r"[为向对给]$")

# a share the sentence names as its aim after the number (达到100%的目标)
_AIM = re.compile(r"^的?目标")
# hardship workers on the union register, counted as a stock (共有在档困难职工3512户,
# 全市有12.5万名建档困难职工), not those a campaign reached (对在档的541名困难职工发放)
REGISTER_BEFORE = re.compile(r"(?:在档|建档|建立档案的)的?困难职工(?:家庭)?$")
REGISTER_AFTER = re.compile(r"^(?:在档|建档)的?困难职工")
_REGISTER_ACT = re.compile(r"对|为|向|发放|慰问|帮扶|救助|走访|看望")

_HANDED_OUT = re.compile(r"发放|拨付|支出|送去|送上|送出|用于|救助|资助")
_INVESTED = re.compile(r"驿站|服务站点|站点|服务站|书屋|母婴室|妈[咪妈]小屋|职工之家")

# people counted by a programme whose family says who they are
_PROGRAMME_PEOPLE = {"golden_autumn": "students_aided", "summer_cooling": "workers_cooled"}
# clause words the programme overrides (generic ones, and 慰问 for 送清凉, whose visits
# are the cooling itself); 慰问, 帮扶 of workers stay in a 金秋助学 article
_PROGRAMME_YIELDS = {None, "people_served", "people_covered", "people_aided", "students_aided"}
_NOT_STUDENTS = re.compile(r"困难(?:女)?职工(?!子女|家庭子女)|农民工(?!子女)|劳模|一线职工|女职工")


# 将 that marks the object of a verb (the ba construction: 将大礼包送到…手中,
# 将标准从700元提高到900元, 将活动延伸至海外), or 即将 of the weather, is no plan
_BA_VERB = re.compile(r"送到|送至|延伸至|延伸到|提高到|提高至|降温|作为|视为|列为|纳入")
_NOT_PLAN_BEFORE = re.compile(r"[即首次已]$")


def _subset_word(unit: str, sentence_before: str) -> re.Match[str] | None:
    """其中/包括 naming the number a part of a total.

    The word must not follow a clause that counts in another unit when the sentence
    has no count in this one (共举办培训班492期,其中培训农民工学员6913人次 states no
    total of trainees); a 包括 with no count before it
    lists what was done (…系列活动,包括开展…活动25场次), and a 包括 inside its clause
    closed by 等 or 在内 before the number (涵盖了包括中国邮政、顺丰…等6家) counts the whole.
    """
    found = list(SUBSET.finditer(sentence_before))
    if not found:
        return None
    m = found[-1]
    rest, where = sentence_before[m.end() :], sentence_before[: m.start()]
    if m.group(0) == "包括" and re.search(r"等|在内", rest) and where[-1:] not in "，,、:：(（":
        return None
    if not where.strip(" ,，:：(（"):
        return m  # opens the sentence: a part of the total the text gave before
    if m.group(0) == "包括" and not re.search(_NUMERAL, where):
        return None
    # the clause just before the word: a count there in another unit is no total of this one
    clause = re.split(r"[,，、:：]", where.rstrip(" ,，:：(（"))[-1]
    numbers = re.findall(rf"{_NUMERAL}(?:万|亿)?(.)", clause)
    classifiers = _CLASSIFIERS.get(unit)
    if numbers and classifiers and not any(c in classifiers for c in numbers):
        if not re.search(rf"{_NUMERAL}(?:万|亿)?[{classifiers}]", where):
            return None
    return m


# 其中: opening a list whose items end at ； (其中:…子女72名;农民工困难家庭子女29名)
LIST_PARTS = re.compile(r"其中[:：][^。!?！？\n]*$")


def _list_part(ctx: Context) -> re.Match[str] | None:
    """其中: earlier in the full sentence (up to 。), whose list items end at ；."""
    start = max(ctx.text.rfind(c, 0, ctx.sentence_start) for c in "。!?！？\n") + 1
    return LIST_PARTS.search(ctx.text, start, ctx.sentence_start)


def _sum_after(unit: str, sentence_after: str) -> re.Match[str] | None:
    """A total after the number that sums it with the counts listed between them.

    (发放慰问金22.68万元,发放慰问品价值约4.61万元,合计27.22万元): every clause
    between the number and the 合计/共计/共 counts in the number's unit.
    """
    classifiers = _CLASSIFIERS.get(unit)
    if not classifiers:
        return None
    count = re.compile(rf"{_NUMERAL}(?:万|亿)?[{classifiers}]")
    for clause in re.split(r"[,，、;；]", sentence_after)[1:]:
        if (m := SUM_AFTER.match(clause)) and count.search(clause):
            return m
        if not count.search(clause):
            return None
    return None


def plan_word(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first plan word (计划, 将, 预计, …) in ``text[start:end]`` that marks a plan."""
    for m in TARGET.finditer(text, start, end):
        if text.count("《", start, m.start()) > text.count("》", start, m.start()):
            continue  # a word of a document's title (《…三年行动计划》) names no plan
        if m.group(0) == "将":
            clause_end = next(
                (i for i in range(m.end(), len(text)) if text[i] in "，,。;；!?！？\n"), len(text)
            )
            if _NOT_PLAN_BEFORE.search(text, start, m.start()) or _BA_VERB.search(
                text, m.end(), clause_end
            ):
                continue
        return m
    return None


# codes a noun names (会员), which a verb shared by a list overrides
_NOUN_CODES = frozenset({"members_total"})


def _list_head(ctx: Context) -> str:
    """The text from the opening of a 、 list to the clause of its item at ``ctx``."""
    if ctx.text[ctx.clause_start - 1 : ctx.clause_start] != "、":
        return ""
    lo = max(ctx.text.rfind(c, ctx.sentence_start, ctx.clause_start) for c in ",，:：")
    return ctx.text[max(lo + 1, ctx.sentence_start) : ctx.clause_start]


def _nearest(text: str, unit: str) -> tuple[str, str] | None:
    """The rule whose word ends nearest the end of ``text`` (the verb that governs the number)."""
    best: tuple[int, int, str, str] | None = None
    for rank, (name, pattern) in enumerate(_COMPILED.get(unit, ())):
        if name == "events_held":
            continue
        last = None
        for m in pattern.finditer(text):
            last = m
        if last is not None and (best is None or (last.end(), -rank) > (best[0], best[1])):
            best = (last.end(), -rank, name, last.group(0))
    return None if best is None else (best[2], best[3])


def indicator_for(ctx: Context, unit: str, programme_zh: str = "") -> IndicatorGuess:
    """Measure and indicator of the figure at ``ctx`` whose unit is ``unit``.

    ``programme_zh`` (as :func:`~.programmes.programme_for` found it) decides
    the people counted by 金秋助学 (students) and 送清凉 (workers cooled).
    """
    from ..programmes import programme_family

    before, after = ctx.before, ctx.after
    sentence_before = ctx.sentence_before
    # ﹔ (a small semicolon) ends a clause of a list as ； does
    before = before[before.rfind("﹔") + 1 :]
    sentence_before = sentence_before[sentence_before.rfind("﹔") + 1 :]
    if unit == "percent":
        if (
            m := plan_word(ctx.text, ctx.sentence_start, ctx.start) or _AIM.search(after)
        ) and not re.search(r"已|累计|共", before):
            return IndicatorGuess(
                "other",
                "share_percent_target",
                f"indicator=share_percent_target: {m.group(0)}",
                0.8,
            )
        return IndicatorGuess("other", "share_percent", "indicator=share_percent: unit %", 0.9)
    if unit == "square_metre":
        return IndicatorGuess(
            "other", "area_square_metre", "indicator=area_square_metre: unit 平方米", 0.9
        )
    if unit == "yuan" and (
        (m := PER_HEAD.search(before[-16:]))
        or (
            (
                ((m := GIFT_VALUE.search(after)) and not _TEN_THOUSANDS.search(ctx.number))
                or (m := _GIFT_BEFORE.search(before) or _PAYOUT.search(after))
            )
            and not _TOTAL.search(before)
        )
    ):
        return IndicatorGuess(
            "funds", "grant_per_recipient", f"indicator=grant_per_recipient: {m.group(0)}…", 0.85
        )
    base, why, confidence = None, "", 0.5
    family = programme_family(programme_zh) if programme_zh else ""
    if unit == "organisation" and (
        m := TEAM_AFTER.search(after) or TEAM_BEFORE.search(before) or _TEAM_WORD.search(ctx.number)
    ):
        base, why, confidence = "teams_formed", m.group(0), 0.75
    if unit == "event" and "场" in ctx.number:  # sessions held: 开展免费咨询5127场
        base, why, confidence = "events_held", "counted in 场", 0.7
    if (
        unit in ("person", "person_time", "organisation")
        and (m := DONOR_AFTER.search(ctx.sentence_after))
        and not _NOT_DONOR_BEFORE.search(before)
    ):
        base, why, confidence = "other", f"donors or applicants ({m.group(0)[-4:]})", 0.6
    if unit == "item" and (m := WEIGHT.search(after)):
        base, why, confidence = "other", f"a weight ({m.group(0)})", 0.6
    for name, pattern in () if base else _COMPILED.get(unit, ()):
        m = pattern.search(before) or pattern.search(after)
        if m:
            base, why, confidence = name, m.group(0), 0.75
            break
    # an item of a 、 list whose own words name only who is counted (会员) shares the
    # verb of the list's first item (新发展货车司机会员90.64万人、网约车司机会员28.35万人)
    if base in _NOUN_CODES and (head := _list_head(ctx)):
        for name, pattern in _COMPILED.get(unit, ()):
            if name not in _NOUN_CODES and (m := pattern.search(head)):
                base, why, confidence = name, f"{m.group(0)} (the list's verb)", 0.65
                break
    if base is None and ctx.text[ctx.clause_end : ctx.clause_end + 1] == "、":
        # a list's items share the verb after the last one (105个集体、377名个人荣获…)
        shared = re.split(r"[,，;；]", ctx.sentence_after, maxsplit=1)[0]
        for name, pattern in _COMPILED.get(unit, ()):
            if name != "events_held" and (m := pattern.search(shared)):
                base, why, confidence = name, m.group(0), 0.65
                break
    # a plan or deed of building new ones (今年我市将新建10个“职工书屋”示范点): the
    # verb before the number governs the 示范 of the noun after it
    if (
        unit == "facility"
        and base == "stations_awarded"
        and not _COMPILED["facility"][0][1].search(before)
        and (m := _BUILD_NEW.search(before))
    ):
        base, why = "stations_built", m.group(0)
    if (
        unit in ("person", "person_time", "household")
        and family in _PROGRAMME_PEOPLE
        and (
            base in _PROGRAMME_YIELDS or (family == "summer_cooling" and base == "people_consoled")
        )
        and not (family == "golden_autumn" and _NOT_STUDENTS.search(sentence_before + after))
        # 救助, 帮扶 of an article's other people stand unless the sentence names the programme
        and not (base == "people_aided" and programme_zh not in ctx.sentence)
    ):
        base, why, confidence = _PROGRAMME_PEOPLE[family], f"programme {programme_zh}", 0.7
    if base == "people_consoled" and (m := AID_WITH_VISIT.search(ctx.clause)):
        base, why = "people_aided", m.group(0)
    if unit == "yuan" and base in (None, "funds_disbursed") and _INVESTED.search(ctx.sentence):
        if re.search(r"投入|投资", ctx.sentence_before):
            base, why, confidence = "funds_invested", "投入… for stations in the sentence", 0.6
    if (
        unit in ("person", "household")
        and (m := REGISTER_BEFORE.search(before) or REGISTER_AFTER.search(after))
        and not _REGISTER_ACT.search(before)
    ):
        base, why, confidence = "households_registered", m.group(0), 0.7
    part = None
    if unit == "facility" and base in (None, "stations_total", "stations_built"):
        part = (
            STATION_PART.search(after)
            or STATION_KIND.search(before)
            or STATION_KIND_AFTER.search(after)
        )
        if part:
            base, why, confidence = "stations_total", f"stations {part.group(0)}", 0.6
    if base is None and unit in ("person", "person_time", "household") and family == "send_warmth":
        base, why, confidence = "people_consoled", f"programme {programme_zh}", 0.55
    if base is None:
        if unit in ("person", "person_time", "household"):
            found = _nearest(sentence_before, unit)  # 慰问企业101家、一线职工7361人
        else:
            found = next(
                (
                    (name, m.group(0))
                    for name, pattern in _COMPILED.get(unit, ())
                    if name != "events_held" and (m := pattern.search(sentence_before))
                ),
                None,
            )
        if found:
            base, why, confidence = found[0], found[1], 0.55
    if unit == "facility" and base in (None, "facilities_total", *_AS_FACILITY):
        near = before[-12:] + "|" + after[:12]
        # the noun phrase after the number may be long (16个全国示范性劳模和工匠人才创新工作室)
        noun = re.split(r"[,，、;；。]", after, maxsplit=1)[0][:24]
        if (m := FACILITY_NOUN.search(before[-12:] + "|" + noun)) or (
            (m := OTHER_STATION.search(ctx.sentence_before + after[:16])) and "驿站" not in near
        ):
            if base in (None, "stations_total", "facilities_total"):
                # a plan to build (有望再建成1~2个, 打造10个) builds new ones
                new = _NEW_FACILITY.search(near) or (
                    _BUILD_NEW.search(before[-12:])
                    and plan_word(ctx.text, ctx.sentence_start, ctx.start)
                )
                base = "stations_built" if new else "stations_total"
            base, why = _AS_FACILITY[base], f"{why} {m.group(0)}".strip()
    if base is None:
        base = _DEFAULT.get(unit, "other")
        why, confidence = f"default for unit {unit}", 0.35
    indicator, notes = base, [f"{why}"]
    if (
        m := plan_word(ctx.text, ctx.sentence_start, ctx.start)
        # the number opens its clause as the subject of a plan (7支…服务队还将分赴)
        or (plan_word(ctx.text, ctx.end, ctx.clause_end) if not before.strip() else None)
    ) and not re.search(r"已|累计|共(?!计)", before):
        target = _suffixed(base, "_target")
        if target:
            indicator = target
            notes.append(f"target {m.group(0)}")
    elif (m := DAILY.search(before[-8:])) and (daily := _suffixed(base, "_daily")):
        indicator = daily
        notes.append(f"daily {m.group(0)}")
    elif (
        m := part
        or _subset_word(unit, sentence_before)
        or _sum_after(unit, ctx.sentence_after)
        or _list_part(ctx)
    ) and (subset := _suffixed(base, "_subset")):
        if (
            base == "funds_disbursed"
            and m.re is SUBSET
            and _COMPILED["yuan"][1][1].search(sentence_before, 0, m.start())
            and not _HANDED_OUT.search(ctx.clause)
        ):
            # a part of a sum raised (共筹集资金170.5万元(其中争取…慰问金162.5万元) is
            # raised money unless its own clause hands it out
            base, subset = "funds_raised", "funds_raised_subset"
            notes[0] = f"part of a sum raised ({notes[0]})"
        indicator = subset
        notes.append(f"subset {m.group(0)}")
    if base == "other":  # the codebook's catch-all: the measure says what is counted
        measure = _MEASURE_OF_OTHER.get(unit, "other")
    else:
        measure = MEASURE_OF.get(base) or _MEASURE_OF_UNIT.get(unit, "other")
    return IndicatorGuess(
        measure, indicator, f"indicator={indicator}: " + "; ".join(notes), confidence
    )


# parts that sum to a total: at most this many, within this many characters of it
_MAX_PARTS = 6
_PARTS_SPAN = 400


def mark_parts(rows: list[dict]) -> None:
    """Suffix ``_subset`` to counts that add up to a total the article stated just before.

    No 其中 needs to say so: 共计救助困难职工615人 … 元旦前,救助困难职工212人 … 1月9日救助
    困难职工403人 (212 + 403 = 615) are parts of it, as are 全区各级工会筹集940多万元 …
    自治区总工会…安排547万元 … 筹措慰问资金393万元. A run of two or more counts in the
    total's unit, the next ones after it, whose sum is the total (to 1%) is marked,
    in place, where the schema has the suffixed code.
    """
    metrics = [r for r in rows if r.get("decision") == "metric"]
    for i, total in enumerate(metrics):
        value = float(total["value"])
        if value <= 0 or total["indicator"].endswith(("_subset", "_target")):
            continue
        later = [
            r
            for r in metrics[i + 1 :]
            if r["unit"] == total["unit"] and r["start"] - total["end"] <= _PARTS_SPAN
        ][:_MAX_PARTS]
        run_sum = 0.0
        for k, part in enumerate(later):
            if part["indicator"].endswith(("_subset", "_target")) or float(part["value"]) >= value:
                break
            run_sum += float(part["value"])
            if k >= 1 and abs(run_sum - value) <= 0.01 * value:
                for r in later[: k + 1]:
                    # parts of a sum raised are raised money, whatever verb each
                    # names (the 547万元 安排 of the 940多万元 筹集)
                    raised = total["indicator"] == "funds_raised"
                    base = "funds_raised" if raised else r["indicator"]
                    if subset := _suffixed(base, "_subset"):
                        r["indicator"] = subset
                        r["why"] += f"; subset: parts of {total['reported_text']}"
                break
            if run_sum > value:
                break
