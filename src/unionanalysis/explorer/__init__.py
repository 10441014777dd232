"""Exploring the curated figures: a JupyterLab widget and a standalone page.

``unionanalysis.explore()`` (re-exported at the top level) is the widget;
:func:`write_explorer_page` writes the same chart as an offline HTML page.
"""

from __future__ import annotations

from unionanalysis.explorer.chart import explorer_chart
from unionanalysis.explorer.page import explorer_page, write_explorer_page
from unionanalysis.explorer.rows import explorer_rows
from unionanalysis.explorer.widget import Explorer, explore

__all__ = [
    "Explorer",
    "explore",
    "explorer_chart",
    "explorer_page",
    "explorer_rows",
    "write_explorer_page",
]
