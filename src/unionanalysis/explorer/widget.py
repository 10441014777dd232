"""``unionanalysis.explore()``: the explorer as a JupyterLab widget.

The chart is Altair's ``JupyterChart`` (an anywidget) in offline mode, so Vega comes from
vl-convert's bundle and nothing is fetched from the internet. Its controls filter in the
browser; the points a reader clicks come back to Python as the chart's selection, and the
widget shows their full rows (an itables table: sortable, searchable, CSV download) and the
articles they come from.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from unionanalysis import analysis
from unionanalysis.explorer.chart import SELECTION, explorer_chart
from unionanalysis.explorer.rows import explorer_rows
from unionanalysis.explorer.table import TABLE_COLUMNS, TABLE_OPTIONS

__all__ = ["Explorer", "explore"]

_SELECT_FILTERS = {
    "measure",
    "indicator",
    "unit",
    "places",
    "level",
    "years",
    "period_kind",
    "programme",
    "qualifier",
}


class Explorer:
    """What :func:`explore` returns: the widget, plus the rows and selection in Python."""

    def __init__(self, rows: pd.DataFrame, chart_kwargs: dict[str, str]) -> None:
        import altair as alt
        import ipywidgets as widgets
        from itables.widget import ITable

        alt.JupyterChart.enable_offline()
        self.rows = rows
        self.chart = alt.JupyterChart(explorer_chart(rows, **chart_kwargs))
        options = {k: v for k, v in TABLE_OPTIONS.items() if k not in ("maxBytes", "showIndex")}
        self.table = ITable(**options)
        self.table.update(self._table_frame([]), selected_rows=[])
        self.sources = widgets.HTML()
        self.note = widgets.HTML("<b>Click a point for its rows (shift-click for more).</b>")
        self.widget = widgets.VBox([self.chart, self.note, self.table, self.sources])
        self.widget.add_class("unionanalysis-explorer")
        self.chart.selections.observe(self._on_select, names=[SELECTION])

    def _table_frame(self, ids: list[str]) -> pd.DataFrame:
        rows = self.rows.loc[self.rows["metric_id"].isin(ids), list(TABLE_COLUMNS)]
        return rows.reset_index(drop=True)

    @property
    def selected(self) -> pd.DataFrame:
        """The full rows of the points selected in the chart."""
        value = getattr(self.chart.selections, SELECTION).value or []
        ids = [str(v["metric_id"]) for v in value if "metric_id" in v]
        return self.rows.loc[self.rows["metric_id"].isin(ids)]

    def _on_select(self, _change: Any) -> None:
        from html import escape

        picked = self.selected
        self.table.update(self._table_frame(list(picked["metric_id"])), selected_rows=[])
        self.note.value = f"<b>{len(picked)} point{'s' * (len(picked) != 1)} selected.</b>"
        sources = picked.drop_duplicates("source_id")
        items = "".join(
            f"<li>{escape(str(r.title))}, {escape(str(r.outlet))}, {escape(str(r.published))}"
            + (f' <a href="{escape(str(r.url))}">{escape(str(r.url))}</a>' if r.url else "")
            + "</li>"
            for r in sources.fillna("").itertuples()
        )
        self.sources.value = f"<ul>{items}</ul>" if items else ""

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(metrics: pd.DataFrame | None = None, **filters: Any) -> Explorer:
    """Explore curated figures in JupyterLab: ``ua.explore()`` shows every row.

    ``filters`` narrow the rows first, as :func:`unionanalysis.analysis.select` does
    (``measure=``, ``indicator=``, ``places=``, ``years=``...), plus ``province=`` (Chinese
    province name); the chart's own controls then filter further. The result displays as
    the widget; ``.selected`` holds the rows of the points clicked.
    """
    province = filters.pop("province", None)
    unknown = sorted(set(filters) - _SELECT_FILTERS)
    if unknown:
        raise TypeError(
            f"explore: unknown filter(s) {unknown}; use province or {sorted(_SELECT_FILTERS)}"
        )
    rows = explorer_rows(metrics)
    chosen = analysis.select(rows, **filters) if filters else rows
    if province is not None:
        wanted = [province] if isinstance(province, str) else list(province)
        chosen = chosen.loc[chosen["province_zh"].isin(wanted)]
    if not len(chosen):
        raise ValueError(f"explore: no row matches {filters | {'province': province}}")
    return Explorer(chosen.reset_index(drop=True), {})
