"""Period and reference year of a figure, from the publication date and time phrases.

The rules read the sentence before the number from its last clause that names
a time (the phrase nearest the number rules); the first that applies wins and
its name goes into ``why``. ``docs/codebook.md`` (How ``curate`` proposes rows)
lists them in order; in short:

- a ``其中`` part naming no time takes the period of the sentence before;
- ``period=as_of_date``: 截至/截止/到 + a date: ``as_of`` for stocks,
  ``cumulative`` for flows, ``campaign`` for a campaign's flow to a day;
- ``period=range`` / ``since``: ``1992年至2011年``, ``2016年以来``: ``cumulative``;
- ``period=this_year`` / ``last_year`` / ``year``: 今年, 去年, ``2020年``:
  ``annual`` (``campaign`` for a campaign programme or a festival word), also a
  year named later in the sentence;
- ``period=paragraph``: the time phrase the paragraph opened with;
- ``period=last_year_review``: an article of January to April looking back
  on the year before: ``annual`` of that year;
- ``period=years_since``: 五年来, 至今, 累计: ``cumulative`` to publication;
- ``period=one_off``: 此次, 当天, 现场, a day opening the paragraph: ``campaign``;
- ``period=review`` / ``campaign`` / ``stock`` / ``default``: the article's
  review, its campaign, a stock word or indicator, else ``cumulative``.

What the number counts is read from the words before the guessed indicator: a
deed in its clause (发放, 投入, 慰问, 参与, 捐助, 新发展; a count of 人次) makes it a
flow, so 目前, 共有, 已有 or a stock indicator give ``cumulative`` to date (or the
one-off's, the campaign's, or the drive the lead launches), not ``as_of``.

有 right before the number (还有50多家企业) with no deed says what there is: ``as_of``.
A line with no closing punctuation under one with none either continues its
sentence (a listing broken over lines); years listed (2021年、2022年) are a range.

Then the indicator's say: a ``_daily`` rate is ``as_of``, a per-head standard
never ``cumulative``. ``year`` is the period's year for ``annual``/``campaign``
and the year of ``period_end`` otherwise; empty when the article date is
unknown and the text names no year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from ..programmes import programme_family
from .context import Context, context_at

__all__ = ["Period", "period_for"]

STOCK_INDICATORS = frozenset(
    {
        "stations_total",
        "stations_awarded",
        "facilities_awarded",
        "stations_open",
        "facilities_total",
        "members_total",
        "unions_total",
        "people_covered",
        "stations_subset",
        "area_square_metre",
    }
)
CAMPAIGN_FAMILIES = frozenset({"send_warmth", "golden_autumn", "summer_cooling"})
# programmes run as one trip or one fair at a time, whose figures are campaigns too
_CAMPAIGN_PROGRAMME = re.compile(r"疗休养|春风行动|春送岗位")

_AS_OF = re.compile(
    r"截至目前|截止目前|截至发稿|到目前为止|目前为止"
    r"|(?:截至|截止|截止到|到|至)(?:(?P<y>(?:19|20)[0-9]{2})年|(?P<rel>今年|去年|本年|年))?"
    r"(?:(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})日)?)?(?P<end>底|末)?"
)
# 2021年、2022年共建设: years listed are summed over like a range
_RANGE = re.compile(r"(?P<a>(?:19|20)[0-9]{2})年?(?:至|到|-|—|~|、)(?P<b>(?:19|20)[0-9]{2})年")
_SINCE = re.compile(
    r"(?:(?P<y>(?:19|20)[0-9]{2})年(?:[0-9]{1,2}月)?(?:以来|起|开始)|自(?P<y2>(?:19|20)[0-9]{2})年"
    r"|从(?P<y3>(?:19|20)[0-9]{2})年)"
)
_YEARS_SINCE = re.compile(
    r"[0-9一二两三四五六七八九十几多]+年(?:多)?来|近年来|近几年|近[一二两三四五六七八九十]年|多年来|过去的?(?!一年)[0-9一二两三四五六七八九十几]+年|以来|累计|先后|历年|至今"
)
_YEAR_END = re.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?:底|末)")
_YEAR = re.compile(r"(?P<y>(?:19|20)[0-9]{2})年(?!以来|起|至|到|底|末)")
# 全年, 年服务 right after a year or 去年 belong to that year (2018年服务, 去年全年)
_THIS_YEAR = re.compile(
    r"今年(?!以来|前[0-9一二三四五六七八九十]+个月)|本年|(?<![0-9年])(?:年内|年底前|全年|年服务|年均)"
)
# 每年 (each year) names no year: a yearly amount over unstated years (not 每人每年, a
# per-head rate); 从今年起…每年 starts this year
_EACH_YEAR = re.compile(r"(?<!每人)(?<!每户)每年")
_FROM_THIS_YEAR = re.compile(r"(?:从|自)?今年起")
# a standard raised from one level (从700元提高到900元): the old level's time is unstated
_RAISED_FROM = re.compile(r"(?:从|由)(?:每人|每户|每月|每年)?$")
_RAISED_TO = re.compile(r"^[^,，]{0,3}?(?:提高|提升|调整|上调|增加|增长)(?:到|至)")
# a five-year plan's years (“十四五”时期: 2021-2025)
_PLAN_PERIOD = re.compile(r"(?P<n>十一|十二|十三|十四|十五)五”?(?:时期|期间)")
_PLAN_START = {"十一": 2006, "十二": 2011, "十三": 2016, "十四": 2021, "十五": 2026}
_SINCE_MONTH = re.compile(r"(?P<rel>去年|今年)(?P<m>[0-9]{1,2})月")
_MULTI_YEAR = re.compile(r"年|至今")
_PROGRAMME_AFTER = re.compile(r"送温暖|金秋助学|送清凉|春节|两节")
REVIEW = re.compile(
    r"[一二两三四五六七八九十0-9]+年(?:来|回眸|回顾|工作综述)|过去的?[二两三四五六七八九十]+年|回眸|综述|历程"
)
_LAST_YEAR = re.compile(r"去年|上年")
_ONE_YEAR = re.compile(r"^(?:一年来|过去的?一年)")
# a lead looking back on the past year (一年来, 去年, 2018年 in an article of early 2019)
LAST_YEAR_LEAD = re.compile(r"一年来|过去的?一年|去年|上一?年度")
_YEAR_OF_PREVIOUS = re.compile(
    r"^[^,，]{0,12}?(?:(?P<y>(?:19|20)[0-9]{2})年(?!以来|起|至|到|底|末|[0-9])|去年|上年|今年(?!以来))"
)
# the winter campaign: a lead or sentence naming it, in an article of December
_WINTER = re.compile(r"送温暖|春节|两节|双节|新春|元旦|节日|节前|年关")
# a one-off action reported as done: an event of its day (codebook, Periods)
# a day opening the sentence, also after the dateline (本报讯(记者曲欣悦)2月10日15时,)
_DAY_OPENING = (
    r"^(?:[^,，。]{0,12}?讯\s*(?:[(（][^)）]{0,20}[)）])?\s*)?[0-9]{1,2}月[0-9]{1,2}日(?!电|讯)"
)
_ONE_OFF = re.compile(r"此次|本次|当天|当日|现场|日前|近日|仪式上|活动中|" + _DAY_OPENING)
# 4月26日,记者从…获悉: the day of the report, not of the figure
_HEARD = re.compile(r"获悉|了解到|据悉|介绍|获得消息|得知")
_SENTENCES = re.compile(r"[。;!?；！？]")
# a time phrase opening a sentence (2013年,  去年,  2013年以来,  近几年来,)
_OPENING = re.compile(
    r"^\s*(?:据悉|据了解|据统计|据介绍|另悉)?[,，]?(?:(?!截至|截止|到|至)[^,，]){0,12}?(?:(?P<span>(?P<y4>(?:19|20)[0-9]{2})年(?:[0-9]{1,2}月)?(?:以来|起|开始)"
    r"|[0-9一二两三四五六七八九十几多]+年(?:多)?来|近年来|近几年来?|多年来)"
    r"|(?P<y>(?:19|20)[0-9]{2})年(?!以来|起|至|到|底|末|[0-9])|去年|上年|今年(?!以来))"
)
_ONE_OFF_OPENING = re.compile(_DAY_OPENING + r"|^(?:当天|当日)")
_JOB_FAIR = re.compile(r"招聘会|招聘活动|送岗活动")
_HALF = re.compile(r"上半年")
_PART = re.compile(r"其中")
_FLOW = re.compile(r"累计|新建|新增|共计|发放|慰问|帮扶|救助|投入|筹集")
_EXISTS = re.compile(r"现有|共有|已有|拥有|有[0-9]")
_DONE = re.compile(r"发放|慰问|帮扶|救助|资助|帮困|走访|送|参与|参加")
# a deed done, in the number's own clause: what it counts is a flow, however 目前, 共有,
# 已有 or the guessed indicator read (已对…困难职工发放帮困金69.87万元, 共有1万余名职工参与活动)
_DEED = re.compile(
    r"(?:发放|投入|筹集|慰问|帮扶|救助|资助|帮困|走访|参与(?!等)|参加|捐助|捐资|捐款|办理|拨付|摸排"
    r"|新发展|培训)(?![)）]?(?:中心|站|使用|阵地))"
)
# people counted by what they did (共有1万余名职工参与活动)
_DEED_AFTER = re.compile(r"^[^,，;；。]{0,24}?(?:参与|参加|捐助|捐资|捐款|发放)")
_LIST_CLAUSE = re.compile(r"[,，;；:：]")
_TIMES = re.compile(r"^[0-9.,，]+[万亿千百余多]*(?:人|户|场|件)?次")
# a lead launching a drive of its own (启动为期4个月的…专项行动): its flows to date are that drive's
_DRIVE_LEAD = re.compile(
    r"启动[^,，。;；]{0,30}?(?:专项行动|行动|活动)|为期[0-9一二两三四五六七八九十]+个?[月天周]"
)
# the phrases that name a time (累计, 先后, 以来 only qualify a flow)
_SPAN = re.compile(
    r"[0-9一二两三四五六七八九十几多]+年(?:多)?来|近年来|近几年|近[一二两三四五六七八九十]年|多年来"
    r"|过去的?(?!一年)[0-9一二两三四五六七八九十几]+年|历年|至今"
)
_NOW = re.compile(r"目前|当前|如今")
_TO_NOW = re.compile(r"目前|当前|如今|至今|发稿")
_TIME_PHRASES = (
    _RANGE,
    _SINCE,
    _SINCE_MONTH,
    _THIS_YEAR,
    _EACH_YEAR,
    _PLAN_PERIOD,
    _SPAN,
    _YEAR,
    _LAST_YEAR,
    _HALF,
    _NOW,
)
# words of what exists, which no deed in the clause makes a flow
# 有 right before the number (还有50多家企业, 内有8家): a count of what exists
_HAS = re.compile(r"(?<![没拥将就])有(?:近|约|超过|逾)?$")
# a line ending in one of these (or a blank line) ends its sentence
_LINE_DONE = frozenset('\n。;!?；！？…”"）)')
_HELD = re.compile(r"现有|已建成|发展到|增至|增加到")
_STOCK = re.compile(r"目前|现有|共有|已建成|已有|已建|现已|当前|发展到|增至|增加到")
# the festivals a year's visits are for (2024年,…送上新年慰问): that year's campaign
_FESTIVAL = re.compile(r"春节|两节|双节|元旦|新春|新年慰问|节日慰问|节前慰问|春运")
# a year naming a drive in its clause (开展2025年全区环卫工人集中慰问活动): one run of it
_NAMED_DRIVE = re.compile(r"[^,，。;；]{0,16}?(?:慰问|帮扶|助学|送温暖|送清凉)活动")
_CAMPAIGN_WORDS = re.compile(
    r"春节|两节|双节|元旦|新春|春运|节日期间|节日慰问|节前|暑期|夏季|盛夏|开学"
)


@dataclass(frozen=True)
class Period:
    start: str
    end: str
    kind: str
    year: int | None
    why: str
    confidence: float


def _published(published: str) -> tuple[int | None, int | None, int | None]:
    parts = [int(p) for p in (published or "").split("-") if p.isdigit()]
    parts += [None] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def _iso(y: int, m: int, d: int | None = None) -> str:
    if d is None:
        d = calendar.monthrange(y, m)[1]
    return f"{y:04d}-{m:02d}-{d:02d}"


def _pub_end(published: str) -> str:
    y, m, d = _published(published)
    if y is None:
        return ""
    if m is None:
        return _iso(y, 12, 31)
    return _iso(y, m, d)


def _year_of(date: str) -> int | None:
    return int(date[:4]) if date else None


def period_for(
    ctx: Context,
    *,
    published: str = "",
    indicator: str = "",
    programme_zh: str = "",
    article_campaign: str = "",
    review: bool = False,
    last_year_review: bool = False,
    lead: str = "",
) -> Period:
    """The :class:`Period` of the figure at ``ctx`` (see the module docstring).

    ``article_campaign`` is the campaign programme the article's lead names
    (figures without a time phrase in such an article are that campaign's);
    ``review`` says the lead announces a review of several years (五年来,
    回眸), whose figures are ``cumulative``; ``last_year_review`` that an
    article published in January to April looks back on the year before
    (一年来, 去年, or that year named in its lead), whose figures without a
    time phrase of their own are that year's (``annual``).
    """
    if _RAISED_FROM.search(ctx.sentence_before) and _RAISED_TO.search(ctx.sentence_after):
        # 每人从700元提高到900元: the old level's time is not stated
        why = "period=raised_from: the level a standard was raised from"
        return Period("", "", "unknown", None, why, 0.5)
    # 其中…: a part of the figure before it, over the same period (followed back
    # through a chain of 其中 sentences)
    nearest, parts = True, 0
    while (whole := _part_of(ctx)) is not None:
        ctx, nearest, parts = whole, False, parts + 1
    period = _period(
        ctx,
        published=published,
        indicator=indicator,
        programme_zh=programme_zh,
        article_campaign=article_campaign,
        review=review,
        last_year_review=last_year_review and not indicator.endswith("_target"),
        lead=lead,
        nearest=nearest,
    )
    if parts:
        period = replace(period, why=period.why + " (the sentence 其中 is part of)" * parts)
    if indicator == "grant_per_recipient" and period.kind == "cumulative":
        # a per-head standard is never summed over years: the campaign's, or the one in force
        if _is_campaign(programme_zh) or article_campaign:
            y = period.year
            why = f"{period.why}; a per-head standard of the campaign"
            return Period(*_year_bounds(y), "campaign", y, why, period.confidence)
        why = f"{period.why}; a per-head standard in force"
        return Period("", period.end, "as_of", period.year, why, period.confidence)
    if indicator.endswith("_daily") and period.kind != "as_of":
        # a rate per day is the rate at the period's end, never a total over it
        why = f"{period.why}; a daily rate is as_of"
        return Period("", period.end, "as_of", period.year, why, period.confidence)
    return period


def _part_of(ctx: Context) -> Context | None:
    """The sentence a 其中 sentence with no time of its own is part of, else None."""
    whole = _broken_line(ctx) + ctx.sentence_before
    if _PART.match(ctx.sentence) and ctx.sentence_start > 1 and not _names_time(whole):
        p = ctx.sentence_start - 1
        return context_at(ctx.text, p, p)
    return None


def _period(
    ctx: Context,
    *,
    published: str = "",
    indicator: str = "",
    programme_zh: str = "",
    article_campaign: str = "",
    review: bool = False,
    last_year_review: bool = False,
    lead: str = "",
    nearest: bool = True,
) -> Period:
    """The rules of the module docstring, first match, before the indicator's own say."""
    whole = _broken_line(ctx) + ctx.sentence_before
    before = _nearest_time_clauses(whole) if nearest else whole
    pub_y, pub_m, _ = _published(published)
    pub_end = _pub_end(published)
    # 截至2015年底 in the lead: the article's totals run to that date, not to
    # publication, unless the sentence says now (目前, 至今)
    lead_end = _lead_as_of(lead, pub_end)
    ref_end = lead_end if lead_end and not _TO_NOW.search(before) else pub_end
    stock = indicator in STOCK_INDICATORS or (
        indicator.endswith("_target") and "stations" in indicator
    )
    family = programme_family(programme_zh) if programme_zh else "other"
    campaign = _is_campaign(programme_zh)

    def campaign_year() -> int | None:
        if pub_y is None:
            return None
        if family == "send_warmth" and pub_m is not None and pub_m >= 11:
            return pub_y + 1
        # December visits before the festivals are the coming Spring Festival's campaign
        if pub_m == 12 and (_WINTER.search(lead) or _WINTER.search(ctx.sentence)):
            return pub_y + 1
        return pub_y

    # a count of times (人次, 户次, 场次) is of deeds done, never of what exists
    times = _TIMES.search(ctx.number + ctx.after[:4]) is not None
    # the number's clause, 、-lists included (新发展货车司机会员90.64万人、网约车司机会员28.35万人)
    own_clause = _LIST_CLAUSE.split(ctx.sentence_before)[-1]
    deed = times or bool(_DEED.search(own_clause) or _DEED_AFTER.search(ctx.after))
    stock = stock and not times

    def flow_or_stock(start: str, end: str, rule: str, conf: float) -> Period:
        kind = "as_of" if stock else "cumulative"
        return Period("" if stock else start, end, kind, _year_of(end), rule, conf)

    m = None
    for m in _AS_OF.finditer(before):  # noqa: B007 - the last match counts
        pass
    # 截至目前, 至今 say only "to publication": the other rules still say what the
    # figure is (a campaign so far, a stock); a flow with nothing else is cumulative
    to_date = (
        m.group(0)
        if m is not None
        and not (m.group("y") or m.group("rel") or m.group("m"))
        and ("目前" in m.group(0) or "发稿" in m.group(0))
        else ""
    )
    if m is not None and (m.group("y") or m.group("rel") or m.group("m")):
        y = int(m.group("y")) if m.group("y") else pub_y
        if m.group("rel") == "去年" and pub_y is not None:
            y = pub_y - 1
        if m.group("m") and y is not None:
            mo = int(m.group("m"))
            if 1 <= mo <= 12:
                d = int(m.group("d")) if m.group("d") and 1 <= int(m.group("d")) <= 28 + 3 else None
                end = _iso(y, mo, d)
            else:
                end = pub_end
        elif m.group("y") or m.group("rel"):
            end = _iso(y, 12, 31) if y is not None else ""
        else:
            end = pub_end
        start = ""
        if (s := _SINCE.search(whole)) is not None:
            start = f"{s.group('y') or s.group('y2') or s.group('y3')}-01-01"
        why = f"period=as_of_date: {m.group(0)}"
        if (campaign or article_campaign) and not stock and not start and m.group("m"):
            # 截至1月23日 in a campaign: the campaign's run so far
            y = _year_of(end)
            why += f", the {programme_zh or article_campaign} campaign so far"
            return Period(_iso(y, 1, 1) if y else "", end, "campaign", y, why, 0.7)
        if deed:
            # 截至目前,已有…个人为“金秋助学”捐助了资金: a flow to that date
            return Period(start, end, "cumulative", _year_of(end), why + ", a deed", 0.75)
        if not stock and not start and _STOCK.search(before) and not _FLOW.search(before):
            # 截至今年,我市已建立…720个,藏书量达53万册: what there is at that date
            return Period("", end, "as_of", _year_of(end), why, 0.7)
        return flow_or_stock(start, end, why, 0.8)
    if (m := _RANGE.search(before) or _PLAN_PERIOD.search(before)) is not None:
        if "n" in m.re.groupindex:  # “十四五”时期: the plan's five years
            a = _PLAN_START[m.group("n")]
            a, b = str(a), str(a + 4)
        else:
            a, b = m.group("a"), m.group("b")
        why = f"period=range: {m.group(0)}"
        held = indicator.removesuffix("_target") in STOCK_INDICATORS
        # titles named over a plan's years are a flow of them, like building done in them
        if held and not indicator.startswith(_AWARDED) and not _BUILT.search(before):
            # 从2015年到2017年底…会员数…达到400万人: the stock at the range's end
            return Period("", f"{b}-12-31", "as_of", int(b), why, 0.75)
        return Period(f"{a}-01-01", f"{b}-12-31", "cumulative", int(b), why, 0.8)
    if (
        (m := _EACH_YEAR.search(before)) is not None
        and not _FROM_THIS_YEAR.search(whole)
        and indicator != "grant_per_recipient"  # a standard: the one in force
    ):
        # 每年投入100多万元: a yearly amount of unstated years, no one year's figure
        return Period("", "", "unknown", None, f"period=each_year: {m.group(0)}", 0.5)
    if (m := _SINCE.search(before)) is not None:
        y = m.group("y") or m.group("y2") or m.group("y3")
        why = f"period=since: {m.group(0)}"
        return Period(f"{y}-01-01", ref_end, "cumulative", _year_of(ref_end), why, 0.75)
    if (m := _SINCE_MONTH.search(before)) is not None and pub_y is not None:
        y = pub_y - 1 if m.group("rel") == "去年" else pub_y
        why = f"period=since: {m.group(0)}"
        start = _iso(y, int(m.group("m")), 1) if 1 <= int(m.group("m")) <= 12 else ""
        if campaign and m.group("rel") == "今年" and not stock:
            # 自今年7月启动“金秋助学”以来: this year's campaign so far
            why += f", the {programme_zh} campaign so far"
            return Period(start, pub_end, "campaign", pub_y, why, 0.6)
        return Period(start, pub_end, "cumulative", _year_of(pub_end), why, 0.6)
    if (m := _THIS_YEAR.search(before) or _EACH_YEAR.search(before)) is not None:
        kind = "campaign" if campaign else "annual"
        y = campaign_year() if campaign else pub_y
        named = re.search(r"((?:19|20)[0-9]{2})年", whole)
        if not m.group(0).startswith(("今年", "本年")) and named:
            y = int(named.group(1))  # 截至2024年底…,全年累计服务: the year named
        why = f"period=this_year: {m.group(0)}" + ("" if y is not None else ", date unknown")
        if _CAMPAIGN_WORDS.search(before[m.end() : m.end() + 4]):
            # 今年夏季, 今年春运期间: this year's campaign of that season
            kind = "campaign"
            y = campaign_year() if pub_y is not None else None
        return Period(*_year_bounds(y), kind, y, why, 0.65)
    years = list(_YEAR.finditer(before))
    since = _YEARS_SINCE.search(before)
    own = years or since or _names_time(before)
    later = None if own or _names_time(whole) else _YEAR.search(ctx.sentence_after)
    done_once = _ONE_OFF.search(before) and not _HEARD.search(before)
    # titles take the year they are named for (被确认为2022年“最美…站点”)
    awarded = indicator.startswith(_AWARDED)
    if later is not None and not (
        _SINCE.search(ctx.sentence_after) or (stock and not awarded) or done_once
    ):
        # 全县共签订独立合同52份…,圆满完成2014年集体合同签订: the year the sentence names
        y = int(later.group("y"))
        tail = ctx.sentence_after[later.end() : later.end() + 8]
        named = _CAMPAIGN_WORDS.search(tail) or (campaign and _PROGRAMME_AFTER.search(tail))
        why = f"period=year: {later.group(0)} later in the sentence"
        kind = "campaign" if named else "annual"
        return Period(_iso(y, 1, 1), _iso(y, 12, 31), kind, y, why, 0.55)
    opening = None if own else _paragraph_opening(ctx)
    if opening is not None and not (stock and opening.group("y4") is None):
        if opening.group("span") is not None and not _STOCK.search(before):
            # the paragraph opens with 2013年以来, 近几年来: its figures are that span's
            start = opening.group("y4")
            kind = "as_of" if stock else "cumulative"
            why = f"period=paragraph: {opening.group(0)} opens the paragraph"
            return Period(
                "" if stock or not start else f"{start}-01-01",
                ref_end,
                kind,
                _year_of(ref_end),
                why,
                0.5,
            )
        y = int(opening.group("y")) if opening.group("y") else None
        if y is None and pub_y is not None:
            this = campaign_year() if campaign else pub_y
            y = this - 1 if opening.group(0).endswith(("去年", "上年")) else this
        if opening.group("span") is None and (y is not None or pub_y is None):
            # an undated article's 去年,…: still one year, of unknown number
            kind = "campaign" if campaign else "annual"
            why = f"period=paragraph: {opening.group(0)} opens the paragraph"
            return Period(*_year_bounds(y), kind, y, why, 0.55)
    if (
        last_year_review
        and pub_y is not None
        and not years
        and not stock
        and (since is None or _ONE_YEAR.search(since.group(0)))
    ):
        y = pub_y - 1
        why = "period=last_year_review: the article reviews the year before its publication"
        return Period(_iso(y, 1, 1), _iso(y, 12, 31), "annual", y, why, 0.55)
    if (m := since) is not None and not years:
        if stock and not awarded and not deed:  # titles named over the span are a flow of it
            why = f"period=stock: {m.group(0)}"
            return Period("", ref_end, "as_of", _year_of(ref_end), why, 0.6)
        if article_campaign and not _MULTI_YEAR.search(m.group(0)):
            y = campaign_year()
            why = f"period=campaign: {m.group(0)} in a {article_campaign} article"
            return Period(*_year_bounds(y), "campaign", y, why, 0.5)
        why = f"period=years_since: {m.group(0)}"
        return Period("", ref_end, "cumulative", _year_of(ref_end), why, 0.7)
    if (m := _YEAR_END.search(before)) is not None:
        y = int(m.group("y"))
        return Period("", _iso(y, 12, 31), "as_of", y, f"period=year_end: {m.group(0)}", 0.75)
    if years:
        last = years[-1]
        y = int(last.group("y"))
        # a year named with its festival or campaign is that campaign (2014年“两节”)
        named = (
            _CAMPAIGN_WORDS.search(before[last.end() : last.end() + 8])
            or (campaign and _PROGRAMME_AFTER.search(before[last.end() : last.end() + 8]))
            or _FESTIVAL.search(ctx.sentence)
            or _NAMED_DRIVE.match(before[last.end() :])
        )
        kind = "campaign" if named else "annual"
        return Period(
            _iso(y, 1, 1), _iso(y, 12, 31), kind, y, f"period=year: {last.group(0)}", 0.75
        )
    if (m := _LAST_YEAR.search(before)) is not None and pub_y is not None:
        y = (campaign_year() or pub_y) - 1 if campaign else pub_y - 1
        kind = "campaign" if campaign else "annual"
        why = f"period=last_year: {m.group(0)}"
        return Period(_iso(y, 1, 1), _iso(y, 12, 31), kind, y, why, 0.7)
    if (m := _HALF.search(before)) is not None and pub_y is not None:
        why = "period=this_year: 上半年"
        return Period(_iso(pub_y, 1, 1), _iso(pub_y, 6, 30), "cumulative", pub_y, why, 0.6)
    if _HAS.search(own_clause) and not deed:
        # 社区联合工会下面还有50多家企业: what there is, whatever the day or the indicator
        why = f"period=stock: {own_clause[-6:]} states what there is"
        return Period("", ref_end, "as_of", _year_of(ref_end), why, 0.55)
    one_off = _ONE_OFF.search(before)
    if one_off is not None and _HEARD.search(before):
        one_off = None
    if one_off is None:
        # an event the paragraph opened with (2月3日, 当天), or a job fair
        para = ctx.text[ctx.line_start : ctx.sentence_start]
        one_off = next(
            (
                m
                for sent in reversed(_SENTENCES.split(para))
                if (m := _ONE_OFF_OPENING.search(sent)) and not _HEARD.search(sent)
            ),
            None,
        ) or (None if review else _JOB_FAIR.search(ctx.sentence))
    if (m := one_off) is not None and (deed or not stock):
        why = f"period=one_off: {m.group(0)}"
        y = campaign_year()
        return Period(_iso(y, 1, 1) if y else "", pub_end, "campaign", y, why, 0.55)
    # titles awarded over the years an article reviews are a flow of those years
    if review and (not stock or awarded) and not _STOCK.search(before):
        why = "period=review: the article reviews several years"
        return Period("", ref_end, "cumulative", _year_of(ref_end), why, 0.5)
    word = _CAMPAIGN_WORDS.search(ctx.sentence)
    # 现有, 共有: what there is, not what the campaign did (帮困的共有260多名 is done)
    exists = _EXISTS.search(before) and not _DONE.search(ctx.before + ctx.after)
    if not exists and (
        word is not None or ((campaign or article_campaign) and (deed or not stock) and not review)
    ):
        y = campaign_year()
        what = word.group(0) if word else (programme_zh or article_campaign)
        why = f"period=campaign: {what}" + ("" if y is not None else ", date unknown")
        return Period(*_year_bounds(y), "campaign", y, why, 0.6)
    if (_STOCK.search(before) or stock) and deed and not _HELD.search(before):
        # 目前,…已对在档的541名困难职工发放帮困金: done to date, a flow
        why = f"period=to_date: {ctx.clause[:12]} is a deed to date"
        para = ctx.text[ctx.line_start : ctx.start]
        line = ctx.text[ctx.line_start : ctx.line_end]
        if (
            d := _DRIVE_LEAD.search(lead) or _DRIVE_LEAD.search(para) or _FESTIVAL.search(line)
        ) is not None:
            y = campaign_year()
            why += f", of the drive the lead names ({d.group(0)[:12]})"
            return Period(*_year_bounds(y), "campaign", y, why, 0.5)
        return Period("", ref_end, "cumulative", _year_of(ref_end), why, 0.55)
    if _STOCK.search(before) or stock:
        m = _STOCK.search(before)
        why = f"period=stock: {m.group(0)}" if m else f"period=stock: {indicator} is a stock"
        return Period("", ref_end, "as_of", _year_of(ref_end), why, 0.6)
    if review:
        why = "period=review: the article reviews several years"
        return Period("", ref_end, "cumulative", _year_of(ref_end), why, 0.5)
    if deed and (f := _FESTIVAL.search(ctx.line)) is not None:
        # 发放1100名农民工通讯、医疗补贴 in a paragraph of 春节慰问金: a deed of that campaign
        y = campaign_year()
        why = f"period=campaign: a deed in a paragraph naming {f.group(0)}"
        return Period(*_year_bounds(y), "campaign", y, why, 0.45)
    if to_date:
        why = f"period=as_of_date: {to_date}"
        return Period("", pub_end, "cumulative", _year_of(pub_end), why, 0.6)
    why = "period=default: no time phrase"
    return Period("", ref_end, "cumulative", _year_of(ref_end), why, 0.35)


_CLAUSE_END = re.compile(r"[,，、:：]")
_AWARDED = ("stations_awarded", "facilities_awarded")
_LISTED_YEAR = re.compile(r"(?:19|20)[0-9]{2}年?、$")
# building done over a range of years (2021年、2022年共建设完成226个站点): a flow of them
_BUILT = re.compile(r"(?<!已)(?:建设|新建|创建|建成)")


def _nearest_time_clauses(before: str) -> str:
    """``before`` from the last clause that names a time: the phrase nearest the number
    rules (继2004年开展…的第11年,10年来,已覆盖 is the ten years, not 2004); years
    listed (2021年、2022年) stay one phrase."""
    cuts = [0] + [
        m.end() for m in _CLAUSE_END.finditer(before) if not _LISTED_YEAR.search(before, 0, m.end())
    ]
    for cut in reversed(cuts):
        if _names_time(before[cut:]):
            return before[cut:]
    return before


def _broken_line(ctx: Context) -> str:
    """The line before, when the sentence starts a line that continues it: a line break
    with no punctuation before it (2021年、2022年共建设完成⏎226个户外劳动者服务站点)."""
    s = ctx.sentence_start
    if s < 2 or s != ctx.line_start or ctx.text[s - 2] in _LINE_DONE:
        return ""
    if ctx.line.rstrip()[-1:] in _LINE_DONE:  # a paragraph under a heading, not a fragment
        return ""
    return ctx.text[ctx.text.rfind("\n", 0, s - 1) + 1 : s - 1]


def _names_time(text: str) -> bool:
    return any(p.search(text) for p in _TIME_PHRASES) or any(
        m.group("y") or m.group("rel") or m.group("m") or "目前" in m.group(0)
        for m in _AS_OF.finditer(text)
    )


def _lead_as_of(lead: str, pub_end: str) -> str:
    """The date a 截至 of the lead names (截至2015年底), when it is before publication."""
    for m in _AS_OF.finditer(lead):
        if not (m.group(0).startswith("截") and m.group("y")):
            continue
        y, mo = int(m.group("y")), int(m.group("m") or 12)
        if not 1 <= mo <= 12:
            continue
        d = int(m.group("d")) if m.group("d") else None
        end = _iso(y, mo, d if d is not None and d <= calendar.monthrange(y, mo)[1] else None)
        if pub_end and end < pub_end:
            return end
    return ""


def _is_campaign(programme_zh: str) -> bool:
    """A programme run as campaigns (送温暖, 金秋助学, 送清凉) or one trip or fair at a time."""
    family = programme_family(programme_zh) if programme_zh else "other"
    return family in CAMPAIGN_FAMILIES or bool(_CAMPAIGN_PROGRAMME.search(programme_zh))


def _paragraph_opening(ctx: Context) -> re.Match[str] | None:
    """The time phrase opening the nearest earlier sentence of the paragraph that has one."""
    para = ctx.text[ctx.line_start : ctx.sentence_start]
    for sentence in reversed(_SENTENCES.split(para)):
        if (m := _OPENING.search(sentence)) is not None:
            return m
    return None


def _year_bounds(y: int | None) -> tuple[str, str]:
    return (_iso(y, 1, 1), _iso(y, 12, 31)) if y is not None else ("", "")
