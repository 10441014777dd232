"""Analysis functions on small frames with answers worked out by hand."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from unionanalysis import analysis
from unionanalysis.analysis import NotAdditiveError, PeriodMixError, UnitMixError


def bounds(frame: pd.DataFrame, row: int = 0, suffix: str = "") -> tuple[float, float, float]:
    """(value, low, high) of one row as floats."""
    columns = [f"value{suffix}", f"value_low{suffix}", f"value_high{suffix}"]
    return tuple(float(frame[c].iloc[row]) for c in columns)


# --------------------------------------------------------------------------- select


def test_select_takes_scalars_and_lists(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(unit="person"),
            dict(unit="person_time"),
            dict(unit="household"),
            dict(unit="person", place_zh="南京市", place_en="Nanjing", adcode="320100"),
        ]
    )
    assert analysis.select(metrics, unit="person")["metric_id"].tolist() == ["c001-01", "c001-04"]
    both = analysis.select(metrics, unit=["person", "household"])
    assert both["metric_id"].tolist() == ["c001-01", "c001-03", "c001-04"]
    for name in ("南京市", "Nanjing", "320100"):
        assert analysis.select(metrics, places=name)["metric_id"].tolist() == ["c001-04"]
    combined = analysis.select(metrics, unit="person", places=["Wuhan"])
    assert combined["metric_id"].tolist() == ["c001-01"]


def test_select_years_skips_rows_without_a_year(analysis_make_metrics):
    metrics = analysis_make_metrics([dict(year=2019), dict(year=None), dict(year=2021)])
    picked = analysis.select(metrics, years=range(2019, 2022))
    assert picked["metric_id"].tolist() == ["c001-01", "c001-03"]
    assert analysis.select(metrics, years=2021)["metric_id"].tolist() == ["c001-03"]


def test_select_rejects_values_outside_the_codebook(analysis_make_metrics):
    metrics = analysis_make_metrics([dict()])
    with pytest.raises(ValueError, match=r"'station'.*stations"):
        analysis.select(metrics, measure="station")
    with pytest.raises(KeyError, match="programme"):
        analysis.select(metrics.drop(columns=["programme_zh", "programme_en"]), programme="x")


# --------------------------------------------------------------------------- total


def test_total_sums_value_and_bounds(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(value=100),
            dict(value=200, value_high=300, qualifier="more_than"),
            dict(value=50, place_en="Nanjing", place_zh="南京市"),
        ]
    )
    out = analysis.total(metrics).set_index("place_en")
    assert bounds(out.loc[["Wuhan"]]) == (300.0, 300.0, 400.0)
    assert bounds(out.loc[["Nanjing"]]) == (50.0, 50.0, 50.0)
    assert out.loc["Wuhan", "n"] == 2 and out.loc["Nanjing", "n"] == 1
    assert bool(out.loc["Wuhan", "bounded"]) and not bool(out.loc["Nanjing", "bounded"])
    assert out.loc["Wuhan", "metric_ids"] == "c001-01; c001-02"
    assert out.loc["Wuhan", "unit"] == "person"


def test_total_keeps_missing_bounds_and_missing_years_visible(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [dict(value=10), dict(value=20), dict(value=5, year=None), dict(value=7, year=None)]
    )
    metrics.loc[1, "value_high"] = pd.NA
    out = analysis.total(metrics)
    known = out.loc[out["year"] == 2020]
    assert float(known["value"].iloc[0]) == 30.0
    assert pd.isna(known["value_high"].iloc[0])  # not silently 10
    unknown = out.loc[out["year"].isna()]
    assert float(unknown["value"].iloc[0]) == 12.0


def test_total_refuses_mixed_units_and_names_them(analysis_make_metrics):
    metrics = analysis_make_metrics([dict(unit="person"), dict(unit="person_time")])
    with pytest.raises(UnitMixError) as caught:
        analysis.total(metrics)
    message = str(caught.value)
    assert "person, person_time" in message and "place_en='Wuhan'" in message
    assert "year=2020" in message
    assert isinstance(caught.value, ValueError)
    by_unit = analysis.total(metrics, by=["place_en", "year", "unit"])
    assert sorted(by_unit["unit"]) == ["person", "person_time"]


def test_total_refuses_stocks_with_flows_but_adds_campaigns_to_annual(analysis_make_metrics):
    mixed = analysis_make_metrics([dict(period_kind="annual"), dict(period_kind="as_of")])
    with pytest.raises(PeriodMixError, match="annual/campaign, as_of"):
        analysis.total(mixed)
    cumulative = analysis_make_metrics(
        [dict(period_kind="campaign"), dict(period_kind="cumulative")]
    )
    with pytest.raises(PeriodMixError):
        analysis.total(cumulative)
    flows = analysis_make_metrics([dict(period_kind="annual"), dict(period_kind="campaign")])
    assert float(analysis.total(flows)["value"].iloc[0]) == 200.0


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (dict(indicator="grant_per_recipient", unit="yuan", measure="funds"), "per-head standard"),
        (dict(indicator="share_percent", unit="percent", measure="other"), "shares do not add"),
    ],
)
def test_total_refuses_standards_and_shares(analysis_make_metrics, row, reason):
    metrics = analysis_make_metrics([row, row])
    with pytest.raises(NotAdditiveError, match=reason):
        analysis.total(metrics)


def test_total_warns_when_indicators_differ(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [dict(indicator="people_aided"), dict(indicator="students_aided")]
    )
    with pytest.warns(UserWarning, match="people_aided, students_aided"):
        out = analysis.total(metrics)
    assert float(out["value"].iloc[0]) == 200.0


# --------------------------------------------------------------------------- per capita


def test_per_capita_numbers_and_attrs(analysis_make_metrics, analysis_make_places):
    metrics = analysis_make_metrics([dict(value=300, value_high=400, qualifier="more_than")])
    places = analysis_make_places([dict(population=1_200_000)])
    out = analysis.per_capita(metrics, places)
    assert bounds(out, suffix="_per_10k") == pytest.approx((2.5, 2.5, 400 / 120))
    assert bounds(out) == (300.0, 300.0, 400.0)  # the raw figures stay
    assert out["population"].iloc[0] == 1_200_000
    assert out["population_basis"].iloc[0] == "census_2020"
    assert out.attrs["per_capita"]["basis"] == "census_2020"
    assert out.attrs["per_capita"]["population_years"] == [2020]
    per_person = analysis.per_capita(metrics, places, per=1)
    assert float(per_person["value_per_capita"].iloc[0]) == pytest.approx(300 / 1_200_000)


def test_per_capita_on_totals_joins_by_english_name(analysis_make_metrics, analysis_make_places):
    metrics = analysis_make_metrics([dict(value=100), dict(value=100)])
    places = analysis_make_places([dict(population=400_000)])
    out = analysis.per_capita(analysis.total(metrics), places)
    assert out.attrs["per_capita"]["on"] == "place_en"
    assert float(out["value_per_10k"].iloc[0]) == pytest.approx(5.0)


def test_per_capita_warns_about_places_without_population(
    analysis_make_metrics, analysis_make_places
):
    metrics = analysis_make_metrics([dict(), dict(place_zh="南京市", place_en="Nanjing")])
    places = analysis_make_places(
        [
            dict(population=1_000_000),
            dict(
                place_zh="南京市",
                place_en="Nanjing",
                population=9_000_000,
                population_basis="year_end",
            ),
        ]
    )
    with pytest.warns(UserWarning, match="南京市"):
        out = analysis.per_capita(metrics, places)
    assert pd.isna(out["value_per_10k"].iloc[1]) and pd.isna(out["value_high_per_10k"].iloc[1])
    assert float(out["value_per_10k"].iloc[0]) == pytest.approx(1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        any_basis = analysis.per_capita(metrics, places, basis=None)
    assert float(any_basis["value_per_10k"].iloc[1]) == pytest.approx(100 / 900)


def test_per_capita_refuses_ambiguous_population(analysis_make_metrics, analysis_make_places):
    metrics = analysis_make_metrics([dict()])
    places = analysis_make_places(
        [dict(population=1_000_000), dict(population=1_100_000, population_basis="year_end")]
    )
    with pytest.raises(ValueError, match="several populations for place_zh 武汉市"):
        analysis.per_capita(metrics, places, basis=None)


# --------------------------------------------------------------------------- annualise


def test_annualise_divides_cumulative_rows_by_calendar_years(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(
                measure="funds",
                indicator="funds_disbursed",
                unit="yuan",
                value=5_000_000,
                value_high=6_000_000,
                qualifier="more_than",
                period_kind="cumulative",
                period_start="2016-01-01",
                period_end="2020-12-31",
            ),
            dict(value=70, value_low=65, value_high=75, qualifier="about"),
        ]
    )
    out = analysis.annualise(metrics)
    assert bounds(out, 0) == (1_000_000.0, 1_000_000.0, 1_200_000.0)
    assert out["years_covered"].iloc[0] == 5 and bool(out["annualised"].iloc[0])
    assert bounds(out, 1) == (70.0, 65.0, 75.0)
    assert not bool(out["annualised"].iloc[1]) and pd.isna(out["years_covered"].iloc[1])
    assert bounds(metrics, 0) == (5_000_000.0, 5_000_000.0, 6_000_000.0)  # input untouched


def test_annualise_end_year_rule(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(
                value=600,
                period_kind="cumulative",
                period_start="2016-01-01",
                period_end="2021-03-15",
            )
        ]
    )
    assert analysis.annualise(metrics, inclusive=False)["years_covered"].iloc[0] == 5
    assert float(analysis.annualise(metrics, inclusive=False)["value"].iloc[0]) == 120.0
    assert analysis.annualise(metrics, inclusive=True)["years_covered"].iloc[0] == 6


def test_annualise_refuses_rows_without_dates(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(value=500, period_kind="cumulative", period_start=None, period_end="2020-06-30"),
            dict(value=200, period_kind="cumulative", period_start="2019-01-01"),
        ]
    )
    with pytest.raises(ValueError, match="c001-01"):
        analysis.annualise(metrics)
    with pytest.warns(UserWarning, match="c001-01"):
        out = analysis.annualise(metrics, errors="drop")
    assert out["metric_id"].tolist() == ["c001-02"]
    assert float(out["value"].iloc[0]) == 100.0
    with pytest.raises(ValueError, match="already annualised"):
        analysis.annualise(out)


def test_total_keeps_annualised_apart_from_yearly_figures(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(value=500, period_kind="cumulative", period_start="2016-01-01", year=2020),
            dict(value=90),
        ]
    )
    with pytest.raises(PeriodMixError, match="cumulative \\(annualised\\)"):
        analysis.total(analysis.annualise(metrics))


# --------------------------------------------------------------------------- per beneficiary


def test_per_beneficiary_pairs_funds_and_people_with_bounds(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            # 800余万元 and 2万余人次 from one report
            dict(
                measure="funds",
                indicator="funds_disbursed",
                unit="yuan",
                value=8_000_000,
                value_high=9_000_000,
                qualifier="more_than",
            ),
            dict(unit="person_time", value=20_000, value_high=30_000, qualifier="more_than"),
            # the same programme in another report: must not pair with the funds above
            dict(source_id="c002", unit="person", value=1_000),
        ]
    )
    out = analysis.per_beneficiary(metrics)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["funds_metric_id"] == "c001-01" and row["people_metric_id"] == "c001-02"
    assert row["unit"] == "yuan_per_person_time" and row["beneficiary_unit"] == "person_time"
    assert bounds(out) == pytest.approx((400.0, 8_000_000 / 30_000, 450.0))
    assert bool(row["bounded"])


def test_per_beneficiary_keeps_units_apart(analysis_make_metrics):
    funds = dict(measure="funds", indicator="funds_disbursed", unit="yuan", value=1_000_000)
    metrics = analysis_make_metrics(
        [
            funds,
            dict(unit="household", value=500),
            dict(unit="person", value=2_000, indicator="people_consoled"),
            dict(funds, source_id="c003"),
        ]
    )
    with pytest.warns(UserWarning, match="several people rows"):
        out = analysis.per_beneficiary(metrics)
    by_unit = out.set_index("unit")["value"].astype(float).to_dict()
    assert by_unit == {"yuan_per_household": 2_000.0, "yuan_per_person": 500.0}
    assert out.attrs["unpaired_funds"] == ["c003-04"]


def test_per_beneficiary_refuses_funds_not_in_yuan(analysis_make_metrics):
    metrics = analysis_make_metrics([dict(indicator="funds_disbursed", unit="item")])
    with pytest.raises(UnitMixError, match="not in yuan: c001-01"):
        analysis.per_beneficiary(metrics)


# --------------------------------------------------------------------------- series


def national(**row):
    base = dict(
        place_zh="全国",
        place_en="China",
        place_level="national",
        adcode="100000",
        measure="stations",
        indicator="stations_total",
        unit="facility",
        period_kind="as_of",
        period_start=None,
    )
    return {**base, **row}


def test_series_keeps_the_latest_count_per_year(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            national(value=50_000, year=2019, period_end="2019-06-30", source_id="c001"),
            national(value=80_000, year=2019, period_end="2019-12-31", source_id="c002"),
            national(
                value=180_000,
                value_high=190_000,
                qualifier="more_than",
                year=2023,
                period_end="2023-10-01",
                source_id="c003",
            ),
            national(value=1, year=None, period_end=None, source_id="c004"),
            national(value=70_000, year=2019, period_kind="annual", source_id="c005"),
            dict(value=99, year=2019),  # another place and indicator
        ]
    )
    with pytest.warns(UserWarning, match="c004-04"):
        out = analysis.series(metrics, indicator="stations_total")
    assert out["year"].tolist() == [2019, 2023]
    assert out["metric_id"].tolist() == ["c002-02", "c003-03"]
    assert out["n_reports"].tolist() == [2, 1]
    assert out["superseded"].tolist() == ["c001-01", ""]
    assert bounds(out, 1) == (180_000.0, 180_000.0, 190_000.0)


def test_series_ties_go_to_the_narrowest_interval(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            national(
                value=100,
                value_low=90,
                value_high=110,
                qualifier="about",
                year=2020,
                period_end="2020-12-31",
            ),
            national(value=100, year=2020, period_end="2020-12-31"),
        ]
    )
    out = analysis.series(metrics, indicator="stations_total")
    assert out["metric_id"].tolist() == ["c001-02"]


def test_series_refuses_mixed_units(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [national(year=2020, period_end="2020-12-31"), national(unit="item", year=2021)]
    )
    with pytest.raises(UnitMixError, match="facility, item"):
        analysis.series(metrics, indicator="stations_total")
    assert len(analysis.series(metrics, indicator="stations_total", unit="item")) == 1


# --------------------------------------------------------------------------- small helpers


def test_bound_share_counts_qualifiers(analysis_make_metrics):
    metrics = analysis_make_metrics(
        [
            dict(value=100),
            dict(value=200, value_high=300, qualifier="more_than"),
            dict(value=100, value_low=95, value_high=105, qualifier="about"),
            dict(measure="funds", indicator="funds_disbursed", unit="yuan", value=10),
        ]
    )
    out = analysis.bound_share(metrics).set_index("measure")
    assert out.loc["people", ["n", "exact", "more_than", "about"]].tolist() == [3, 1, 1, 1]
    assert float(out.loc["people", "share_bounded"]) == pytest.approx(2 / 3)
    assert float(out.loc["people", "median_relative_width"]) == pytest.approx(0.1)
    assert float(out.loc["funds", "share_bounded"]) == 0.0


@pytest.mark.parametrize(
    ("per", "label"),
    [(1, "capita"), (1_000, "1k"), (10_000, "10k"), (1_000_000, "1m"), (500, "500")],
)
def test_per_label(per, label):
    assert analysis.per_label(per) == label


# ----------------------------------------------------------------------------- latest


def test_latest_never_prefers_an_undated_report(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            dict(place_zh="太原市", value=300.0, period_end="2021-06-30", year=2021),
            dict(place_zh="太原市", value=166.0, period_end=None, year=None),
            dict(place_zh="太原市", value=250.0, period_end="2019-12-31", year=2019),
            dict(place_zh="大同市", value=73.0, period_end="2019-07-30", year=2019),
        ]
    )
    with pytest.warns(UserWarning, match=r"undated rows set aside .*c001-02"):
        out = analysis.latest(frame)
    assert out["metric_id"].tolist() == ["c001-01", "c001-04"]
    assert out["n_reports"].tolist() == [3, 1]


def test_latest_falls_back_to_a_lone_undated_report_only_when_asked(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            dict(place_zh="太原市", value=166.0, period_end=None, year=None),
            dict(place_zh="晋中市", value=12.0, period_end=None, year=None),
            dict(place_zh="晋中市", value=15.0, period_end=None, year=None),
            dict(place_zh="大同市", value=73.0, period_end="2019-07-30", year=2019),
        ]
    )
    with pytest.warns(UserWarning, match="c001-01"):
        assert analysis.latest(frame)["metric_id"].tolist() == ["c001-04"]
    with pytest.warns(UserWarning, match=r"set aside .*c001-02, c001-03") as caught:
        kept = analysis.latest(frame, undated="fallback")
    assert "c001-01" not in str(caught[0].message)
    assert kept["metric_id"].tolist() == ["c001-01", "c001-04"]


def test_latest_breaks_date_ties_by_the_narrowest_interval_then_the_later_id(
    analysis_make_metrics,
):
    frame = analysis_make_metrics(
        [
            dict(value=1000.0, value_high=2000.0, qualifier="more_than", period_end="2022-12-31"),
            dict(value=1200.0, period_end="2022-12-31"),
            dict(value=1100.0, period_end="2022-12-31"),
        ]
    )
    out = analysis.latest(frame, by=["place_zh", "indicator"])
    assert out["metric_id"].tolist() == ["c001-03"]
