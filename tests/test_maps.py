"""Boundaries and the choropleth: every prefecture drawn, places without figures marked."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import unionanalysis as ua
from unionanalysis import maps
from unionanalysis.analysis import UnitMixError
from unionanalysis.boundaries import BOUNDARY_CITATION, boundaries, map_adcode


def test_boundaries_hold_every_prefecture_once():
    pref = boundaries()
    assert pref["adcode"].is_unique and len(pref) > 330
    assert {"140200", "420100", "110100"} <= set(pref["adcode"])  # Datong, Wuhan, Beijing
    assert pref.crs.to_epsg() == 4326
    assert pref.geometry.is_valid.all() and not pref.geometry.is_empty.any()
    provinces = boundaries("province")
    assert len(provinces) >= 31 and "湖北省" in set(provinces["name_zh"])
    with pytest.raises(ValueError, match="level must be"):
        boundaries("county")


def test_municipalities_map_to_their_city_polygon():
    known = set(boundaries()["adcode"])
    assert map_adcode("110000", known) == "110100"
    assert map_adcode("140200", known) == "140200"
    assert map_adcode("140000", known) is None  # a province is not a prefecture
    assert map_adcode(None, known) is None


def test_map_values_keeps_the_latest_figure_per_prefecture():
    metrics, places = ua.load_metrics(), ua.load_places()
    values = maps.map_values(metrics, places, indicator="funds_disbursed")
    assert values["map_adcode"].is_unique and len(values) > 0
    chosen = metrics.loc[metrics["metric_id"].isin(values["metric_id"])]
    for _, row in chosen.iterrows():
        same = metrics.loc[
            (metrics["indicator"] == "funds_disbursed") & (metrics["adcode"] == row["adcode"])
        ]
        latest = same["period_end"].max()
        assert pd.isna(latest) or row["period_end"] == latest
    # per 10,000 wherever the gazetteer has a cited population, and only there
    assert values["value_per_10k"].notna().tolist() == values["population"].notna().tolist()
    assert values["value_per_10k"].notna().sum() > 0


def test_map_values_refuses_to_mix_units():
    metrics, places = ua.load_metrics(), ua.load_places()
    mixed = metrics.loc[metrics["indicator"] == "people_consoled", "unit"].nunique()
    assert mixed > 1
    with pytest.raises(UnitMixError, match="pass unit="):
        maps.map_values(metrics, places, indicator="people_consoled")
    one = maps.map_values(metrics, places, indicator="people_consoled", unit="person")
    assert set(one["unit"].astype(str)) == {"person"}


def test_choropleth_colours_the_places_with_figures_and_marks_the_rest():
    frame = pd.DataFrame(
        {
            "map_adcode": ["140200", "420100"],
            "value": [10.0, 5000.0],
            "unit": ["facility", "facility"],
            "indicator": ["stations_total"] * 2,
        }
    )
    fig, ax = plt.subplots()
    maps.plot_choropleth(frame, ax=ax)
    total = len(boundaries())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"no figure ({total - 2} of {total})"]
    assert any(BOUNDARY_CITATION.split(";")[0] in t.get_text() for t in ax.texts)
    bar = fig.axes[-1]
    assert "Stations total (facilities)" in bar.get_ylabel()
    assert bar.get_yscale() == "log"  # 10 to 5,000 spans more than two orders
    with pytest.raises(ValueError, match="several rows"):
        maps.plot_choropleth(pd.concat([frame, frame]))
