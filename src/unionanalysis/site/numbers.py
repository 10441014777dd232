"""The dataset in numbers, for the front page of the report site."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from unionanalysis.dataset import load_exclusions, load_metrics, load_places, load_sources

__all__ = ["dataset_numbers"]


def dataset_numbers(data: Path | None = None) -> list[tuple[str, str]]:
    """``(label, value)`` pairs: sizes of the tables, coverage, how many figures are bounds."""
    metrics, sources = load_metrics(data), load_sources(data)
    exclusions, places = load_exclusions(data), load_places(data)
    years = pd.to_numeric(metrics["year"], errors="coerce").dropna()
    bounded = (metrics["qualifier"].astype(str) != "exact").mean() if len(metrics) else 0.0
    span = f"{int(years.min())}–{int(years.max())}" if len(years) else "none"
    return [
        ("articles", f"{len(sources):,}"),
        ("curated figures (metrics.csv rows)", f"{len(metrics):,}"),
        ("body numbers excluded, with reasons", f"{len(exclusions):,}"),
        ("places with a row in places.csv", f"{len(places):,}"),
        ("places with figures", f"{metrics['place_zh'].nunique():,}"),
        ("provinces with figures", f"{metrics['province_zh'].dropna().nunique():,}"),
        ("indicators used", f"{metrics['indicator'].nunique():,}"),
        ("years the figures cover", span),
        ("figures reported as bounds (more than, nearly, about)", f"{bounded:.0%}"),
    ]
