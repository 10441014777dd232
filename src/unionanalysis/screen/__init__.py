"""Screening: which articles of an archive report union programmes with figures.

:func:`score_text` scores one cleaned text and says which words and how many
figures decided it; :class:`ScreenTask` runs it over archives on the engine;
``unionanalysis screen`` lists the articles at or above the threshold.
"""

from __future__ import annotations

from .score import PROGRAMME_WORDS, THRESHOLD, UNION_WORDS, Score, score_text
from .task import SCREEN_COLUMNS, ScreenTask

__all__ = [
    "PROGRAMME_WORDS",
    "SCREEN_COLUMNS",
    "THRESHOLD",
    "UNION_WORDS",
    "Score",
    "ScreenTask",
    "score_text",
]
