"""Programme of a figure: the programme named nearest before the number.

Rule ``programme=<name>``: the first of these names found, looking in the
clause, then the sentence up to the number, then the sentence after it, then
the previous sentence, the article's headline and first paragraph, and
finally the programme the article names most often (a 送清凉 round-up whose
lead speaks only of 高温 and 清凉服务网 is still about 送清凉). The name is
kept as the article writes it (``冬送温暖``, ``工会户外劳动者服务站点``);
``programme_en`` is the English name of the pattern; the family follows
from :func:`unionanalysis.programmes.programme_family`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .context import Context

__all__ = ["PROGRAMMES", "programme_for"]

# (pattern, English name); the longest match at a position wins, so specific
# names come with their own English and general ones catch the rest.
PROGRAMMES: tuple[tuple[str, str], ...] = (
    (r"两节送温暖", "Send Warmth (New Year and Spring Festival)"),
    (r"冬送温暖", "Winter Send Warmth"),
    (r"送温暖", "Send Warmth"),
    (r"温暖冬日、共建和谐", "Warm Winter, Build Harmony (Spring Festival Send Warmth)"),
    (r"春节慰问", "Spring Festival visits"),
    (r"双节慰问", "Double Festival visits"),
    (r"金秋助学", "Golden Autumn student aid"),
    (r"求学圆梦行动", "Study for Dreams (migrant worker education aid)"),
    (r"夏送清凉", "Summer Cooling"),
    (r"送清凉", "Summer Cooling"),
    (r"工会户外劳动者服务站点", "union outdoor-worker service stations"),
    (r"户外劳动者服务站点", "outdoor worker service stations"),
    (r"户外劳动者爱心驿站", "outdoor-worker love stations"),
    (r"户外劳动者驿站", "outdoor worker stations"),
    (r"户外工作者驿站", "outdoor worker stations"),
    (r"新就业形态劳动者驿站", "new-employment-form worker station"),
    (r"农民工驿站", "migrant-worker stations"),
    (r"工会爱心驿站", "union love stations"),
    (r"爱心驿站", "love stations"),
    (r"工会驿站", "union service stations"),
    (r"工会服务站点", "union service stations"),
    (r"职工书屋", "workers' libraries"),
    (r"母婴室|爱心妈咪小屋", "mother-and-baby rooms"),
    (r"春风行动", "Spring Breeze job fairs"),
    (r"春送岗位", "Spring job delivery"),
    (r"职工互助保险|职工互助保障|互助保障|互助保险", "workers' mutual insurance"),
    (r"困难职工帮扶", "hardship worker aid"),
    (r"解困脱困", "urban hardship worker relief"),
    (r"疗休养", "rest and recuperation"),
    (r"劳动和技能竞赛|劳动技能竞赛|技能竞赛|劳动竞赛", "labour and skills competitions"),
    (r"法律援助", "legal aid"),
    (r"法律服务", "legal services"),
    (r"集体协商", "collective bargaining"),
    (r"乡村振兴", "rural revitalisation"),
    (r"劳模创新工作室", "model-worker innovation studios"),
    (r"送健康", "Send Health"),
)
_PATTERN = re.compile("|".join(f"(?:{p})" for p, _ in PROGRAMMES))
_ENGLISH = [(re.compile(f"(?:{p})$"), en) for p, en in PROGRAMMES]


def _english(name: str) -> str:
    return next((en for pat, en in _ENGLISH if pat.match(name)), "")


def _last(text: str) -> str | None:
    found = None
    for m in _PATTERN.finditer(text):
        found = m.group(0)
    return found


def _first(text: str) -> str | None:
    m = _PATTERN.search(text)
    return m.group(0) if m else None


@lru_cache(maxsize=8)
def _most_named(text: str) -> str | None:
    """The programme the article names most often (first named on a tie)."""
    names = [m.group(0) for m in _PATTERN.finditer(text)]
    return max(names, key=names.count) if names else None


def programme_for(ctx: Context, lead: str = "") -> tuple[str, str, str]:
    """``(programme_zh, programme_en, why)``; empty names when the article names none.

    ``lead`` is the article's headline and first paragraph.
    """
    looks = (
        ("clause", _last(ctx.before)),
        ("sentence", _last(ctx.sentence_before)),
        ("sentence", _first(ctx.sentence_after)),
        ("previous sentence", _last(ctx.previous_sentence())),
        ("lead", _first(lead)),
        ("article", _most_named(ctx.text)),
    )
    for where, name in looks:
        if name:
            return name, _english(name), f"programme={name}: named in the {where}"
    return "", "", "programme=none: no programme named near the number"
