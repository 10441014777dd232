"""reconcile(): reports of one quantity grouped and classified; series checks; the rule."""

from __future__ import annotations

import pandas as pd
import pytest

import unionanalysis as ua
from unionanalysis import analysis
from unionanalysis.reconcile import (
    classify,
    findings,
    preferred_order,
    reconcile,
    series_checks,
    step,
)

NATIONAL = {
    "place_zh": "全国",
    "place_en": "China",
    "place_level": "national",
    "adcode": "100000",
    "measure": "stations",
    "indicator": "stations_total",
    "unit": "facility",
    "period_kind": "as_of",
    "period_start": None,
}


def _stock(source: str, value: float, end: str, **extra) -> dict:
    return {
        **NATIONAL,
        "source_id": source,
        "value": value,
        "period_end": end,
        "year": int(end[:4]),
        **extra,
    }


def _status(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["metric_id"], frame["status"], strict=True))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(105800, 100), (1.2e9, 1e8), (186100, 100), (7, 1), (2.5, 0.1), (0, 1), (150000, 10000)],
)
def test_step_is_one_unit_of_the_last_significant_digit(value, expected):
    assert step(value) == pytest.approx(expected)


def test_agreeing_reports_overlap(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 180000, "2024-06-30", value_low=180000, value_high=190000),
            _stock("c002", 184200, "2024-06-30"),
        ]
    )
    result = reconcile(frame)
    # the exact figure is kept; the bound containing it is a restatement, not agreement
    assert _status(result) == {"c002-02": "kept", "c001-01": "restated"}
    two_exact = analysis_make_metrics(
        [_stock("c001", 2000, "2023-12-31"), _stock("c002", 2000, "2023-12-31")]
    )
    result = reconcile(two_exact)
    assert _status(result) == {"c001-01": "kept", "c002-02": "agreeing"}
    assert result["group_class"].unique().tolist() == ["agreeing"]
    assert result["group"].iloc[0] == "stations_total | 全国 | facility | as_of | 2023"


def test_overlapping_bounds_agree(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 95000, "2022-06-23", value_low=95000, value_high=96000),
            _stock("c002", 95600, "2022-06-23", value_low=95500, value_high=96500),
        ]
    )
    # neither contains the other, nor is a rounding of it: they overlap, so they agree; equal
    # widths, so the finer last digit (95,600) is kept
    assert _status(reconcile(frame)) == {"c002-02": "kept", "c001-01": "agreeing"}


def test_rounded_restatement(analysis_make_metrics):
    frame = analysis_make_metrics(
        [_stock("c001", 106000, "2022-11-03"), _stock("c002", 105800, "2022-11-03")]
    )
    result = reconcile(frame)
    # 10.6万 is 105,800 rounded to the thousand: the finer figure is kept
    assert _status(result) == {"c002-02": "kept", "c001-01": "restated"}
    assert result["compared_with"].tolist() == ["c002-02", "c002-02"]


def test_bounded_restatement(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 100000, "2022-11-03", value_low=100000, value_high=110000),
            _stock("c002", 105800, "2022-11-03"),
        ]
    )
    assert _status(reconcile(frame)) == {"c002-02": "kept", "c001-01": "restated"}


def test_superseded_by_a_later_as_of_report(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 121700, "2023-07-11"),
            _stock("c002", 160000, "2023-12-11", value_low=150000, value_high=160000),
        ]
    )
    result = reconcile(frame)
    assert _status(result) == {"c002-02": "kept", "c001-01": "superseded"}
    assert set(result["group_class"]) == {"superseded"}


def test_conflicting_reports_with_the_size_of_the_gap(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 41600, "2022-02-09"),
            _stock("c002", 35900, "2022-02-09"),
            _stock("c003", 41000, "2022-02-09", value_low=41000, value_high=42000),
        ]
    )
    result = reconcile(frame).set_index("metric_id")
    assert result.loc["c001-01", "status"] == "kept"
    assert result.loc["c002-02", "status"] == "conflicting"
    assert result.loc["c002-02", "gap"] == pytest.approx(5700)
    assert result.loc["c002-02", "gap_relative"] == pytest.approx(5700 / 41600)
    assert result.loc["c003-03", "status"] == "restated"
    assert set(result["group_class"]) == {"conflicting"}
    assert set(result["group_size"]) == {3}


def test_rows_of_one_article_are_not_compared(analysis_make_metrics):
    one_article = analysis_make_metrics(
        [_stock("c001", 100, "2022-02-09"), _stock("c001", 7, "2022-02-09")]
    )
    assert reconcile(one_article).empty
    mixed = analysis_make_metrics(
        [
            _stock("c001", 123, "2022-02-09"),
            _stock("c001", 7, "2022-02-09"),
            _stock("c002", 123, "2022-02-09"),
        ]
    )
    assert _status(reconcile(mixed)) == {
        "c001-01": "kept",
        "c001-02": "same_source",
        "c002-03": "agreeing",
    }


def test_different_quantities_are_not_grouped(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 100, "2022-12-31"),
            _stock("c002", 900, "2022-12-31", place_zh="武汉市"),
            _stock("c003", 900, "2022-12-31", unit="organisation"),
            _stock("c004", 900, "2023-12-31"),
            _stock("c005", 900, "2022-12-31", year=None),
            # cumulative totals from different start dates are different quantities
            _stock("c006", 5, "2022-12-31", period_kind="cumulative", period_start="2016-01-01"),
            _stock("c007", 9, "2022-12-31", period_kind="cumulative", period_start="2020-01-01"),
            # two articles' parts of the national total: smart stations, 24-hour stations
            _stock("c008", 11800, "2024-12-31", indicator="stations_subset"),
            _stock("c009", 60000, "2024-12-31", indicator="stations_subset"),
        ]
    )
    assert reconcile(frame).empty


