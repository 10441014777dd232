"""Exclusions: which body numbers are not figures of union activity, and why.

Two kinds of number reach this module. *Candidates* (what
:func:`unionanalysis.extract.extract` returns, each of which needs a row)
are tested by :func:`candidate_reason`; a candidate no rule excludes becomes
a metric. *Other spans* the extractor's scanner saw but dropped (dates,
times, durations, ordinals, phone and document numbers, numeral idioms) are
given their reason by :func:`span_reason`, or skipped when they are no
number at all (the 一 of 统一). Each rule is named in ``why`` as
``exclusion=<reason>: <words seen>``; the reasons are the codebook's.
"""

from __future__ import annotations

import re

from ..extract import Candidate
from .context import Context

__all__ = ["candidate_reason", "span_reason"]

Reason = tuple[str, str, float]  # (reason, why, confidence)

_PHONE_BEFORE = re.compile(
    r"(?:电话|热线|拨打|手机|咨询电话|服务号码|号码|传真|联系方式|Tel|TEL)[::]?\s*$"
)
_POSTAL_BEFORE = re.compile(r"(?:邮编|邮政编码)[::]?\s*$")
_ID_BEFORE = re.compile(
    r"(?:备案号?|许可证号?|证号|编号|文号|信用代码|ICP|登记号|注册号|号码)[::]?\s*[A-Za-z0-9〔\[(]*$"
)
_COPYRIGHT_LINE = re.compile(r"版权|copyright|©|\(c\)|all rights", re.I)
_NAME_AFTER = re.compile(r"^(?:工程|版本|版|战略|精神|方针|周年|强)")  # 世界500强
# a pledge list's title: 10件实事, 十项实事
_DEEDS_AFTER = re.compile(r"(?:件|项)(?:民生)?实事")  # used with .match
# a number inside a short quoted name: “工会六个帮你办”, “温暖千万家”, “1+10+N”
_QUOTED_BEFORE = re.compile(r"“[^“”,，。;；!！?？、]{0,12}$")
_QUOTED_AFTER = re.compile(r"^[^“”,，。;；!！?？、]{0,10}”")
# a count of provinces, cities or counties (31个省, 14个市州, 8区10县): geography
_PLACES_AFTER = re.compile(
    r"^(?:个)?(?:省|自治区|直辖市|地市|市州|州市|市|州|县|区|盟)(?![^,，。;；、]{0,6}工会)"
    r"(?!长|委|政府|民|级|场|内|外|属|直|域)"
)
# a numbered list at the start of a line (1、凡本网注明 …)
_LIST_NUMBER_AFTER = re.compile(r"\s*[、.．]")  # used with .match
# a spaced date the extractor reads as a count (2 月 3 日)
_SPACED_DATE_AFTER = re.compile(r"^\s+(?:年|月|日|号)")
# a difference from last year (比上年增加53.8万元) is no amount of its own
_DIFFERENCE_BEFORE = re.compile(
    r"比(?:上年|去年|上一年|同期|往年|上届)[^,，。;；]{0,6}?(?:增加|增长|多|提高|减少)(?:了)?$"
)
# one of a number of people honoured (被评为全国17名优秀指导员之一)
_ONE_OF_AFTER = re.compile(r"^[^,，。;；]{0,10}?(?<!其中)之一")
# people who took part are no workforce (全市共有1万余名职工参与活动)
_TOOK_PART_AFTER = re.compile(r"参与|参加|参赛|受益|入会|加入|获得|享受")
_REPEAT_BEFORE = re.compile(r"(?:这|此|上述|该|以上)$")
_ORDINAL_BEFORE = re.compile(r"(?:第|届|No\.?|序号)$")
_NOT_UNION = re.compile(
    r"人口|从业人员|产值|GDP|生产总值|营业收入|营收|销售额|利润|税收|种植面积|播种|产量|亩产|出口|进口"
    r"|共青团|团市委|团委|妇联|民生实事|市政府.{0,6}项"
    r"|经济效益|节约|节支|节水|节电|节能|多制水|增收|成本|产水率|全国纪录"
    r"|(?:拉动|带动)[^,，。;；]{0,6}(?:消费|经济|产值|投资)"  # an economic effect, not union money
)
# another mass organisation (the Youth League, the Women's Federation) is the subject of a
# sentence that names no union: its figures are its own (共青团兰州市委领导对…2名困难青少年)
_SENTENCE_LEAD = re.compile(
    r"^(?:(?:又讯|本报讯|据悉|同时|此外|另外|近日|日前"
    r"|[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日(?:上午|下午|晚上)?)[,，]?)*"
)
_OTHER_BODY = re.compile(  # used with .match after the sentence's lead (dates, 又讯)
    r"[^,，。;；]{0,10}?(?:共青团|团(?:中央|省委|市委|县委|区委)|妇联|妇女联合会|红十字会)"
)
# a rate of output, not a count: 每周制作1期节目
_FREQUENCY_BEFORE = re.compile(r"每(?:周|月|天|日|年|季度|星期|半月)[^,，。;；0-9]{0,4}$")
# a workforce stated before the number: 现有快递员工2.1万名, 劳模共有71名, 当时全市有职工34万余人
_WORKFORCE_BEFORE = re.compile(
    r"(?:现有|共有|当时[^,，]{0,4}有|(?:全市|全省|全国|全县|全区)有)[^,，]{0,6}?"
    r"(?:职工|员工|快递员|劳模|农民工|工人)(?:共有|有)?$"
    r"|(?:职工|员工|快递员|劳模|农民工|工人)(?:共有|已突破|突破|总数达|总量达)$"
)
# people at a ceremony: 代表…参加(了)发放仪式, 参加了会议; 为10名受助学生代表发放
# firms that exist are no union figure (周围1公里内有8家快递企业营业网点), unless they took
# part or founded unions
_FIRMS_EXIST_BEFORE = re.compile(r"(?<![共已还现])有(?:近|约|超过|逾)?$")
_FIRMS_AFTER = re.compile(r"^(?:余|多)?(?:家|个)?[^,，。;；、]{0,6}?(?:企业|公司|网点|商户)")
# a small group as the owner of something (三人的讨薪之路) points back at people named
_GROUP_OF = re.compile(r"^的")
_CEREMONY_AFTER = re.compile(
    r"^[^。;；!！?？]{0,16}?(?:代表)?(?:现场)?参加(?:了)?(?:发放仪式|会议|座谈)"
    r"|^(?:名|人|位)?(?:受助|受资助)(?:学生|职工)?代表"
    r"|^(?:个|家)?单位的[^,，。;；]{0,8}代表"  # 慰问了…等2个单位的部分困难职工代表
)
_WORKFORCE = re.compile(r"(?:目前|现|全市|全省|全国|共|拥有|现有)?有(?:近|约|超过|逾)?$")
_WORKFORCE_NOUN = re.compile(
    r"^(?:名|人|万)?(?:户外劳动者|职工|农民工|员工|从业人员|劳动者|工人|农民|居民)"
)
_ANECDOTE = re.compile(
    r"一名|一位|一户|(?<!其)他(?!们|人)|她(?!们)|(?<![尤极])其(?![中他余它次实])|家住|俺|女士|先生|师傅"
    r"|同学|老人|大爷|大妈|阿姨|小伙|父亲|母亲|儿子|女儿|丈夫|妻子"
)
# a person's own account in a direct quotation, in the first person singular (“俺们…四万多元
# 工资一直没拿到”, “…给我送来了两万多元的救助金”; not 我们, 我会, 我市: a union speaking)
_FIRST_PERSON = re.compile(r"俺|咱|(?<!自)我(?!们|会|市|省|县|区|国|他)")
_CAPTION = re.compile(r"[(（](?:左|右|中)[一二三四五六]?[)）]")  # a photo's person: 吴祥虎(右二)
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")  # a byline (记者 刘其洁) is no anecdote
_PER_HEAD = re.compile(r"每人|每户|每名|每生|每位|每家|人均|户均|标准|一次性|不低于")
_THRESHOLD_AFTER = re.compile(
    r"^(?:以上|以下)?(?:的)?[“”\"]?(?:[^,，。;；“”]{0,4}[”\"])?(?:领域)?(?:企业|单位|规模)"
)
_UNKNOWN_AFTER_PERSONAL = re.compile(r"^(?:岁|分)")
_CATEGORY_AFTER = re.compile(
    r"^(?:类|级|种(?!植|子|苗|养)|大类|方面|个方面|大行动|项措施|条措施|项服务|项功能|项内容|个文件|个行业|大行业|个领域)"
)
NAME_WORDS = (
    "两节 双节 四送 五家 万家 百家 千企 十四五 十三五 十二五 十一五 十百千万 四季 二本 一本 三本 "
    "百度 "
    "四个 三个 两个 五个 六个 八个 十大 一把手 一线 一流 两会 三八 五一 七一 八一 十九大 二十大"
).split()


