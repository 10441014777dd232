"""Where a number stands in its article: sentence, clause, and the words around it.

Every rule of the curation stage reads the same few windows of cleaned text,
so they are cut once here. A *sentence* ends at 。;!? or a line break; a
*clause* also ends at a comma, 、 or colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Context", "context_at"]

SENTENCE_END = "。;!?；！？\n"
CLAUSE_END = SENTENCE_END + ",，、:："
_SENTENCE = re.compile(f"[{re.escape(SENTENCE_END)}]")
_CLAUSE = re.compile(f"[{re.escape(CLAUSE_END)}]")


@dataclass(frozen=True)
class Context:
    """The windows of ``text`` around the number at ``[start, end)``."""

    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    clause_start: int
    clause_end: int
    line_start: int
    line_end: int

    @property
    def number(self) -> str:
        return self.text[self.start : self.end]

    @property
    def sentence(self) -> str:
        return self.text[self.sentence_start : self.sentence_end]

    @property
    def clause(self) -> str:
        return self.text[self.clause_start : self.clause_end]

    @property
    def before(self) -> str:
        """The clause up to the number."""
        return self.text[self.clause_start : self.start]

    @property
    def after(self) -> str:
        """The clause after the number."""
        return self.text[self.end : self.clause_end]

    @property
    def sentence_before(self) -> str:
        """The sentence up to the number."""
        return self.text[self.sentence_start : self.start]

    @property
    def sentence_after(self) -> str:
        return self.text[self.end : self.sentence_end]

    @property
    def line(self) -> str:
        return self.text[self.line_start : self.line_end]

    def previous_sentence(self) -> str:
        """The sentence before this one (empty at the start of the text)."""
        if self.sentence_start <= 1:
            return ""
        end = self.sentence_start - 1
        start = _last_boundary(self.text, _SENTENCE, end)
        return self.text[start:end]


def _last_boundary(text: str, pattern: re.Pattern[str], pos: int) -> int:
    """Offset just after the last boundary character before ``pos`` (0 when none)."""
    last = 0
    for m in pattern.finditer(text, 0, pos):
        last = m.end()
    return last


def _bounds(text: str, pattern: re.Pattern[str], start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and not pattern.match(text, lo - 1):
        lo -= 1
    m = pattern.search(text, end)
    return lo, (m.start() if m else len(text))


def context_at(text: str, start: int, end: int) -> Context:
    """The :class:`Context` of the number at ``[start, end)`` of ``text``."""
    s_lo, s_hi = _bounds(text, _SENTENCE, start, end)
    c_lo, c_hi = _bounds(text, _CLAUSE, start, end)
    l_lo = text.rfind("\n", 0, start) + 1
    l_hi = text.find("\n", end)
    return Context(text, start, end, s_lo, s_hi, c_lo, c_hi, l_lo, len(text) if l_hi < 0 else l_hi)
