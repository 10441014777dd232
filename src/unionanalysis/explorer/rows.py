"""The explorer's rows: every curated figure with its source and its place's population.

One flat frame serves the JupyterLab widget, the standalone page and the map, so a hover
shows the same evidence everywhere: the reported text, the verbatim quote, the outlet,
date and URL of the article.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import pandas as pd

from unionanalysis import analysis
from unionanalysis.dataset import load_metrics, load_places, load_sources

__all__ = ["ROW_COLUMNS", "SOURCE_COLUMNS", "explorer_rows", "records"]

# Source columns joined onto each metric (``title``, ``outlet``, ``published``, ``url``).
SOURCE_COLUMNS = ("title", "outlet", "published", "url")
# What a row of the explorer holds, in table order.
ROW_COLUMNS = (
    "metric_id",
    "source_id",
    "place_zh",
    "place_en",
    "place_level",
    "province_zh",
    "adcode",
    "year",
    "measure",
    "indicator",
    "programme_zh",
    "programme_en",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "reported_text",
    "quote",
    "period_start",
    "period_end",
    "period_kind",
    "population",
    "value_per_10k",
    "value_low_per_10k",
    "value_high_per_10k",
    *SOURCE_COLUMNS,
    "reporting_body",
    "notes",
)


def explorer_rows(
    metrics: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Metrics joined with their article and (by ``adcode``) their 2020 census population.

    Missing tables are loaded from ``data/``. Every metric row stays, in ``metric_id``
    order; figures of places without a population get empty per-10,000 columns.
    """
    metrics = load_metrics() if metrics is None else metrics
    sources = load_sources() if sources is None else sources
    places = load_places() if places is None else places
    missing = sorted(set(metrics["source_id"].dropna()) - set(sources["source_id"]))
    if missing:
        raise ValueError(f"explorer_rows: metrics cite sources not in sources.csv: {missing[:5]}")
    frame = metrics.drop(columns=[c for c in SOURCE_COLUMNS if c in metrics.columns])
    frame = frame.merge(
        sources[["source_id", *SOURCE_COLUMNS]], on="source_id", how="left", validate="m:1"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # places without a population are expected
        frame = analysis.per_capita(frame, places, on="adcode")
    for column in ("period_start", "period_end"):
        frame[column] = frame[column].dt.strftime("%Y-%m-%d").astype("string")
    frame = frame.sort_values("metric_id", kind="stable").reset_index(drop=True)
    return frame[[c for c in ROW_COLUMNS if c in frame.columns]]


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: ``None`` for every kind of missing, ``int`` for whole years."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (strings, floats, ints, ``None``), column order kept."""
    columns = list(frame.columns)
    out = []
    for row in frame.astype(object).itertuples(index=False, name=None):
        out.append({c: _plain(v) for c, v in zip(columns, row, strict=True)})
    return out
