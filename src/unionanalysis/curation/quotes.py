"""The verbatim quote of a proposed row: at most 120 characters, cut at clause boundaries.

Rule ``quote=sentence``: the whole sentence when it fits. Otherwise rule
``quote=clauses``: the clause holding the number, widened clause by clause
(first backwards, where subject and time usually stand, then forwards) while
it fits. A clause longer than the limit is cut around the number
(``quote=window``). The quote is always a span of the cleaned text, and one
that :func:`unionanalysis.extract.locate` maps back to this very number
(a quote whose first occurrence holds an earlier copy of the figure is
narrowed until it does not).
"""

from __future__ import annotations

import re

from ..extract import locate
from .context import CLAUSE_END, Context

__all__ = ["MAX_QUOTE", "quote_for"]

MAX_QUOTE = 120
_EDGE = " \n" + CLAUSE_END


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in _EDGE:
        lo += 1
    while hi > lo and text[hi - 1] in _EDGE:
        hi -= 1
    return lo, hi


def _clause_starts(text: str, lo: int, hi: int) -> list[int]:
    return [m.end() for m in re.finditer(f"[{re.escape(CLAUSE_END)}]", text[lo:hi])]


def quote_for(ctx: Context, reported_text: str = "", limit: int = MAX_QUOTE) -> tuple[str, str]:
    """``(quote, rule)`` for the number of ``ctx`` whose reported text is ``reported_text``."""
    rep = reported_text or ctx.number
    for quote, rule in _quotes(ctx, limit):
        if locate(ctx.text, quote, rep) == (ctx.start, ctx.start + len(rep)):
            return quote, rule
    # the number's own span and what follows it is unique to it by construction
    lo = ctx.start
    hi = min(ctx.clause_end, lo + limit)
    while hi < len(ctx.text) and locate(ctx.text, ctx.text[lo:hi], rep) != (lo, lo + len(rep)):
        hi += 1
        if hi - lo > limit:
            break
    return ctx.text[lo:hi], "quote=number"


def _quotes(ctx: Context, limit: int):
    """Quotes to try, the most readable first."""
    text = ctx.text
    lo, hi = _trim(text, ctx.sentence_start, ctx.sentence_end)
    if hi - lo <= limit:
        yield text[lo:hi], "quote=sentence"
    # clause boundaries inside the sentence, as offsets into text
    cuts = sorted(
        {ctx.sentence_start + i for i in _clause_starts(text, ctx.sentence_start, ctx.sentence_end)}
    )
    starts = [ctx.sentence_start, *[c for c in cuts if c <= ctx.start]]
    ends = [c - 1 for c in cuts if c - 1 >= ctx.end] + [ctx.sentence_end]
    a, b = len(starts) - 1, 0
    q_lo, q_hi = _trim(text, starts[a], ends[b])
    if q_hi - q_lo > limit:
        half = max(0, (limit - (ctx.end - ctx.start)) // 2)
        w_lo = max(ctx.clause_start, ctx.start - half)
        w_hi = min(ctx.clause_end, w_lo + limit)
        w_lo = max(ctx.clause_start, min(w_lo, w_hi - limit))
        yield text[w_lo:w_hi], "quote=window"
        return
    grown = [(q_lo, q_hi)]
    grew = True
    while grew:
        grew = False
        if a > 0:
            lo2, hi2 = _trim(text, starts[a - 1], ends[b])
            if hi2 - lo2 <= limit:
                a, q_lo, q_hi, grew = a - 1, lo2, hi2, True
        if b < len(ends) - 1:
            lo2, hi2 = _trim(text, starts[a], ends[b + 1])
            if hi2 - lo2 <= limit:
                b, q_lo, q_hi, grew = b + 1, lo2, hi2, True
        grown.append((q_lo, q_hi))
    for q_lo, q_hi in reversed(grown):
        yield text[q_lo:q_hi], "quote=clauses"
    # the clause from the number's own clause start onwards
    c_lo, c_hi = _trim(text, ctx.clause_start, ctx.clause_end)
    if c_hi - c_lo <= limit:
        yield text[c_lo:c_hi], "quote=clause"
