"""Spreadsheet safety for text that came from third-party web pages.

Spreadsheet programs run a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula ("CSV injection"). Quotes and notes in ``data/`` are
copied from news sites, so the validator flags such cells and ``save_table`` writes them with a
leading apostrophe, which spreadsheets take as "this cell is text" and do not show. Numbers are
never altered: only text cells are looked at.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_STARTS", "as_text_cell", "is_formula_like", "text_safe_frame"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: object) -> bool:
    """True for a string a spreadsheet would run as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS)


def as_text_cell(text: object) -> object:
    """``text`` with a leading apostrophe when it is formula-like; anything else unchanged."""
    return f"'{text}" if is_formula_like(text) else text


def text_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every formula-like text cell of a text column is written as text."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            if values.map(is_formula_like).any():
                out[column] = values.map(as_text_cell).astype(values.dtype)
    return out
