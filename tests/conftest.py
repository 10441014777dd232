"""Shared fixtures. Fixtures for the analysis and plotting tests start with ``analysis_``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from unionanalysis.codes import LEVELS, MEASURES, PERIOD_KINDS, QUALIFIERS, UNITS

_ANALYSIS_CATEGORIES = {
    "place_level": list(LEVELS),
    "measure": list(MEASURES),
    "qualifier": list(QUALIFIERS),
    "unit": list(UNITS),
    "period_kind": list(PERIOD_KINDS),
}

_ANALYSIS_DEFAULTS: dict[str, Any] = {
    "source_id": "c001",
    "place_zh": "武汉市",
    "place_en": "Wuhan",
    "place_level": "prefecture",
    "province_zh": "湖北省",
    "adcode": "420100",
    "reporting_body": "市总工会",
    "programme_zh": "送温暖",
    "programme_en": "Send Warmth",
    "measure": "people",
    "indicator": "people_aided",
    "value": 100.0,
    "value_low": None,
    "value_high": None,
    "qualifier": "exact",
    "unit": "person",
    "reported_text": "100人",
    "quote": "",
    "period_start": "2020-01-01",
    "period_end": "2020-12-31",
    "period_kind": "annual",
    "year": 2020,
    "notes": "",
}


def analysis_build_metrics(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A metrics frame with the loader's columns and dtypes; unset bounds default to value."""
    records = []
    for number, row in enumerate(rows, start=1):
        record = {"metric_id": f"{row.get('source_id', 'c001')}-{number:02d}"}
        record.update(_ANALYSIS_DEFAULTS)
        record.update(row)
        for bound in ("value_low", "value_high"):
            if record[bound] is None:
                record[bound] = record["value"]
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=["metric_id", *_ANALYSIS_DEFAULTS])
    for column, categories in _ANALYSIS_CATEGORIES.items():
        frame[column] = pd.Categorical(frame[column], categories=categories)
    for column in ("value", "value_low", "value_high"):
        frame[column] = frame[column].astype("Float64")
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    frame["year"] = frame["year"].astype("Int64")
    text = [c for c in frame.columns if c not in _ANALYSIS_CATEGORIES]
    for column in text:
        if frame[column].dtype == object:
            frame[column] = frame[column].astype("string")
    return frame


def analysis_build_places(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A places frame with the loader's columns and dtypes."""
    defaults = {
        "place_zh": "武汉市",
        "place_en": "Wuhan",
        "level": "prefecture",
        "parent_zh": "湖北省",
        "adcode": "420100",
        "population": None,
        "population_year": 2020,
        "population_basis": "census_2020",
        "population_source": "Seventh national census",
    }
    frame = pd.DataFrame.from_records([{**defaults, **row} for row in rows], columns=list(defaults))
    frame["level"] = pd.Categorical(frame["level"], categories=_ANALYSIS_CATEGORIES["place_level"])
    for column in ("population", "population_year"):
        frame[column] = frame[column].astype("Int64")
    for column in ("place_zh", "place_en", "parent_zh", "adcode", "population_basis"):
        frame[column] = frame[column].astype("string")
    frame["population_source"] = frame["population_source"].astype("string")
    return frame


@pytest.fixture
def analysis_make_metrics() -> Callable[[list[dict[str, Any]]], pd.DataFrame]:
    """Build a small metrics frame from partial rows (see ``analysis_build_metrics``)."""
    return analysis_build_metrics


@pytest.fixture
def analysis_make_places() -> Callable[[list[dict[str, Any]]], pd.DataFrame]:
    """Build a small places frame from partial rows."""
    return analysis_build_places


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test left open (pyplot keeps them alive)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
