"""The README's "What the figures show" quotes numbers from tables `make figures` writes.

Each test recomputes a sentence's numbers from the committed tables in ``figures/`` and
``data/`` and checks the README says exactly that, so prose and tables cannot drift
apart when the data grow: after a rebuild that changes a number, this fails and names
the sentence to update.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from unionanalysis.paths import PROJECT_ROOT

FIGURES = PROJECT_ROOT / "figures"


@pytest.fixture(scope="module")
def findings() -> str:
    """The section's text with line breaks and repeated spaces folded to one space."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## What the figures show", 1)[1].split("\n## ", 1)[0]
    return re.sub(r"\s+", " ", section)


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(FIGURES / f"{name}.csv")


def _says(findings: str, claim: str) -> None:
    assert claim in findings, f"README 'What the figures show' should say: {claim!r}"


def test_coverage_counts_match_the_coverage_table(findings):
    articles = len(pd.read_csv(PROJECT_ROOT / "data" / "sources.csv"))
    cover = _table("dataset_coverage_by_level").groupby("measure").sum(numeric_only=True)
    places = [int(cover.loc[m, "places"]) for m in ("stations", "people", "funds")]
    cited = [int(cover.loc[m, "places_with_population"]) for m in ("stations", "people", "funds")]
    years = [int(cover.loc[m, "places_min_years"]) for m in ("stations", "people", "funds")]
    _says(
        findings,
        f"Of the {articles} articles, stations are reported for {places[0]} places, "
        f"people for {places[1]} and funds for {places[2]}; {cited[0]}, {cited[1]} and "
        f"{cited[2]} of them have a census population",
    )
    _says(findings, f"{years[0]}, {years[1]} and {years[2]} have figures in three or more years")
    counties = _table("dataset_coverage_by_level").set_index(["place_level", "measure"])
    people = counties.loc[("county", "people")]
    _says(findings, f"({int(people['places'])} with people figures)")
    _says(findings, f"only {int(people['places_with_population'])} have a population yet")


def test_places_drawn_match_the_tables_behind_the_charts(findings):
    counts = []
    for name in ("people_by_unit", "funds_per_capita", "stations_by_place"):
        table = _table(name)
        per_capita = table.dropna(subset=["value_per_10k"])
        counts.append((table["place_en"].nunique(), per_capita["place_en"].nunique()))
    (people, people_pc), (funds, funds_pc), (stations, stations_pc) = counts
    _says(findings, f"People counts are drawn for {people} places ({people_pc} of them per 10,000")
    _says(findings, f"or year for {funds} places ({funds_pc} per 10,000 residents)")
    _says(findings, f"counts for {stations} places ({stations_pc} per 10,000 residents)")


def _ci(low: float, high: float, digits: int = 2) -> str:
    def number(x: float) -> str:
        return f"{x:.{digits}f}".replace("-", "−")

    return f"{number(low)} to {number(high)}"


def test_elasticity_matches_the_model_tables(findings):
    fit = _table("model_population_elasticity").set_index("response")
    main = fit.loc["value"]
    _says(
        findings,
        f"elasticity {main['estimate']:.2f} (95% CI {_ci(main['ci_low'], main['ci_high'])}; "
        f"n = {main['n']} campaign and annual figures from {main['articles']} articles "
        f"and {main['places']} places",
    )
    bounds = sorted([fit.loc["value_low", "estimate"], fit.loc["value_high", "estimate"]])
    _says(findings, f"{bounds[0]:.3f} to {bounds[1]:.3f} at the low and high bounds")
    before = _table("model_comparison").set_index(["model", "sample"])
    old = before.loc[("population elasticity", "47 articles (published)")]
    _says(
        findings,
        f"estimate was {old['estimate']:.2f} ({_ci(old['ci_low'], old['ci_high'])}, "
        f"n = {int(old['n'])})",
    )
    refit = before.loc[("population elasticity", "47 articles (refitted)")]
    _says(
        findings,
        f"it is {refit['estimate']:.2f} ({_ci(refit['ci_low'], refit['ci_high'])}, "
        f"n = {int(refit['n'])}",
    )
    _says(findings, f"so most of the rise to {main['estimate']:.2f} comes from the other articles")


def _pct(x: float) -> str:
    return f"{round(100 * x)}"


def test_station_growth_matches_the_model_tables(findings):
    fit = _table("model_station_growth").set_index("response")
    main = fit.loc["value"]
    low, high = sorted(
        [fit.loc["value_low", "growth_estimate"], fit.loc["value_high", "growth_estimate"]]
    )
    _says(
        findings,
        f"is {_pct(main['growth_estimate'])}% a year (95% CI {_pct(main['growth_ci_low'])}–"
        f"{_pct(main['growth_ci_high'])}%, n = {main['n']} reports; {_pct(low)}–{_pct(high)}% "
        "at the bounds)",
    )
    old = _table("model_comparison").set_index(["model", "sample"])
    old = old.loc[("station growth per year", "47 articles (published)")]
    _says(
        findings,
        f"against {_pct(old['estimate'])}% ({_pct(old['ci_low'])}–{_pct(old['ci_high'])}%, "
        f"n = {int(old['n'])}) on the 47 articles",
    )
    series = _table("stations_national_series").sort_values("year")
    first, last = series.iloc[0], series.iloc[-1]
    _says(
        findings,
        f"grew from {first['value']:,.0f} ({first['year']}) to {last['value']:,.0f} "
        f"(end of {last['year']})",
    )


def test_bound_shares_match_the_bound_table(findings):
    share = _table("dataset_bound_share").set_index("measure")["share_bounded"]
    _says(
        findings,
        f"{_pct(share['people'])}% of people counts and {_pct(share['funds'])}% of funds figures",
    )
