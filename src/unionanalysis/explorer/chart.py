"""The explorer's chart: every selected figure by place, one panel per unit, bounds drawn.

A Vega-Lite specification built with Altair. The controls (measure, indicator, unit, place
level, province, qualifier, years) are Vega-Lite parameters bound to inputs, so the same
chart filters itself in JupyterLab and in a plain browser page. Each unit gets its own
panel and axis (units are never mixed on one axis); a panel's axis is logarithmic where its
values span two orders of magnitude or more. A point is a reported figure, a line its
interval, and a "more than" figure ends in an open triangle: the article gives only a lower
bound. Clicking a point selects it (shift-click adds more), which the widget and the page
read to show the full rows.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from unionanalysis.explorer.rows import records
from unionanalysis.plots import OKABE_ITO, QUALIFIER_LABELS, UNIT_LABELS

__all__ = [
    "ALL",
    "CONTROLS",
    "DATASET",
    "MARK_NAME",
    "SELECTION",
    "explorer_chart",
    "param_name",
    "use_log_scale",
]

ALL = "(all)"  # the option of a control that filters nothing
MARK_NAME = "figures"  # points are Vega marks named figures_<unit>_marks: one per row shown
SELECTION = "picked"
DATASET = "rows"  # name of the embedded rows in the specification's ``datasets``
# control parameter -> row column it filters
CONTROLS: dict[str, str] = {
    "measure": "measure",
    "indicator": "indicator",
    "unit": "unit",
    "level": "place_level",
    "province": "province_zh",
    "qualifier": "qualifier",
}
TOOLTIP = [
    ("place_en", "place"),
    ("place_zh", "地名"),
    ("year", "year"),
    ("indicator", "indicator"),
    ("reported_text", "reported"),
    ("value", "value"),
    ("value_low", "low"),
    ("value_high", "high"),
    ("quote", "quote"),
    ("outlet", "outlet"),
    ("published", "published"),
    ("url", "url"),
    ("metric_id", "metric"),
]


def param_name(control: str) -> str:
    """Vega signal behind a control (prefixed: Vega reserves names such as ``unit``)."""
    return f"ctl_{control}"


def use_log_scale(values: Sequence[float] | pd.Series, *, span: float = 100.0) -> bool:
    """True when all values are positive and the largest is ``span`` times the smallest."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    if not len(numbers) or (numbers <= 0).any():
        return False
    return bool(np.max(numbers) / np.min(numbers) >= span)


def _options(rows: pd.DataFrame, column: str) -> list[str]:
    return [ALL, *sorted(set(rows[column].dropna().astype(str)))]


def _controls(rows: pd.DataFrame, initial: dict[str, str]) -> list[alt.Parameter]:
    params = []
    for name, column in CONTROLS.items():
        options = _options(rows, column)
        value = initial.get(name, ALL)
        if value not in options:
            raise ValueError(f"explorer: no row has {column} {value!r}; choose from {options[1:]}")
        params.append(
            alt.param(
                name=param_name(name),
                value=value,
                bind=alt.binding_select(options=options, name=f"{name} "),
            )
        )
    return params


def _year_controls(rows: pd.DataFrame) -> tuple[list[alt.Parameter], int, int]:
    years = pd.to_numeric(rows["year"], errors="coerce").dropna()
    first, last = (int(years.min()), int(years.max())) if len(years) else (2000, 2030)
    params = [
        alt.param(
            name=name, value=value, bind=alt.binding_range(min=first, max=last, step=1, name=label)
        )
        for name, value, label in (("year_from", first, "from "), ("year_to", last, "to "))
    ]
    return params, first, last


def _filter_expression(first: int, last: int) -> str:
    """Rows passing every control. Rows without a year show while the range is full."""
    parts = [
        f"({p} == '{ALL}' || datum.{column} == {p})"
        for p, column in ((param_name(n), c) for n, c in CONTROLS.items())
    ]
    parts.append(
        "(isValid(datum.year) ? (datum.year >= year_from && datum.year <= year_to)"
        f" : (year_from == {first} && year_to == {last}))"
    )
    return " && ".join(parts)


