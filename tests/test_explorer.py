"""The explorer's rows, chart and page, without a browser (the browser tests drive them)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import unionanalysis as ua
from unionanalysis.explorer import chart as ch
from unionanalysis.explorer.page import explorer_page
from unionanalysis.explorer.rows import explorer_rows, records


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return explorer_rows()


def test_rows_keep_every_metric_with_its_source_and_population(rows):
    metrics, sources = ua.load_metrics(), ua.load_sources()
    assert len(rows) == len(metrics)
    assert rows["metric_id"].is_unique and rows["metric_id"].is_monotonic_increasing
    one = rows.set_index("metric_id").loc["seed000-01"]
    source = sources.set_index("source_id").loc["seed000"]
    assert one["outlet"] == source["outlet"] and one["published"] == source["published"]
    assert one["period_end"] == "2019-07-30"
    datong = ua.load_places().set_index("adcode").loc["140200", "population"]
    assert one["population"] == datong
    assert one["value_per_10k"] == pytest.approx(156 / datong * 10_000)


def test_records_are_json_without_nan(rows):
    text = json.dumps(records(rows), allow_nan=False, ensure_ascii=False)
    back = json.loads(text)
    assert len(back) == len(rows) and back[0]["metric_id"] == rows["metric_id"].iloc[0]
    assert any(r["year"] is None for r in back)  # undated figures stay, as null


def test_log_scale_only_for_positive_values_spanning_two_orders():
    assert ch.use_log_scale([1, 100])
    assert not ch.use_log_scale([1, 99])
    assert not ch.use_log_scale([0, 1000])
    assert not ch.use_log_scale([])


def test_chart_has_one_panel_per_unit_and_every_control(rows):
    spec = ch.explorer_chart(rows).to_dict()
    units = sorted(rows["unit"].astype(str).unique())
    mapped, *panels = spec["vconcat"]
    assert mapped["projection"]["type"] == "conicEqualArea"  # the prefecture map on top
    titles = sorted(panel["title"] for panel in panels)
    assert titles == units
    names = {p["name"] for p in spec["params"]}
    expected = {ch.param_name(c) for c in ch.CONTROLS} | {"year_from", "year_to", ch.SELECTION}
    assert expected <= names
    measure = next(p for p in spec["params"] if p["name"] == ch.param_name("measure"))
    assert measure["bind"]["options"] == [ch.ALL, *sorted(rows["measure"].astype(str).unique())]
    assert {"map_indicator", "map_per"} <= names
    for panel in panels:
        filters = [
            t["filter"]
            for layer in panel["layer"]
            for t in layer.get("transform", [])
            if "filter" in t
        ]
        assert f"datum.unit == '{panel['title']}'" in filters


def test_chart_refuses_unknown_controls_and_values(rows):
    with pytest.raises(TypeError, match="unknown control"):
        ch.explorer_chart(rows, colour="red")
    with pytest.raises(ValueError, match="no row has measure"):
        ch.explorer_chart(rows, measure="stars")
    assert ch.explorer_chart(rows, measure="funds").to_dict()["params"]


def test_page_embeds_every_row_and_no_network(rows):
    html = explorer_page(rows)
    assert html == explorer_page(rows), "two renderings differ"
    data = re.search(
        r'<script id="explorer-data" type="application/json">(.*?)</script>', html, re.S
    )
    spec = json.loads(data.group(1))
    assert len(spec["datasets"]["rows"]) == len(rows)
    assert not re.search(r"""<script[^>]+src=["']https?:""", html)
    assert not re.search(r"""<link[^>]+href=["']https?:""", html)


def test_explore_filters_rows_first():
    explorer = ua.explore(measure="funds", province="山西省")
    assert len(explorer.rows) > 0
    assert set(explorer.rows["measure"]) == {"funds"}
    assert set(explorer.rows["province_zh"]) == {"山西省"}
    assert explorer.selected.empty
    with pytest.raises(TypeError, match="unknown filter"):
        ua.explore(colour="red")
    metrics = ua.load_metrics().dropna(subset=["province_zh"])
    pairs = set(zip(metrics["measure"].astype(str), metrics["province_zh"], strict=True))
    measure, province = next(
        (m, p)
        for m in sorted(set(metrics["measure"].astype(str)))
        for p in sorted(set(metrics["province_zh"]))
        if (m, p) not in pairs
    )
    with pytest.raises(ValueError, match="no row matches"):
        ua.explore(measure=measure, province=province)
