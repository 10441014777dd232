"""Unit of a count the extractor left without one, from the noun it counts.

The extractor maps measure words it is sure of (人, 元, 个驿站 …) and leaves
``unknown`` where a general classifier (个, 家, 支) or a measure word for
goods (册, 箱, 斤) stands alone. Curators code those from the noun counted,
so :func:`unit_for_unknown` reads the classifier and the words right after
it (or, when the number ends its clause, the noun before it in the clause):

- a facility noun (驿站, 站点, 书屋, 职工之家, 母婴室, 妈咪小屋, 工作室, 阵地,
  示范点, 服务中心) -> ``facility``;
- an organisation noun (企业, 单位, 公司, 工会, 班组, 工地, 项目, 慰问组, 队伍)
  -> ``organisation``;
- a measure word for goods or documents (册, 本, 张, 包, 箱, 件, 份, 片, 套,
  斤, 吨 …) or 个 with 名额/岗位/合同 or a site (现场, 点位) after it (or 岗位 before it)
  -> ``item``;
- places that each built a facility (73个乡镇建设了驿站) -> ``facility``, teams sent
  out in routes (分15路赴) -> ``organisation``;
- 万/亿 with money words (资金, 慰问金, 捐资, 筹资, 经费) just before and no
  measure word after -> ``yuan``.

Places (省, 市, 县, 乡镇, 社区) and anything else stay ``unknown``, which
:mod:`.exclusions` turns into ``other``.
"""

from __future__ import annotations

import re

from .context import Context

__all__ = ["unit_for_unknown"]

_FACILITY = (
    r"驿站|站点|服务站|接力站|书屋|职工之家|之家|小屋|母婴室|妈妈屋|工作室|阵地|示范点|服务点"
    r"|服务中心|帮扶中心|图书角|休息室|哺乳室"
)
_ORGANISATION = (
    r"企业|单位|公司|工会|班组|车间|工地|项目|部门|行业|合作社|慰问组|慰问小组|小组|组|队伍|分队|队"
    r"|先锋号|集体|律师事务所|商户"
)
_PLACE = r"省|市|县|区|州|乡|镇|村|社区|街道|国家|城市"
_GOODS_WORD = r"册|本|张|包|箱|件|份|片|套|斤|吨|袋|瓶|盒|桶|条|台|顶|双"
_CLASSIFIER = re.compile(r"(?:个|家|支|座|所|处|路|对)$")
_GOODS = re.compile(rf"(?:{_GOODS_WORD})$")
_LEADING_WORD = re.compile(rf"^(?:余|多)?(?:{_GOODS_WORD}|个|家|支|座|所|处|对)")
# a quoted name between the classifier and the noun is skipped: 15支“思政课二人讲”队伍
_QUOTED = r"(?:“[^“”,，。]{1,12}”)?"
_AFTER_FACILITY = re.compile(rf"^{_QUOTED}[^,，。;；、0-9]{{0,16}}?(?:{_FACILITY})")
_AFTER_ORG = re.compile(rf"^{_QUOTED}[^,，。;；、0-9]{{0,6}}?(?:{_ORGANISATION})")
# several kinds of organisation, read in the sentence (160余家生产、施工、设计、监理单位);
# used with .match at the classifier
_AFTER_ORG_LIST = re.compile(
    rf"(?:余|多)?家(?:[^,，。;；、0-9]{{1,4}}、){{1,4}}[^,，。;；、0-9]{{0,4}}(?:{_ORGANISATION})"
)
# the number ends its clause, or only a predicate follows (驿站200家就是其中之一)
_ENDS_CLAUSE = re.compile(r"^(?:[ ”\"’)）]*$|就是|都是|均为|是)")
_AFTER_PLACE = re.compile(rf"^(?:{_PLACE})")
_AFTER_ITEM = re.compile(
    r"^[^,，。;；、]{0,10}?(?:名额|岗位|合同|协议|用工需求|点位|执勤点|现场|路线)"
)
# teams sent out in N routes: 分15路赴, 兵分四路 (codebook, Units: 路 -> organisation)
_TEAMS_GO = re.compile(r"^(?:赴|奔赴|前往|深入|走访|慰问|分赴)")
# places that each built a facility: 73个乡镇建设了“农民工驿站” (codebook, Units)
_PLACES_BUILT = re.compile(
    rf"^(?:{_PLACE})[^,，。;；、0-9]{{0,4}}?(?:建设|建成|建立|设立|新建)(?:了)?[“”\"]?"
    rf"[^,，。;；、0-9]{{0,8}}?(?:{_FACILITY})"
)
_AFTER_HOUSEHOLD = re.compile(r"^[^,，。;；、0-9]{0,10}?家庭")  # 24家特困在职和退休职工家庭
# an award counted before the number: 奖状 go to units, 奖章 to people
_BEFORE_AWARD = re.compile(r"(奖状|奖章)[”\"]?$")
# a part of a total counted just before (其中国家级6个,省级15; 包括…4家)
_SUBSET = re.compile(r"其中|包括")
_BEFORE_FACILITY = re.compile(rf"(?:{_FACILITY})[”\"’)）]?[^,，。;；、]{{0,6}}$")
_BEFORE_ORG = re.compile(rf"(?:{_ORGANISATION})[”\"’)）]?[^,，。;；、]{{0,8}}$")
_BEFORE_ITEM = re.compile(r"(?:岗位|名额)[^,，。;；、]{0,4}$")
_MONEY_BEFORE = re.compile(r"(?:资金|慰问金|助学金|捐资额|捐资|筹资|经费|款)[^,，。;；、]{0,6}$")