def _panel(
    rows: pd.DataFrame, unit: str, keep: str, selection: alt.Parameter, width: int
) -> alt.LayerChart:
    log = use_log_scale(rows["value"])
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    title = f"{UNIT_LABELS.get(unit, unit)}{' (log scale)' if log else ''}"
    x = alt.X("value:Q", scale=scale, title=title)
    y = alt.Y("place_en:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=160))
    base = (
        alt.Chart(alt.NamedData(name=DATASET))
        .transform_filter(f"datum.unit == '{unit}'")
        .transform_filter(keep)
    )
    interval = (
        base.transform_filter("datum.value_high > datum.value_low")
        .mark_rule(color="#555555")
        .encode(x=alt.X("value_low:Q", scale=scale, title=title), x2="value_high:Q", y=y)
    )
    open_end = (
        base.transform_filter("datum.qualifier == 'more_than'")
        .transform_calculate(tip="isValid(datum.value_high) ? datum.value_high : datum.value")
        .mark_point(shape="triangle-right", filled=False, size=40, color="#555555")
        .encode(x=alt.X("tip:Q", scale=scale, title=title), y=y)
    )
    tooltip = [alt.Tooltip(f"{field}:N", title=label) for field, label in TOOLTIP]
    tooltip[2] = alt.Tooltip("year:O", title="year")
    points = (
        base.mark_point(filled=True, size=50, opacity=0.9)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "qualifier:N",
                scale=alt.Scale(domain=list(QUALIFIER_LABELS), range=list(OKABE_ITO[:4])),
                legend=alt.Legend(title="reported as"),
            ),
            stroke=alt.condition(selection, alt.value("#D55E00"), alt.value(None)),
            strokeWidth=alt.condition(selection, alt.value(2.5), alt.value(0)),
            tooltip=tooltip,
        )
        .add_params(selection)
        .properties(name=f"{MARK_NAME}_{unit}")
    )
    layers = [interval, open_end] if (rows["qualifier"] == "more_than").any() else [interval]
    return alt.layer(*layers, points, title=unit).properties(width=width, height=alt.Step(14))


def explorer_chart(
    rows: pd.DataFrame, *, width: int = 520, with_map: bool = True, **initial: str
) -> alt.VConcatChart:
    """The explorer as a Vega-Lite chart over ``rows`` (see :func:`explorer_rows`).

    ``initial`` sets controls to start from, e.g. ``measure="funds"``; every row is embedded
    once, whatever the controls show. ``with_map`` puts the prefecture map on top
    (:mod:`unionanalysis.explorer.mapchart`).
    """
    unknown = sorted(set(initial) - set(CONTROLS))
    if unknown:
        raise TypeError(f"explorer_chart: unknown control(s) {unknown}; use {sorted(CONTROLS)}")
    if not len(rows):
        raise ValueError("explorer_chart: no rows to explore")
    params = _controls(rows, initial)
    years, first, last = _year_controls(rows)
    keep = _filter_expression(first, last)
    selection = alt.selection_point(
        name=SELECTION, fields=["metric_id"], on="click", clear="dblclick", empty=False
    )
    counts = rows["unit"].astype(str).value_counts()
    units = sorted(counts.index, key=lambda u: (-counts[u], u))
    with warnings.catch_warnings():
        # one selection shared by every panel is what is meant, not an accident
        warnings.filterwarnings("ignore", "Automatically deduplicated selection parameter")
        panels = [
            _panel(rows.loc[rows["unit"].astype(str) == u], u, keep, selection, width)
            for u in units
        ]
        if with_map:
            from unionanalysis.explorer.mapchart import add_map_keys, explorer_map

            rows = add_map_keys(rows)
            panels.insert(0, explorer_map(rows, width=width))
        # every view names the rows itself: a map lookup fails to compile under inherited data
        chart = alt.vconcat(*panels, datasets={DATASET: records(rows)})
        chart = chart.add_params(*params, *years)
    return chart.resolve_scale(y="independent", x="independent", color="shared").properties(
        title="Curated figures by place: click a point for its rows, shift-click for more"
    )
