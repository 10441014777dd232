"""totals_vs_parts: a total beside the sum of its parts, on frames worked out by hand."""

from __future__ import annotations

import pytest

from unionanalysis import analysis


@pytest.fixture
def places(analysis_make_places):
    return analysis_make_places(
        [
            dict(place_zh="全国", place_en="China", level="national", parent_zh=None,
                 adcode="100000"),
            dict(place_zh="湖北省", place_en="Hubei", level="province", parent_zh=None,
                 adcode="420000"),
            dict(place_zh="江苏省", place_en="Jiangsu", level="province", parent_zh=None,
                 adcode="320000"),
            dict(),  # Wuhan, in Hubei
            dict(place_zh="宜昌市", place_en="Yichang", adcode="420500"),
            dict(place_zh="襄阳市", place_en="Xiangyang", adcode="420600"),
            dict(place_zh="武汉市青山区", place_en="Qingshan", level="county",
                 parent_zh="武汉市", adcode="420107"),
        ]
    )  # fmt: skip


def _row(place_zh, place_en, level, value, **extra):
    adcodes = {"湖北省": "420000", "江苏省": "320000", "全国": "100000", "宜昌市": "420500"}
    return dict(
        place_zh=place_zh,
        place_en=place_en,
        place_level=level,
        adcode=adcodes.get(place_zh, "420100"),
        value=float(value),
        **extra,
    )


def test_a_province_total_beside_its_cities(analysis_make_metrics, places):
    metrics = analysis_make_metrics(
        [
            _row("湖北省", "Hubei", "province", 1000, source_id="p1"),
            _row("武汉市", "Wuhan", "prefecture", 300, source_id="p1"),
            # "more than 200": the parts' interval is [500, 600]
            _row("宜昌市", "Yichang", "prefecture", 200, source_id="p1", qualifier="more_than",
                 value_high=300.0),
            # not summed: another unit, another year, a target, a county (not a part of a province)
            _row("武汉市", "Wuhan", "prefecture", 50, source_id="p1", unit="household"),
            _row("武汉市", "Wuhan", "prefecture", 70, source_id="p1", year=2021),
            _row("武汉市", "Wuhan", "prefecture", 900, source_id="p1",
                 indicator="people_aided_target"),
            _row("武汉市青山区", "Qingshan", "county", 40, source_id="p1"),
        ]
    )  # fmt: skip
    out = analysis.totals_vs_parts(metrics, places)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["place_en"], row["indicator"], row["unit"], row["year"]) == (
        "Hubei", "people_aided", "person", 2020
    )  # fmt: skip
    assert (row["total_value"], row["total_low"], row["total_high"]) == (1000, 1000, 1000)
    assert (row["parts_value"], row["parts_low"], row["parts_high"]) == (500, 500, 600)
    assert row["parts"] == 2 and row["parts_possible"] == 3  # Wuhan, Yichang, Xiangyang
    assert row["parts_places"] == "Wuhan; Yichang"
    assert row["share"] == 0.5
    assert row["status"] == "parts_below_total"
    assert bool(row["same_source"]) is True
    assert row["metric_ids"] == "p1-01; p1-02; p1-03"
    assert out.attrs["left_out"] == 1  # the target


def test_one_report_per_city_and_a_status_for_each_case(analysis_make_metrics, places):
    metrics = analysis_make_metrics(
        [
            _row("湖北省", "Hubei", "province", 100, source_id="p1"),
            # two reports of Wuhan 2020: the later one (December) is taken, never both
            _row("武汉市", "Wuhan", "prefecture", 60, source_id="w1", period_end="2020-06-30"),
            _row("武汉市", "Wuhan", "prefecture", 80, source_id="w2", period_end="2020-12-31"),
            _row("宜昌市", "Yichang", "prefecture", 30, source_id="y1"),
            # funds: parts above the whole
            _row("湖北省", "Hubei", "province", 10, source_id="p1", measure="funds",
                 indicator="funds_disbursed", unit="yuan"),
            _row("宜昌市", "Yichang", "prefecture", 20, source_id="p1", measure="funds",
                 indicator="funds_disbursed", unit="yuan"),
            # Jiangsu has no reported part: no row
            _row("江苏省", "Jiangsu", "province", 10, source_id="j1"),
        ]
    )  # fmt: skip
    out = analysis.totals_vs_parts(metrics, places).set_index("indicator")
    people = out.loc["people_aided"]
    assert people["parts_value"] == 110  # 80 + 30
    assert people["status"] == "parts_exceed_total"
    assert "p1-02" not in people["metric_ids"].split("; ")
    assert bool(people["same_source"]) is False
    funds = out.loc["funds_disbursed"]
    assert (funds["total_value"], funds["parts_value"], funds["share"]) == (10, 20, 2.0)
    assert funds["status"] == "parts_exceed_total"
    same = analysis.totals_vs_parts(metrics, places, same_source=True)
    assert same["indicator"].tolist() == ["funds_disbursed"]


def test_intervals_that_overlap_match_and_programmes_stay_apart(analysis_make_metrics, places):
    metrics = analysis_make_metrics(
        [
            _row("全国", "China", "national", 1000, qualifier="nearly", value_low=900.0),
            _row("湖北省", "Hubei", "province", 600),
            _row("江苏省", "Jiangsu", "province", 350),
            # Golden Autumn figures are not parts of a Send Warmth total
            _row("湖北省", "Hubei", "province", 5000, programme_zh="金秋助学"),
        ]
    )  # fmt: skip
    out = analysis.totals_vs_parts(metrics, places, levels="national")
    assert len(out) == 1
    assert out["parts_value"].iloc[0] == 950
    assert out["status"].iloc[0] == "parts_match_total"  # 950 lies in [900, 1000]
    assert out["parts_possible"].iloc[0] == 2
    with pytest.raises(ValueError, match="'prefecture'"):
        analysis.totals_vs_parts(metrics, places, levels="prefecture")


def test_cumulative_totals_need_the_same_start(analysis_make_metrics, places):
    cumulative = dict(period_kind="cumulative", period_end="2020-12-31")
    metrics = analysis_make_metrics(
        [
            _row("湖北省", "Hubei", "province", 100, period_start="2016-01-01", **cumulative),
            _row("武汉市", "Wuhan", "prefecture", 40, period_start="2018-01-01", **cumulative),
        ]
    )  # fmt: skip
    assert analysis.totals_vs_parts(metrics, places).empty
    metrics.loc[1, "period_start"] = metrics.loc[0, "period_start"]
    assert analysis.totals_vs_parts(metrics, places)["parts_value"].tolist() == [40]