def unit_for_unknown(
    ctx: Context, text: str, *, previous: tuple[str, int] | None = None
) -> tuple[str, str] | None:
    """``(unit, why)`` for the count ``text`` at ``ctx``, or None when no rule knows.

    ``previous`` is the unit and end of the count before it in the text: a part
    (其中, 包括) of a total takes the total's unit.
    """
    found = _unit_for_unknown(ctx, text)
    if found is None and previous is not None:
        unit, end = previous
        if (
            unit in ("facility", "organisation", "item")
            and re.search(r"[0-9个家支座所处]$", text.rstrip("余多近左右"))  # not 近20种 (kinds)
            and ctx.start - end <= 60
            and _SUBSET.search(ctx.text[min(end, ctx.line_start) : ctx.start])
            and not re.match(r"^(?:余|多)?(?:名|人)", ctx.after)
        ):
            return unit, f"unit={unit}: a part (其中/包括) of the count before"
    return found


def _unit_for_unknown(ctx: Context, text: str) -> tuple[str, str] | None:
    after, before = ctx.after.lstrip(" "), ctx.before
    head = text.rstrip("余多近左右")
    # the measure word is the expression's last character or the text's next one
    if (
        (m := _LEADING_WORD.match(after))
        and not _CLASSIFIER.search(head)
        and not _GOODS.search(head)
    ):
        head, after = head + m.group(0), after[m.end() :]
    if _GOODS.search(head):
        return "item", f"unit=item: measure word {head[-1]}"
    if _BEFORE_AWARD.search(before):
        award = _BEFORE_AWARD.search(before).group(1)
        unit = "organisation" if award == "奖状" else "person"
        return unit, f"unit={unit}: {award} counted before the number"
    if _CLASSIFIER.search(head):
        if head.endswith("路") and (before.endswith("分") or _TEAMS_GO.match(after)):
            return "organisation", f"unit=organisation: teams sent out ({before[-2:]}{text})"
        if _PLACES_BUILT.match(after):
            return "facility", f"unit=facility: places that built one each ({text}{after[:8]})"
        if _AFTER_PLACE.match(after):
            return None
        if head.endswith("家") and _AFTER_HOUSEHOLD.match(after):
            return "household", f"unit=household: {text}{after[:8]}"
        if _AFTER_FACILITY.match(after):
            return "facility", f"unit=facility: {text}{after[:6]}"
        if _AFTER_ITEM.match(after):
            return "item", f"unit=item: {text}{after[:4]}"
        if _AFTER_ORG.match(after):
            return "organisation", f"unit=organisation: {text}{after[:6]}"
        if _AFTER_ORG_LIST.match(ctx.text, ctx.end - (1 if text.endswith("家") else 0)):
            return "organisation", "unit=organisation: kinds of organisation listed after"
        if _ENDS_CLAUSE.match(after):
            if _BEFORE_ITEM.search(before):
                return "item", "unit=item: posts or places counted before the number"
            if _BEFORE_FACILITY.search(before):
                return "facility", "unit=facility: a facility counted before the number"
            if _BEFORE_ORG.search(before):
                return "organisation", "unit=organisation: organisations counted before the number"
        return None
    if re.search(r"[万亿]$", head) and not after.strip() and _MONEY_BEFORE.search(before):
        return "yuan", "unit=yuan: 万 after a sum of money (资金, 慰问金)"
    return None
