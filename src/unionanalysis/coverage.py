"""Which places report which measures in which years.

Comparisons across places or years are only possible where the articles give
figures for both ends. These functions count, without judging the figures,
what the curated metrics cover: one row per measure, place and year
(:func:`coverage`), and those rows summed by province and place level
(:func:`coverage_counts`). Undated figures keep a missing ``year`` rather than
being dropped, so a reader sees that they exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .codes import LEVELS, MEASURES

__all__ = ["COVERAGE_KEYS", "coverage", "coverage_counts"]

COVERAGE_KEYS: tuple[str, ...] = ("measure", "place_zh", "year")
_PLACE_COLUMNS = ("place_en", "place_level", "province_zh", "adcode")


def _join_sorted(values: Iterable[object]) -> str:
    return "; ".join(sorted({str(v) for v in values if not pd.isna(v)}))


def _split(joined: Iterable[object]) -> list[str]:
    """The sorted distinct ids of several ``"a; b"`` cells."""
    return sorted({i.strip() for v in joined for i in str(v).split(";") if i.strip()})


def coverage(
    metrics: pd.DataFrame,
    places: pd.DataFrame | None = None,
    *,
    measures: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per measure, place and year that the metrics report.

    Columns: ``measure``, ``place_zh``, ``place_en``, ``place_level``,
    ``adcode``, ``province_code`` (the province's two GB/T 2260 digits, also for
    development zones without an adcode), ``province_zh``, ``year`` (missing for
    undated figures), ``figures`` (rows), ``articles`` (distinct sources),
    ``indicators``, ``source_ids`` and ``metric_ids`` (semicolon-separated, so a
    saved table cites its rows). With ``places``, also ``province_en`` and
    ``has_population`` (the place has a population in ``places.csv``, so
    per-capita comparisons can use it). ``measures`` limits the table to some
    measures. Rows come sorted by measure (codebook order), then province (the
    country first), place level, ``adcode`` and year, so a province's places
    stand together.
    """
    required = ["metric_id", "source_id", "measure", "indicator", "place_zh", "year"]
    missing = [c for c in [*required, *_PLACE_COLUMNS] if c not in metrics.columns]
    if missing:
        raise KeyError(f"coverage: the metrics frame has no column(s) {', '.join(missing)}")
    work = metrics
    if measures is not None:
        wanted = [measures] if isinstance(measures, str) else list(measures)
        unknown = [m for m in wanted if m not in MEASURES]
        if unknown:
            raise ValueError(
                f"coverage(measures=...): {', '.join(map(repr, unknown))} not in the codebook; "
                f"expected one of {', '.join(MEASURES)}"
            )
        work = work.loc[work["measure"].astype("string").isin(wanted)]
    work = work.loc[work["place_zh"].notna()].copy()
    work["measure"] = work["measure"].astype("string")
    work["year"] = work["year"].astype("Int64")
    grouped = work.groupby(list(COVERAGE_KEYS), dropna=False, sort=False)
    out = grouped.agg(
        place_en=("place_en", "first"),
        place_level=("place_level", "first"),
        province_zh=("province_zh", "first"),
        adcode=("adcode", "first"),
        figures=("metric_id", "size"),
        articles=("source_id", "nunique"),
        indicators=("indicator", _join_sorted),
        source_ids=("source_id", _join_sorted),
        metric_ids=("metric_id", _join_sorted),
    ).reset_index()
    out["figures"] = out["figures"].astype("int64")
    out["articles"] = out["articles"].astype("int64")
    out["place_level"] = pd.Categorical(out["place_level"].astype("string"), categories=LEVELS)
    if places is not None:
        for column in ("place_zh", "place_en", "population"):
            if column not in places.columns:
                raise KeyError(f"coverage: the places frame has no column {column!r}")
        names = places.drop_duplicates("place_zh").set_index("place_zh")
        out["province_en"] = out["province_zh"].map(names["place_en"]).astype("string")
        populated = set(places.loc[places["population"].notna(), "place_zh"].astype(str))
        out["has_population"] = out["place_zh"].astype(str).isin(populated)
    out["measure"] = pd.Categorical(out["measure"], categories=MEASURES)
    code = out["adcode"].astype("string")
    # a development zone has no adcode: its province's two digits come from its neighbours
    prefix = code.str[:2]
    by_province = prefix.groupby(out["province_zh"].astype("string")).transform("first")
    out["province_code"] = prefix.fillna(by_province).fillna("")
    out["_code"] = code.fillna("")
    out = out.sort_values(
        ["measure", "province_code", "place_level", "_code", "place_zh", "year"],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    columns = ["measure", "place_zh", "place_en", "place_level", "adcode", "province_code"]
    columns.append("province_zh")
    if places is not None:
        columns.append("province_en")
    columns += ["year", "figures", "articles", "indicators"]
    if places is not None:
        columns.append("has_population")
    out = out[[*columns, "source_ids", "metric_ids"]]
    out.attrs = dict(metrics.attrs)
    return out


def coverage_counts(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("province_zh", "place_level"),
    min_years: int = 3,
) -> pd.DataFrame:
    """Places, years and figures per measure and group (by default province and level).

    ``table`` is a :func:`coverage` table. Columns: the ``by`` columns,
    ``measure``, ``places`` (distinct places), ``places_dated`` (with at least
    one dated figure), ``places_min_years`` (places with figures in at least
    ``min_years`` distinct years, where a within-place series is possible),
    ``places_with_population`` (when the table has ``has_population``),
    ``articles`` (distinct sources), ``figures`` and ``metric_ids``. National
    rows have no province: they form their own group with a missing province.
    """
    keys = [by] if isinstance(by, str) else list(by)
    required = ["measure", "place_zh", "year", "figures", "source_ids", "metric_ids", *keys]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise KeyError(f"coverage_counts: the table has no column(s) {', '.join(missing)}")
    if min_years < 1:
        raise ValueError(f"coverage_counts: min_years must be at least 1, got {min_years}")
    work = table.copy()
    group = [*keys, "measure"]
    per_place = work.groupby([*group, "place_zh"], dropna=False, observed=True, sort=False)
    places = per_place["year"].agg(lambda y: int(y.dropna().nunique())).rename("years")
    places = places.reset_index()
    grouped_places = places.groupby(group, dropna=False, observed=True, sort=True)
    out = pd.DataFrame(
        {
            "places": grouped_places["place_zh"].nunique(),
            "places_dated": grouped_places["years"].agg(lambda y: int((y >= 1).sum())),
            "places_min_years": grouped_places["years"].agg(lambda y: int((y >= min_years).sum())),
        }
    )
    grouped = work.groupby(group, dropna=False, observed=True, sort=True)
    if "has_population" in work.columns:
        with_pop = work.loc[work["has_population"].astype(bool)]
        counted = with_pop.groupby(group, dropna=False, observed=True)["place_zh"].nunique()
        out["places_with_population"] = counted.reindex(out.index).fillna(0)
    out["articles"] = grouped["source_ids"].agg(lambda s: len(_split(s)))
    out["figures"] = grouped["figures"].sum()
    out["metric_ids"] = grouped["metric_ids"].agg(lambda s: "; ".join(_split(s)))
    for column in (
        "places",
        "places_dated",
        "places_min_years",
        "places_with_population",
        "articles",
    ):
        if column in out.columns:
            out[column] = out[column].astype("int64")
    out["figures"] = out["figures"].astype("int64")
    out = out.reset_index()
    out.attrs = dict(table.attrs)
    out.attrs["coverage_counts"] = {"by": keys, "min_years": min_years}
    return out