def test_classify_needs_no_frame():
    kept = pd.Series({"value": 10.0, "value_low": 10.0, "value_high": 10.0, "period_end": None})
    other = pd.Series({"value": 30.0, "value_low": 30.0, "value_high": 40.0, "period_end": None})
    assert classify(kept, other) == ("conflicting", 20.0, 2.0)


def test_preferred_order_is_the_series_rule(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 180000, "2024-11-18", value_low=180000, value_high=190000),
            _stock("c002", 186000, "2024-12-31"),
            _stock("c003", 186100, "2024-12-31"),
            _stock("c004", 186100, "2024-12-31"),
            _stock("c005", 184200, "2024-01-15"),
        ]
    )
    order = preferred_order(frame.sample(frac=1, random_state=3))["metric_id"].tolist()
    assert order == ["c003-03", "c004-04", "c002-02", "c001-01", "c005-05"]
    national = analysis.series(frame, indicator="stations_total")
    assert national["metric_id"].tolist() == ["c003-03"]
    assert national["superseded"].tolist() == ["c001-01; c002-02; c004-04; c005-05"]


# --------------------------------------------------------------------------- series checks


def test_the_national_station_investment_falls(analysis_make_metrics):
    metrics = ua.load_metrics()
    found = series_checks(metrics).set_index("finding_id")
    row = found.loc["cumulative_falls:c042-02>c041-08"]
    assert row["check"] == "cumulative_falls"
    assert (row["earlier_value"], row["later_value"]) == (1_866_000_000, 450_000_000)
    assert "2016-01-01 and 2023-07-01" in row["message"]
    assert "cumulative_falls:c042-02>c041-08" in set(findings(metrics)["finding_id"])


def _flow(source: str, value: float, year: int, **extra) -> dict:
    return {
        "source_id": source,
        "value": value,
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "year": year,
        **extra,
    }


def test_cumulative_that_falls_is_flagged_and_one_that_grows_is_not(analysis_make_metrics):
    cumulative = {"period_kind": "cumulative", "indicator": "funds_invested", "unit": "yuan"}
    frame = analysis_make_metrics(
        [
            {**_flow("c001", 100, 2020), **cumulative, "period_start": "2016-01-01"},
            {**_flow("c002", 150, 2021), **cumulative, "period_start": "2016-01-01"},
            {**_flow("c003", 120, 2022), **cumulative, "period_start": "2016-01-01"},
        ]
    )
    found = series_checks(frame)
    assert found["finding_id"].tolist() == ["cumulative_falls:c002-02>c003-03"]
    assert "new base" not in found["message"].iloc[0]
    # a fall that stays inside the earlier bound is not a fall
    frame.loc[2, "value_high"] = 160.0
    assert series_checks(frame).empty


def test_stock_that_falls_while_the_series_grows(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _stock("c001", 1000, "2020-06-30"),
            _stock("c002", 1500, "2021-06-30"),
            _stock("c003", 1400, "2022-06-30"),
            _stock("c004", 2000, "2023-06-30"),
        ]
    )
    found = series_checks(frame)
    assert found["finding_id"].tolist() == ["stock_falls:c002-02>c003-03"]
    assert "while the series grows from 1,000 (2020-06-30) to 2,000" in found["message"].iloc[0]


def test_year_on_year_change_beyond_the_threshold(analysis_make_metrics):
    frame = analysis_make_metrics(
        [_flow("c001", 100, 2019), _flow("c002", 190, 2020), _flow("c003", 30, 2021)]
    )
    assert series_checks(frame)["finding_id"].tolist() == ["yoy_change:c002-02>c003-03"]
    strict = series_checks(frame, yoy_threshold=0.5)["finding_id"].tolist()
    assert strict == ["yoy_change:c001-01>c002-02", "yoy_change:c002-02>c003-03"]
    change = series_checks(frame).iloc[0]["change"]
    assert change == pytest.approx(30 / 190)
    gap_years = analysis_make_metrics([_flow("c001", 100, 2019), _flow("c002", 900, 2021)])
    assert series_checks(gap_years).empty  # not consecutive years
    with pytest.raises(ValueError, match="yoy_threshold must be positive"):
        series_checks(frame, yoy_threshold=0)


def test_targets_and_subsets_are_not_series(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            _flow("c001", 100, 2019, indicator="people_aided_target"),
            _flow("c002", 900, 2020, indicator="people_aided_target"),
            _flow("c003", 100, 2019, indicator="students_aided_subset"),
            _flow("c004", 900, 2020, indicator="students_aided_subset"),
        ]
    )
    assert series_checks(frame).empty


def test_findings_list_conflicts_with_both_ids(analysis_make_metrics):
    frame = analysis_make_metrics(
        [_stock("c001", 41600, "2022-02-09"), _stock("c002", 35900, "2022-02-09")]
    )
    found = findings(frame)
    assert found["finding_id"].tolist() == ["conflicting:c001-01~c002-02"]
    assert found["metric_ids"].tolist() == ["c001-01; c002-02"]
    assert "differs by 5,700 (14%)" in found["message"].iloc[0]