def _within(ctx: Context, spans) -> bool:
    return any(s.start < ctx.end and ctx.start < s.end for s in spans)


def candidate_reason(ctx: Context, cand: Candidate, *, damaged=()) -> Reason | None:
    """The exclusion reason of a candidate, or None when it is a metric."""
    before, after = ctx.before, ctx.after
    if _within(ctx, damaged):
        return "damaged", "exclusion=damaged: inside a span the cleaner flags as damaged", 0.8
    if _PHONE_BEFORE.search(before) or cand.text in ("12351",):
        return "phone", "exclusion=phone: 电话/热线 before the number", 0.95
    if _POSTAL_BEFORE.search(before):
        return "id_number", "exclusion=id_number: postal code (邮编)", 0.95
    if _ID_BEFORE.search(before):
        return "id_number", "exclusion=id_number: 备案/编号/许可证 before the number", 0.9
    if _COPYRIGHT_LINE.search(ctx.line):
        return "copyright", "exclusion=copyright: on a copyright line", 0.8
    if _ORDINAL_BEFORE.search(before):
        return "ordinal", f"exclusion=ordinal: {before[-1:]} before the number", 0.85
    if _REPEAT_BEFORE.search(before):
        return "repeat", f"exclusion=repeat: {before[-1:]} points back to a figure", 0.7
    if not ctx.text[ctx.line_start : ctx.start].strip() and _LIST_NUMBER_AFTER.match(
        ctx.text, ctx.end
    ):
        return "ordinal", f"exclusion=ordinal: {ctx.number}{after[:1]} numbers a list", 0.8
    if cand.unit == "unknown" and _SPACED_DATE_AFTER.match(after):
        return "date", f"exclusion=date: {ctx.number}{after[:3]}", 0.8
    if cand.unit == "unknown" and re.fullmatch(r"(?:19[5-9][0-9]|20[0-4][0-9])", ctx.number):
        return "date", f"exclusion=date: the year {ctx.number}", 0.7
    if cand.unit == "unknown" and re.match(r"(?:周年|华诞)", after):
        return "date", f"exclusion=date: an anniversary ({ctx.number}{after[:2]})", 0.7
    if cand.unit == "unknown" and _NAME_AFTER.search(after):
        return "name", f"exclusion=name: part of a name ({ctx.number}{after[:2]})", 0.75
    if _DEEDS_AFTER.match(ctx.text, cand.end - 1) or _DEEDS_AFTER.match(after):
        return "name", f"exclusion=name: a pledge list's title ({ctx.number}{after[:3]})", 0.7
    if _QUOTED_BEFORE.search(before) and _QUOTED_AFTER.match(after):
        return "name", f"exclusion=name: inside a quoted name ({ctx.number}{after[:3]})", 0.65
    if (cand.unit == "unknown" and _UNKNOWN_AFTER_PERSONAL.search(after)) or ctx.number.endswith(
        "岁"
    ):
        return "anecdote", "exclusion=anecdote: one person's age or score", 0.7
    if _CATEGORY_AFTER.search(after) or _CATEGORY_AFTER.search(
        ctx.text[cand.end - 1 : cand.end + 3]
    ):
        return "other", "exclusion=other: a number of categories, levels or measures", 0.6
    if cand.unit in ("person", "unknown") and (
        _THRESHOLD_AFTER.search(after)
        or (re.search(r"以上$", ctx.number) and _THRESHOLD_AFTER.search("以上" + after))
    ):
        return "other", "exclusion=other: a size threshold (人以上企业)", 0.7
    if cand.unit in ("person", "unknown") and _PLACES_AFTER.match(after):
        return "not_union", f"exclusion=not_union: a count of places ({ctx.number}{after[:2]})", 0.6
    if _DIFFERENCE_BEFORE.search(before):
        return "other", "exclusion=other: a difference from an earlier year (比上年增加)", 0.6
    if cand.unit == "person" and _ONE_OF_AFTER.match(after):
        return "other", "exclusion=other: one of a number honoured (…之一)", 0.55
    if m := _NOT_UNION.search(ctx.clause):
        return "not_union", f"exclusion=not_union: {m.group(0)}", 0.6
    lead = _SENTENCE_LEAD.match(ctx.sentence_before).end()
    if "工会" not in ctx.sentence_before and (m := _OTHER_BODY.match(ctx.sentence_before, lead)):
        body = m.group(0)[-3:]
        return "not_union", f"exclusion=not_union: {body} is the subject, no union named", 0.6
    if cand.value <= 3 and _FREQUENCY_BEFORE.search(before):
        return "other", f"exclusion=other: a frequency ({before[-4:]}{ctx.number})", 0.55
    if (
        cand.unit in ("person", "unknown")
        and _WORKFORCE.search(before)
        and (
            _WORKFORCE_NOUN.search(after)
            or _WORKFORCE_NOUN.search(ctx.text[cand.end - 1 : cand.end + 6])
        )
        and not _TOOK_PART_AFTER.search(ctx.sentence_after)
    ):
        return "not_union", "exclusion=not_union: a workforce (有…职工/劳动者)", 0.55
    if (
        cand.unit in ("person", "person_time", "unknown")
        and _WORKFORCE_BEFORE.search(before)
        and not after
        and not re.search(r"在档|建档|困难|会员", before)
    ):
        return "not_union", "exclusion=not_union: a workforce stated before the number", 0.55
    if (
        cand.unit in ("organisation", "unknown")
        and _FIRMS_EXIST_BEFORE.search(before)
        and _FIRMS_AFTER.match(after)
        and not re.search(r"参与|参加|参赛|受益|建会|建立工会|入会|加入", after)
    ):
        return "not_union", "exclusion=not_union: firms that exist (有…家企业)", 0.55
    if cand.unit == "person" and cand.value <= 10 and _GROUP_OF.match(after):
        return "anecdote", f"exclusion=anecdote: a group named before ({ctx.number}的)", 0.5
    if cand.unit in ("person", "organisation") and _CEREMONY_AFTER.search(ctx.sentence_after):
        return "other", "exclusion=other: people attending a ceremony or meeting", 0.55
    speech = ctx.text[max(0, ctx.start - 120) : ctx.start]
    speech = speech[speech.rfind("“") :] if "“" in speech else ""
    if speech and "”" not in speech and (m := _FIRST_PERSON.search(speech)):
        return "anecdote", f"exclusion=anecdote: a person's own words ({m.group(0)}…)", 0.55
    if (
        cand.unit == "yuan"
        and cand.value <= 20000
        and (
            m := _CAPTION.search(ctx.sentence) or _ANECDOTE.search(_BRACKETED.sub("", ctx.sentence))
        )
        and not _PER_HEAD.search(ctx.sentence_before + after[:4])
    ):
        return "anecdote", f"exclusion=anecdote: {m.group(0)} (one person's case)", 0.55
    if cand.unit == "unknown":
        return "other", f"exclusion=other: no unit the codebook maps ({ctx.number}{after[:3]})", 0.4
    return None


