"""How likely an article reports union service-programme activity with figures.

Archives are mostly about other things; screening keeps the articles worth
extracting and curating. The score adds three capped parts of the cleaned
text, each saturating at three hits:

* union bodies (weight 0.45): 总工会, 工会, 全总, 职代会 ...;
* programme and beneficiary words (0.35): 驿站, 帮扶, 慰问, 送温暖,
  互助保障, 法律援助, 职工, 农民工, 劳模 ..., counted once each, so one word
  repeated does not fill the part;
* figures (0.20): candidates of :func:`unionanalysis.extract.extract` whose
  unit the codebook maps (persons, person-times, yuan, facilities ...).

An article that names no union body scores at most 0.55, below the default
threshold of 0.6, so the programme words of other fields (a charity's 救助, a
company's 职工 and 培训) do not pass alone. ``docs/benchmarks.md`` measures recall and
precision at that threshold.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..text import CleanText

__all__ = ["PROGRAMME_WORDS", "THRESHOLD", "UNION_WORDS", "WORKER_WORDS", "Score", "score_text"]

THRESHOLD = 0.6
WEIGHTS = {"union": 0.45, "programme": 0.35, "figures": 0.20}
SATURATION = 3

UNION_WORDS = "中华全国总工会 全总 总工会 工会 工联会 职代会 工会会员 工会干部".split()
WORKER_WORDS = (
    "职工 农民工 劳动模范 劳模 工匠 女职工 困难职工 一线职工 产业工人 新就业形态劳动者 "
    "快递员 外卖骑手 户外劳动者"
).split()
PROGRAMME_WORDS = (
    "驿站 服务站 服务阵地 职工之家 职工书屋 母婴室 妈妈小屋 帮扶 慰问 送温暖 温暖 送清凉 助学 "
    "救助 救济 补助 资助 互助保障 互助 保险 疗休养 体检 法律援助 维权 权益 调解 讨薪 欠薪 "
    "集体协商 培训 竞赛 就业 岗位 招聘 创业 关爱 爱心 补贴 返乡 托管 普惠 建会 入会"
).split()
_TERMS = (
    {w: "union" for w in UNION_WORDS}
    | {w: "programme" for w in PROGRAMME_WORDS}
    | {w: "programme" for w in WORKER_WORDS}
)
_TERM = re.compile("|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)))


@dataclass(frozen=True)
class Score:
    """An article's relevance and the words and figures that decided it."""

    score: float
    union_words: dict[str, int]
    programme_words: dict[str, int]
    figures: int

    def relevant(self, threshold: float = THRESHOLD) -> bool:
        return self.score >= threshold

    def why(self) -> str:
        """``总工会×4 职工×2 | 驿站×3 慰问×1 | 7 figures``: the evidence, most frequent first."""

        def words(counts: dict[str, int]) -> str:
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            return " ".join(f"{w}×{n}" for w, n in top) or "-"

        return f"{words(self.union_words)} | {words(self.programme_words)} | {self.figures} figures"


def _part(n: int) -> float:
    return min(n, SATURATION) / SATURATION


def score_text(text: str | CleanText) -> Score:
    """Score cleaned ``text`` (see the module doc); deterministic, rounded to 3 places."""
    from ..extract import extract

    plain = text.text if isinstance(text, CleanText) else text
    hits = Counter(m.group() for m in _TERM.finditer(plain))
    union = {w: n for w, n in hits.items() if _TERMS[w] == "union"}
    programme = {w: n for w, n in hits.items() if _TERMS[w] == "programme"}
    figures = sum(1 for c in extract(plain) if c.unit != "unknown")
    value = (
        WEIGHTS["union"] * _part(sum(union.values()))
        + WEIGHTS["programme"] * _part(len(programme))
        + WEIGHTS["figures"] * _part(figures)
    )
    return Score(round(value, 3), union, programme, figures)
