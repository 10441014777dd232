"""coverage and coverage_counts on frames whose counts are worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from unionanalysis import analysis


@pytest.fixture
def frames(analysis_make_metrics, analysis_make_places):
    hubei = dict(province_zh="湖北省", place_level="prefecture")
    metrics = analysis_make_metrics(
        [
            # Wuhan: people in 2020 (two figures, one article), 2021, 2022; funds in 2020
            dict(source_id="a1", year=2020, **hubei),
            dict(source_id="a1", year=2020, indicator="people_consoled", **hubei),
            dict(source_id="a2", year=2021, **hubei),
            dict(source_id="a3", year=2022, **hubei),
            dict(source_id="a1", year=2020, measure="funds", indicator="funds_disbursed",
                 unit="yuan", **hubei),
            # Yichang: one undated people figure
            dict(source_id="a4", year=None, place_zh="宜昌市", place_en="Yichang",
                 adcode="420500", **hubei),
            # Hubei province: people in 2020
            dict(source_id="a1", year=2020, place_zh="湖北省", place_en="Hubei",
                 place_level="province", province_zh="湖北省", adcode="420000"),
            # Nanjing, Jiangsu: people in 2020
            dict(source_id="a5", year=2020, place_zh="南京市", place_en="Nanjing",
                 province_zh="江苏省", adcode="320100"),
        ]
    )  # fmt: skip
    places = analysis_make_places(
        [
            dict(population=12_326_518),
            dict(place_zh="宜昌市", place_en="Yichang", adcode="420500"),
            dict(place_zh="湖北省", place_en="Hubei", level="province", parent_zh=None,
                 adcode="420000", population=57_752_557),
            dict(place_zh="江苏省", place_en="Jiangsu", level="province", parent_zh=None,
                 adcode="320000", population=84_748_016),
            dict(place_zh="南京市", place_en="Nanjing", parent_zh="江苏省", adcode="320100"),
        ]
    )  # fmt: skip
    return metrics, places


def test_coverage_has_one_row_per_measure_place_and_year(frames):
    metrics, places = frames
    table = analysis.coverage(metrics, places)
    people = table[table["measure"] == "people"]
    # Jiangsu (32) before Hubei (42); in Hubei the province before its cities
    assert people["place_en"].tolist() == [
        "Nanjing", "Hubei", "Wuhan", "Wuhan", "Wuhan", "Yichang"
    ]  # fmt: skip
    wuhan = people[people["place_en"] == "Wuhan"]
    assert wuhan["year"].tolist() == [2020, 2021, 2022]
    assert wuhan["figures"].tolist() == [2, 1, 1]
    assert wuhan["articles"].tolist() == [1, 1, 1]
    assert wuhan["indicators"].iloc[0] == "people_aided; people_consoled"
    assert wuhan["metric_ids"].iloc[0] == "a1-01; a1-02"
    yichang = people[people["place_en"] == "Yichang"]
    assert yichang["year"].isna().all() and yichang["figures"].tolist() == [1]
    assert table.loc[table["place_en"] == "Yichang", "has_population"].tolist() == [False]
    assert table.loc[table["place_en"] == "Nanjing", "province_en"].tolist() == ["Jiangsu"]
    funds = table[table["measure"] == "funds"]
    assert funds[["place_en", "year", "figures"]].values.tolist() == [["Wuhan", 2020, 1]]
    assert table["figures"].sum() == len(metrics)


def test_coverage_filters_measures_and_refuses_unknown_ones(frames):
    metrics, _ = frames
    funds = analysis.coverage(metrics, measures="funds")
    assert funds["metric_ids"].tolist() == ["a1-05"]
    assert "has_population" not in funds.columns
    with pytest.raises(ValueError, match="'fund'"):
        analysis.coverage(metrics, measures=["fund"])
    with pytest.raises(KeyError, match="adcode"):
        analysis.coverage(metrics.drop(columns="adcode"))


def test_coverage_counts_by_province_and_level(frames):
    metrics, places = frames
    counts = analysis.coverage_counts(analysis.coverage(metrics, places), min_years=3)
    people = counts[counts["measure"] == "people"].set_index(["province_zh", "place_level"])
    hubei_cities = people.loc[("湖北省", "prefecture")]
    assert hubei_cities["places"] == 2  # Wuhan, Yichang
    assert hubei_cities["places_dated"] == 1  # Yichang is undated
    assert hubei_cities["places_min_years"] == 1  # Wuhan has 2020, 2021, 2022
    assert hubei_cities["places_with_population"] == 1
    assert hubei_cities["articles"] == 4  # a1, a2, a3, a4
    assert hubei_cities["figures"] == 5
    assert people.loc[("湖北省", "province"), "places"] == 1
    assert people.loc[("江苏省", "prefecture"), "places_with_population"] == 0
    table = analysis.coverage(metrics, places)
    two = analysis.coverage_counts(table, min_years=2, by="province_zh")
    assert two.loc[two["measure"] == "people", "places_min_years"].tolist() == [0, 1]
    with pytest.raises(ValueError, match="min_years"):
        analysis.coverage_counts(analysis.coverage(metrics), min_years=0)


def test_series_by_place_keeps_places_with_three_years(analysis_make_metrics):
    rows = [
        dict(source_id=f"s{y}", year=y, value=float(y - 2000), period_end=f"{y}-12-31")
        for y in (2020, 2021, 2022)
    ]
    rows.append(dict(source_id="s9", year=2022, value=99.0, period_end="2022-06-30"))
    rows += [
        dict(source_id="n1", year=y, place_zh="南京市", place_en="Nanjing") for y in (2020, 2021)
    ]
    # a target in a third year does not make Nanjing a series
    rows.append(dict(source_id="n2", year=2022, place_zh="南京市", indicator="people_aided_target"))
    # a different programme family of Wuhan is its own (short) series
    rows.append(dict(source_id="g1", year=2019, programme_zh="金秋助学"))
    metrics = analysis_make_metrics(rows)
    out = analysis.series_by_place(metrics)
    assert set(out["place_zh"]) == {"武汉市"}
    assert out["year"].tolist() == [2020, 2021, 2022]
    # 2022: the December report supersedes the June one
    assert out["value"].tolist() == [20.0, 21.0, 22.0]
    assert out["n_years"].tolist() == [3, 3, 3]
    assert out["series_key"].iloc[0].startswith("Wuhan · people_aided · person · annual")
    assert len(analysis.series_by_place(metrics, min_years=4)) == 0
    pooled = analysis.series_by_place(metrics, by_family=False)
    assert pooled["year"].tolist() == [2019, 2020, 2021, 2022]
    with pytest.raises(ValueError, match="min_years"):
        analysis.series_by_place(metrics, min_years=1)


def test_is_count_refuses_targets_subsets_rates_standards_and_shares(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(indicator="people_aided"),
            dict(indicator="people_aided_target"),
            dict(indicator="students_aided_subset"),
            dict(indicator="people_served_daily", unit="person_time"),
            dict(indicator="grant_per_recipient", unit="yuan"),
            dict(indicator="share_percent", unit="percent"),
            dict(indicator="other"),
        ]
    )
    assert analysis.is_count(metrics).tolist() == [True] + [False] * 6
    assert isinstance(analysis.is_count(metrics), pd.Series)


def test_with_province_names_provinces_in_english(frames):
    metrics, places = frames
    out = analysis.with_province(metrics, places)
    assert out["province_en"].tolist() == ["Hubei"] * 7 + ["Jiangsu"]
    metrics.loc[0, "province_zh"] = "湖南省"
    with pytest.raises(KeyError, match="湖南省"):
        analysis.with_province(metrics, places)