_DATE_SKIP = re.compile(r"^[0-9]{4}[-/.][0-9]{1,2}(?:[-/.][0-9]{1,2})?$|^[0-9]{1,2}·[0-9]{1,2}$")
_TIME_SKIP = re.compile(r"^[0-9]{1,2}(?::[0-9]{2}){1,2}$|^[0-9]{1,2}[时点][0-9]{1,2}分$")
_RANGE_SKIP = re.compile(r"^(?:19|20)[0-9]{2} ?[-–—~～至到] ?(?:19|20)[0-9]{2}$")
_PHONE_SKIP = re.compile(r"^(?:0[0-9]{2,3}-[0-9]{7,8}|400-?[0-9]{3}-?[0-9]{4})$")
_DATE_AFTER = re.compile(r"^(?:年|月|日|号(?=[,，、。 ]|$)|世纪|年代)")
_DURATION_AFTER = re.compile(
    r"^(?:多|余)?(?:个)?(?:年来|年多|多年|年间|年内|年时间|年|个月|月|天|日|周|星期|小时|分钟|秒|工作日|钟头)"
)
_TIME_AFTER = re.compile(r"^(?:时|点(?:钟|半|整|许)?)")
_ORDINAL_AFTER = re.compile(r"^(?:号|届|期|批|次会|是|则|楼|层|排|位|名(?=[,，、。]))")
_CN = set("〇零一二三四五六七八九十百千万亿两")


def span_reason(ctx: Context, kind: str) -> Reason | None:
    """The reason of a number the extractor dropped, or None when it is no number."""
    t = ctx.number
    before, after = ctx.before, ctx.text[ctx.end : ctx.end + 8]
    if kind == "idiom":
        return "other", f"exclusion=other: idiom {t}", 0.8
    if kind == "skip":
        if _RANGE_SKIP.match(t):
            if _COPYRIGHT_LINE.search(ctx.line):
                return "copyright", "exclusion=copyright: year range on a copyright line", 0.9
            return "date", "exclusion=date: a range of years", 0.8
        if _DATE_SKIP.match(t):
            return "date", "exclusion=date: a written date", 0.9
        if _TIME_SKIP.match(t):
            return "time", "exclusion=time: a clock time", 0.9
        if _PHONE_SKIP.match(t) or _PHONE_BEFORE.search(before):
            return "phone", "exclusion=phone: a telephone number", 0.95
        return (
            "id_number",
            "exclusion=id_number: letters and digits (licence, document or web id)",
            0.8,
        )
    arabic = any(c.isdigit() for c in t)
    cn_only = not arabic
    # a range's upper end carries the word: 10至15分钟
    after = re.sub(r"^(?:至|到|~|～|-|—)[0-9一二三四五六七八九十]+", "", after)
    if cn_only and t in "一零〇":
        return None  # 统一, 一些: the word 一, not a figure
    if _ORDINAL_BEFORE.search(before):
        return "ordinal", f"exclusion=ordinal: {before[-1:]}{t}", 0.85
    if arabic and _PHONE_BEFORE.search(before):
        return "phone", "exclusion=phone: 电话/热线 before the number", 0.95
    if arabic and _POSTAL_BEFORE.search(before):
        return "id_number", "exclusion=id_number: postal code (邮编)", 0.95
    if _TIME_AFTER.match(after) and not _DURATION_AFTER.match(after):
        return "time", f"exclusion=time: {t}{after[:1]}", 0.8
    if re.match(r"^(?:年|月)(?!来|多|间|内|时间)", after) and (
        arabic or len(t) >= 2 or after[:1] == "月"
    ):
        if after[:1] == "年" and cn_only and len(t) <= 2:
            return "duration", f"exclusion=duration: {t}{after[:1]}", 0.7
        return "date", f"exclusion=date: {t}{after[:1]}", 0.85
    if re.match(r"^日", after) and (arabic or len(t) >= 2):
        return "date", f"exclusion=date: {t}日", 0.85
    if _DURATION_AFTER.match(after) or re.match(r"^(?:年|个月)", t[-1:] + after):
        return "duration", f"exclusion=duration: {t}{after[:2]}", 0.8
    if re.search(r"(?:腊月|正月|农历)$", before):
        return "date", f"exclusion=date: a lunar date ({before[-2:]}{t})", 0.8
    if re.match(r"^(?:周年|华诞)", after) or re.match(r"^(?:号)", after):
        kind_ = "ordinal" if after.startswith("号") else "date"
        return kind_, f"exclusion={kind_}: {t}{after[:2]}", 0.75
    if _ORDINAL_AFTER.match(after):
        return "ordinal", f"exclusion=ordinal: {t}{after[:1]}", 0.6
    word = t + after[:2]
    for name in NAME_WORDS:
        if name.startswith(t) and word.startswith(name):
            return "name", f"exclusion=name: {name}", 0.75
    if t == "十" and after.startswith("分"):
        return "other", "exclusion=other: the adverb 十分", 0.8
    if re.search(r"(?:以上|以下)(?:的)?[”\"]?(?:企业|单位)", (t + after)[:12]):
        return "other", f"exclusion=other: a size threshold ({t}{after[:4]})", 0.7
    if before[-1:] and before[-1:] in "“‘\"'《「":
        return "name", f"exclusion=name: inside quotation marks ({t}{after[:2]})", 0.7
    # the words after the numerals: 四类群体 (kinds), 八一路 (a street)
    tail = re.sub(r"^[0-9〇零一二三四五六七八九十百千万亿两.]+(?:余|多)?", "", t) + after
    if _CATEGORY_AFTER.search(after) or (tail != after and _CATEGORY_AFTER.search(tail)):
        return "other", f"exclusion=other: {t}{after[:2]} (levels or categories)", 0.6
    if re.match(r"(?:路|街|巷|大道|大街)", tail):
        return "name", f"exclusion=name: a street ({t}{after[:1]})", 0.7
    if t == "十" and after.startswith("分"):
        return "other", "exclusion=other: the adverb 十分", 0.8
    if arabic:
        if re.fullmatch(r"[0-9]{7,}", t) or (len(t) > 1 and t[0] == "0"):
            return "id_number", "exclusion=id_number: a long digit string", 0.7
        return "other", f"exclusion=other: a number the extractor drops ({t}{after[:2]})", 0.4
    if set(t) & set("万亿千百") and len(t) >= 2:
        return "name", f"exclusion=name: numerals in a word ({t}{after[:2]})", 0.4
    return None
