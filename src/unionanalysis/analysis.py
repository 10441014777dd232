"""Analysis frames built from the curated metrics.

Plain functions over DataFrames. Every step carries the interval
``[value_low, value_high]`` next to ``value`` (see the codebook's low/best/high
rule), so a chart or table can always show how soft a figure is. The functions
refuse the operations the codebook forbids: adding figures in different units,
adding stocks to flows, adding per-head standards or percentages. Nothing is
annualised or converted unless asked for.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Literal

import pandas as pd

from .codes import LEVELS, MEASURES, PERIOD_KINDS, QUALIFIERS, UNITS
from .coverage import coverage, coverage_counts
from .parts import is_count, totals_vs_parts
from .reconcile import preferred_order, reconcile, series_checks

__all__ = [
    "BOUND_COLUMNS",
    "NotAdditiveError",
    "PeriodMixError",
    "UnitMixError",
    "annualise",
    "bound_share",
    "coverage",
    "coverage_counts",
    "is_count",
    "latest",
    "per_beneficiary",
    "per_capita",
    "per_label",
    "reconcile",
    "select",
    "series",
    "series_by_place",
    "series_checks",
    "total",
    "totals_vs_parts",
    "with_province",
]

BOUND_COLUMNS: tuple[str, str, str] = ("value", "value_low", "value_high")

BENEFICIARY_UNITS = ("person", "person_time", "household")

# Indicators and units whose rows are rates or standards, not counts: adding them is meaningless.
NOT_ADDITIVE_INDICATORS = {
    "grant_per_recipient": "it is a per-head standard (yuan each recipient gets), not a total",
}
NOT_ADDITIVE_UNITS = {
    "percent": "shares do not add up across rows",
}

# Figures in one group of total() must share one of these classes: flows within a year,
# multi-year flows, stocks at a date, or unknown periods.
_PERIOD_CLASS = {
    "annual": "annual/campaign",
    "campaign": "annual/campaign",
    "cumulative": "cumulative",
    "as_of": "as_of",
    "unknown": "unknown",
}
_MISSING = "\x00NA"  # stands for a missing key when matching rows


class UnitMixError(ValueError):
    """A step would add or compare figures in different units (person vs person_time ...)."""


class PeriodMixError(ValueError):
    """A step would add figures that cover different kinds of period (stocks vs flows ...)."""


class NotAdditiveError(ValueError):
    """A step would add rows that are standards or shares (grant_per_recipient, percent)."""


# --------------------------------------------------------------------------- helpers


def _as_list(value: Any) -> list[Any]:
    """A filter argument as a list: scalars (and strings) become one-element lists."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def _require(frame: pd.DataFrame, columns: Iterable[str], where: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{where}: the frame has no column(s) {', '.join(missing)}")


def _text(series: pd.Series) -> pd.Series:
    """Column as plain strings with a sentinel for missing values (safe to compare and join)."""
    return series.astype("string").fillna(_MISSING).astype(object)


def _ids(frame: pd.DataFrame, limit: int = 8) -> str:
    """A short list of metric ids (or row labels) for error messages."""
    ids = frame["metric_id"] if "metric_id" in frame.columns else pd.Series(frame.index)
    ids = [str(i) for i in ids]
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(ids[:limit]) + more


def _group_label(keys: Sequence[str], values: Any) -> str:
    if not isinstance(values, tuple):
        values = (values,)
    parts = []
    for key, value in zip(keys, values, strict=True):
        shown = "NA" if value is _MISSING or pd.isna(value) else repr(value)
        parts.append(f"{key}={shown}")
    return "(" + ", ".join(parts) + ")"


def per_label(per: int) -> str:
    """Suffix used in per-capita column names: 10_000 -> '10k', 1_000_000 -> '1m', 1 -> 'capita'."""
    if per <= 0:
        raise ValueError(f"per must be a positive number of residents, got {per}")
    if per == 1:
        return "capita"
    for size, letter in ((1_000_000, "m"), (1_000, "k")):
        if per % size == 0:
            return f"{per // size}{letter}"
    return str(per)


# --------------------------------------------------------------------------- select

_FILTERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    # argument: (columns any of which may match, vocabulary or None)
    "measure": (("measure",), MEASURES),
    "indicator": (("indicator",), None),
    "unit": (("unit",), UNITS),
    "places": (("place_zh", "place_en", "adcode"), None),
    "level": (("place_level",), LEVELS),
    "years": (("year",), None),
    "period_kind": (("period_kind",), PERIOD_KINDS),
    "programme": (("programme_zh", "programme_en"), None),
    "qualifier": (("qualifier",), QUALIFIERS),
}


def select(
    metrics: pd.DataFrame,
    *,
    measure: str | Iterable[str] | None = None,
    indicator: str | Iterable[str] | None = None,
    unit: str | Iterable[str] | None = None,
    places: str | Iterable[str] | None = None,
    level: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    period_kind: str | Iterable[str] | None = None,
    programme: str | Iterable[str] | None = None,
    qualifier: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows matching every given filter; each filter takes a scalar or a list.

    ``places`` matches ``place_zh``, ``place_en`` or ``adcode``; ``programme``
    matches ``programme_zh`` or ``programme_en``; ``years`` matches ``year`` (rows
    with no year never match). A value outside the codebook's vocabulary (say
    ``measure="station"``) raises ``ValueError`` instead of returning nothing.
    """
    arguments = {
        "measure": measure,
        "indicator": indicator,
        "unit": unit,
        "places": places,
        "level": level,
        "years": years,
        "period_kind": period_kind,
        "programme": programme,
        "qualifier": qualifier,
    }
    keep = pd.Series(True, index=metrics.index)
    for name, wanted in arguments.items():
        if wanted is None:
            continue
        columns, vocabulary = _FILTERS[name]
        wanted = _as_list(wanted)
        if vocabulary is not None:
            unknown = [w for w in wanted if w not in vocabulary]
            if unknown:
                raise ValueError(
                    f"select({name}=...): {', '.join(map(repr, unknown))} not in the codebook; "
                    f"expected one of {', '.join(vocabulary)}"
                )
        present = [c for c in columns if c in metrics.columns]
        if not present:
            raise KeyError(f"select({name}=...): the frame has no column {' or '.join(columns)}")
        match = pd.Series(False, index=metrics.index)
        for column in present:
            if name == "years":
                years_wanted = [int(w) for w in wanted]
                match |= metrics[column].isin(years_wanted).fillna(False).astype(bool)
            else:
                match |= _text(metrics[column]).isin([str(w) for w in wanted])
        if name == "indicator" and not match.any() and len(metrics):
            warnings.warn(f"select(indicator={wanted!r}): no row has that indicator", stacklevel=2)
        keep &= match
    out = metrics.loc[keep].copy()
    out.attrs = dict(metrics.attrs)
    return out


# --------------------------------------------------------------------------- total


def _refuse_not_additive(frame: pd.DataFrame, where: str) -> None:
    for column, refused in (("indicator", NOT_ADDITIVE_INDICATORS), ("unit", NOT_ADDITIVE_UNITS)):
        if column not in frame.columns:
            continue
        text = _text(frame[column])
        for value, reason in refused.items():
            rows = frame.loc[text == value]
            if len(rows):
                raise NotAdditiveError(
                    f"{where}: refusing to add {column} {value!r} rows ({_ids(rows)}): {reason}. "
                    f"Select them out first (e.g. select(...) on another {column})."
                )


def _period_class(frame: pd.DataFrame) -> pd.Series:
    kind = _text(frame["period_kind"])
    cls = kind.map(_PERIOD_CLASS).fillna("unknown")
    if "annualised" in frame.columns:
        annualised = frame["annualised"].fillna(False).astype(bool)
        cls = cls.where(~(annualised & (kind == "cumulative")), "cumulative (annualised)")
    return cls


def total(
    frame: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("place_en", "year"),
) -> pd.DataFrame:
    """Sum ``value``, ``value_low`` and ``value_high`` within groups.

    Returns one row per group with the ``by`` columns, ``unit``, the three sums,
    ``n`` (rows added), ``bounded`` (any row not ``exact``) and ``metric_ids``
    (semicolon-separated, to trace a total back to its sources). A missing bound
    makes the group's bound missing, never silently smaller. Rows with a missing
    ``by`` value form their own group (they are not dropped).

    Raises ``UnitMixError`` when a group mixes units, ``PeriodMixError`` when it
    mixes period classes (annual/campaign flows, cumulative flows, annualised
    cumulative flows, ``as_of`` stocks, unknown), and ``NotAdditiveError`` for
    ``grant_per_recipient`` or ``percent`` rows. Warns when a group adds
    different indicators, which may count the same people or money twice.
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require(frame, [*BOUND_COLUMNS, "unit", "period_kind", "qualifier", *keys], "total")
    _refuse_not_additive(frame, "total")
    if frame["unit"].isna().any():
        raise ValueError(
            f"total: rows without a unit cannot be added: {_ids(frame.loc[frame['unit'].isna()])}"
        )

    work = frame.copy()
    work["_unit"] = _text(work["unit"])
    work["_period"] = _period_class(work)
    work["_group"] = 0
    group_keys = keys or ["_group"]
    grouped = work.groupby(group_keys, dropna=False, observed=True, sort=True)

    unit_mix, period_mix, indicator_mix = [], [], []
    for label, rows in grouped:
        shown = _group_label(group_keys, label)
        units = sorted(set(rows["_unit"]))
        if len(units) > 1:
            unit_mix.append(f"{shown} mixes {', '.join(units)} ({_ids(rows, 4)})")
        periods = sorted(set(rows["_period"]))
        if len(periods) > 1:
            period_mix.append(f"{shown} mixes {', '.join(periods)} ({_ids(rows, 4)})")
        if "indicator" in rows.columns:
            indicators = sorted(set(_text(rows["indicator"])))
            if len(indicators) > 1:
                indicator_mix.append(f"{shown}: {', '.join(indicators)}")
    if unit_mix:
        raise UnitMixError(
            "total: cannot add figures in different units; group "
            + "; ".join(unit_mix[:5])
            + ". Select one unit or add 'unit' to by."
        )
    if period_mix:
        raise PeriodMixError(
            "total: cannot add stocks, yearly flows and multi-year flows together; group "
            + "; ".join(period_mix[:5])
            + ". Select one period_kind or add 'period_kind' to by."
        )
    if indicator_mix:
        warnings.warn(
            "total: groups add different indicators; check they do not count the same "
            "thing twice: " + "; ".join(indicator_mix[:5]),
            stacklevel=2,
        )

    sums = grouped[list(BOUND_COLUMNS)].sum(skipna=False, min_count=1)
    out = sums.astype("Float64")
    if "unit" not in keys:
        out.insert(0, "unit", grouped["_unit"].first())
    out["n"] = grouped.size().astype("Int64")
    out["bounded"] = grouped["qualifier"].agg(lambda q: bool((_text(q) != "exact").any()))
    if "metric_id" in work.columns:
        out["metric_ids"] = grouped["metric_id"].agg(lambda s: "; ".join(sorted(map(str, s))))
    out = out.reset_index()
    if not keys:
        out = out.drop(columns="_group")
    out["unit"] = out["unit"].astype("string")
    out.attrs = dict(frame.attrs)
    return out


# --------------------------------------------------------------------------- per capita


def per_capita(
    frame: pd.DataFrame,
    places: pd.DataFrame,
    *,
    per: int = 10_000,
    basis: str | None = "census_2020",
    on: str | None = None,
) -> pd.DataFrame:
    """Add population and figures per ``per`` residents (default per 10,000).

    Population comes from ``places`` rows with ``population_basis == basis``
    (``basis=None`` takes any basis), joined on ``on``: by default
    ``place_zh`` when both frames have it, else ``adcode``, else ``place_en``.
    New columns: ``population``, ``population_year``, ``population_basis`` and
    ``value_per_<label>``, ``value_low_per_<label>``, ``value_high_per_<label>``
    where the label comes from :func:`per_label` (``10k`` for 10,000). The
    settings used are stored in ``result.attrs["per_capita"]``. Rows whose place
    has no population keep missing per-capita values, with a warning naming the
    places.
    """
    if on is None:
        on = next(
            (c for c in ("place_zh", "adcode", "place_en") if c in frame and c in places), None
        )
        if on is None:
            raise KeyError("per_capita: frame and places share none of place_zh, adcode, place_en")
    _require(frame, [*BOUND_COLUMNS, on], "per_capita (frame)")
    _require(
        places, [on, "population", "population_year", "population_basis"], "per_capita (places)"
    )
    taken = [c for c in ("population", "population_year", "population_basis") if c in frame]
    if taken:
        raise ValueError(
            f"per_capita: the frame already has {', '.join(taken)}; was per_capita applied twice?"
        )
    label = per_label(per)

    pop = places
    if basis is not None:
        pop = pop.loc[_text(pop["population_basis"]) == basis]
    pop = pop.loc[pop["population"].notna()]
    key = _text(pop[on])
    duplicated = pop.loc[key.duplicated(keep=False)]
    if len(duplicated):
        names = sorted(set(_text(duplicated[on])))
        raise ValueError(
            f"per_capita: several populations for {on} {', '.join(names)} "
            f"(basis {basis!r}); pass a basis that picks one"
        )
    bad = pop.loc[pop["population"] <= 0]
    if len(bad):
        raise ValueError(f"per_capita: non-positive population for {', '.join(_text(bad[on]))}")
    lookup = pd.DataFrame(
        {
            "_key": key.to_numpy(),
            "population": pop["population"].astype("Int64").to_numpy(),
            "population_year": pop["population_year"].astype("Int64").to_numpy(),
            "population_basis": pop["population_basis"].astype("string").to_numpy(),
        }
    )

    out = frame.copy()
    out["_key"] = _text(out[on]).to_numpy()
    out = out.merge(lookup, on="_key", how="left", validate="many_to_one").drop(columns="_key")
    out.index = frame.index
    population = out["population"].astype("Float64")
    for column in BOUND_COLUMNS:
        out[f"{column}_per_{label}"] = out[column].astype("Float64") / population * per

    lacking = sorted(set(_text(out.loc[out["population"].isna(), on])) - {_MISSING})
    if out[on].isna().any():
        lacking.append("<missing place>")
    if lacking:
        warnings.warn(
            f"per_capita: no population (basis {basis!r}) for {', '.join(lacking)}; "
            "their per-capita values are left missing",
            stacklevel=2,
        )
    years = sorted({int(y) for y in out["population_year"].dropna()})
    out.attrs = dict(frame.attrs)
    out.attrs["per_capita"] = {
        "per": per,
        "label": label,
        "basis": basis,
        "population_years": years,
        "on": on,
        "columns": [f"{c}_per_{label}" for c in BOUND_COLUMNS],
    }
    return out


# --------------------------------------------------------------------------- annualise


def annualise(
    frame: pd.DataFrame,
    *,
    inclusive: bool = True,
    errors: Literal["raise", "drop"] = "raise",
) -> pd.DataFrame:
    """Divide cumulative figures by the number of calendar years they cover.

    Only ``cumulative`` rows change. The length is counted in whole calendar
    years: with ``inclusive=True`` both the start and end years count
    (``end.year - start.year + 1``; 2016-01-01..2020-12-31 is 5 years, and so is
    2016-01-01..2020-06-30). With ``inclusive=False`` the end year is not counted
    (``end.year - start.year``), for totals that run to a publication date early
    in the next year (2016-01-01..2021-03-15 is 5 years).

    Adds ``annualised`` (True where divided) and ``years_covered`` (missing on
    rows left alone). Other rows are returned unchanged with
    ``annualised=False``; :func:`total` keeps annualised and raw cumulative
    figures apart. A cumulative row without both dates, or covering less than
    one year by the rule, cannot be annualised: ``errors="raise"`` (default)
    raises ``ValueError`` naming the rows, ``errors="drop"`` leaves them out with
    a warning. They are never kept as raw totals beside annualised ones.
    """
    _require(frame, [*BOUND_COLUMNS, "period_kind", "period_start", "period_end"], "annualise")
    if errors not in ("raise", "drop"):
        raise ValueError(f"annualise: errors must be 'raise' or 'drop', got {errors!r}")
    if "annualised" in frame.columns and frame["annualised"].fillna(False).astype(bool).any():
        raise ValueError("annualise: the frame is already annualised")

    cumulative = (_text(frame["period_kind"]) == "cumulative").to_numpy()
    start = pd.to_datetime(frame["period_start"])
    end = pd.to_datetime(frame["period_end"])
    years = (end.dt.year - start.dt.year + (1 if inclusive else 0)).astype("Int64")
    ok = years.notna() & (years >= 1)
    cannot = cumulative & ~ok.fillna(False).to_numpy(dtype=bool)
    out = frame.copy()
    if cannot.any():
        failed = frame.loc[cannot]
        message = (
            f"annualise: cumulative rows {_ids(failed)} lack period_start or period_end "
            "(or cover under one year by the rule)"
        )
        if errors == "raise":
            raise ValueError(message + "; pass errors='drop' to leave them out")
        warnings.warn(message + "; left out", stacklevel=2)
        out = out.loc[~cannot].copy()
        cumulative = cumulative[~cannot]
        years = years.loc[~cannot]

    out["annualised"] = cumulative
    out["years_covered"] = years.where(pd.Series(cumulative, index=years.index)).astype("Int64")
    divisor = out["years_covered"].astype("Float64").where(out["annualised"], 1.0)
    for column in BOUND_COLUMNS:
        out[column] = out[column].astype("Float64") / divisor
    out.attrs = dict(frame.attrs)
    out.attrs["annualise"] = {"inclusive": inclusive, "errors": errors}
    return out


# --------------------------------------------------------------------------- per beneficiary

PAIR_KEYS: tuple[str, ...] = (
    "source_id",
    "place_zh",
    "programme_zh",
    "period_kind",
    "period_start",
    "period_end",
    "year",
)


def per_beneficiary(
    metrics: pd.DataFrame,
    *,
    funds_indicator: str = "funds_disbursed",
    people_indicators: Sequence[str] = (
        "people_aided",
        "people_consoled",
        "students_aided",
        "workers_cooled",
    ),
    keys: Sequence[str] = PAIR_KEYS,
) -> pd.DataFrame:
    """Yuan per beneficiary from a funds row and a people row of the same report.

    A funds row pairs with every people row that shares ``keys`` (same source,
    place, programme and period). Each pair gives one result row with
    ``value = funds / people`` and the widest interval the bounds allow:
    ``value_low = funds_low / people_high`` and ``value_high = funds_high /
    people_low``. ``beneficiary_unit`` is the people row's unit (person,
    person_time or household) and ``unit`` reads ``yuan_per_<that unit>``, so
    different kinds of beneficiary are never mixed in one number. Both metric
    ids are kept. A funds row with several candidate people rows yields one row
    per pair, and a warning names it; funds rows with no partner are listed in
    ``result.attrs["unpaired_funds"]``.
    """
    keys = list(keys)
    metrics = metrics.reset_index(drop=True)  # row labels double as positions below
    _require(
        metrics,
        ["metric_id", "indicator", "unit", "qualifier", *BOUND_COLUMNS, *keys],
        "per_beneficiary",
    )
    indicator = _text(metrics["indicator"])
    funds = metrics.loc[indicator == funds_indicator]
    people = metrics.loc[indicator.isin(list(people_indicators))]
    not_yuan = funds.loc[_text(funds["unit"]) != "yuan"]
    if len(not_yuan):
        raise UnitMixError(f"per_beneficiary: funds rows not in yuan: {_ids(not_yuan)}")
    odd = people.loc[~_text(people["unit"]).isin(BENEFICIARY_UNITS)]
    if len(odd):
        raise UnitMixError(
            f"per_beneficiary: people rows {_ids(odd)} are not counted in "
            f"{', '.join(BENEFICIARY_UNITS)}"
        )

    def keyed(rows: pd.DataFrame, prefix: str, extra: list[str]) -> pd.DataFrame:
        part = pd.DataFrame({k: _text(rows[k]).to_numpy() for k in keys})
        for column in ["metric_id", "indicator", "unit", "qualifier", *BOUND_COLUMNS, *extra]:
            part[f"{prefix}{column}"] = rows[column].to_numpy()
        part[f"{prefix}row"] = rows.index.to_numpy()
        return part

    funds_part = keyed(funds, "f_", [])
    people_part = keyed(people, "p_", [])
    pairs = funds_part.merge(people_part, on=keys, how="inner", sort=False)

    unpaired = sorted(set(funds_part["f_metric_id"]) - set(pairs["f_metric_id"]))
    counts = pairs.groupby("f_metric_id")["p_metric_id"].transform("size")
    several = sorted(set(pairs.loc[counts > 1, "f_metric_id"]))
    if several:
        warnings.warn(
            f"per_beneficiary: funds rows {', '.join(several)} pair with several people rows; "
            "one result row per pair (see people_indicator and beneficiary_unit)",
            stacklevel=2,
        )

    context = [c for c in ("place_en", "place_level", "adcode", "programme_en") if c in metrics]
    base = metrics.loc[pairs["f_row"].to_numpy(), [*keys, *context]].reset_index(drop=True)
    out = base.copy()
    out["funds_metric_id"] = pairs["f_metric_id"].astype("string").to_numpy()
    out["people_metric_id"] = pairs["p_metric_id"].astype("string").to_numpy()
    out["people_indicator"] = pairs["p_indicator"].astype("string").to_numpy()
    out["beneficiary_unit"] = pairs["p_unit"].astype("string").to_numpy()
    out["unit"] = ("yuan_per_" + out["beneficiary_unit"]).astype("string")
    for side, prefix in (("funds", "f_"), ("people", "p_")):
        for column in BOUND_COLUMNS:
            out[f"{side}_{column}"] = pd.array(pairs[f"{prefix}{column}"], dtype="Float64")
    nonzero = {c: out[f"people_{c}"].where(out[f"people_{c}"] > 0) for c in BOUND_COLUMNS}
    out["value"] = out["funds_value"] / nonzero["value"]
    out["value_low"] = out["funds_value_low"] / nonzero["value_high"]
    out["value_high"] = out["funds_value_high"] / nonzero["value_low"]
    exact = (_text(pairs["f_qualifier"]) == "exact") & (_text(pairs["p_qualifier"]) == "exact")
    out["bounded"] = ~exact.to_numpy()
    out = out.sort_values(["funds_metric_id", "people_metric_id"], kind="stable")
    out = out.reset_index(drop=True)
    out.attrs = dict(metrics.attrs)
    out.attrs["unpaired_funds"] = unpaired
    return out


# --------------------------------------------------------------------------- series


def series(
    metrics: pd.DataFrame,
    *,
    indicator: str,
    place_zh: str = "全国",
    unit: str | None = None,
    period_kind: str = "as_of",
) -> pd.DataFrame:
    """One row per year for one indicator and place (e.g. national station totals).

    Takes rows of ``period_kind`` (``as_of`` stocks by default) with a known
    ``year``; rows without a year are left out with a warning. When several
    rows fall in one year, one is kept by the codebook's rule for choosing
    among reports (:func:`unionanalysis.reconcile.preferred_order`): the latest
    ``period_end`` (the most recent count), then the narrowest interval, then
    the finest last digit, then the smallest ``metric_id``. ``n_reports``
    counts the rows found for the year and ``superseded`` lists the ids not
    kept (:func:`reconcile` says how each relates to the kept one). Several
    units without ``unit=`` raise ``UnitMixError``.
    """
    _require(
        metrics, ["metric_id", "indicator", "place_zh", "year", "period_end", "unit"], "series"
    )
    rows = select(metrics, indicator=indicator, places=None, period_kind=period_kind)
    rows = rows.loc[_text(rows["place_zh"]) == place_zh]
    if unit is not None:
        rows = select(rows, unit=unit)
    units = sorted(set(_text(rows["unit"])))
    if len(units) > 1:
        raise UnitMixError(
            f"series: {indicator} for {place_zh} comes in units {', '.join(units)}; pass unit="
        )
    no_year = rows.loc[rows["year"].isna()]
    if len(no_year):
        warnings.warn(f"series: rows without a year left out: {_ids(no_year)}", stacklevel=2)
        rows = rows.loc[rows["year"].notna()]

    work = preferred_order(rows)
    grouped = work.groupby("year", sort=True)
    kept = work.drop_duplicates("year", keep="first").sort_values("year", kind="stable")
    kept = kept.set_index("year", drop=False)
    kept["n_reports"] = grouped.size().astype("Int64")
    ids_by_year = grouped["metric_id"].agg(list)
    kept["superseded"] = [
        "; ".join(sorted(str(i) for i in ids_by_year[year] if i != mid))
        for year, mid in zip(kept["year"], kept["metric_id"], strict=True)
    ]
    out = kept.reset_index(drop=True)
    out["superseded"] = out["superseded"].astype("string")
    out.attrs = dict(metrics.attrs)
    return out


def series_by_place(
    metrics: pd.DataFrame,
    *,
    min_years: int = 3,
    period_kind: str | Sequence[str] = ("as_of", "annual", "campaign"),
    by_family: bool = True,
) -> pd.DataFrame:
    """Every within-place series with figures in at least ``min_years`` distinct years.

    A series is one place, indicator, unit and period kind (and, with
    ``by_family``, one programme family, so festival visits and student aid of
    one city stay apart); only counts (:func:`unionanalysis.parts.is_count`:
    no targets, subsets, daily rates, standards or shares). Cumulative figures
    are left out by default, since totals from different start dates are not
    one series. Each series is passed through :func:`series`, so each year
    keeps one report by the codebook's rule. Returns the kept rows with a
    ``series_key`` column (``place_en · indicator · unit · period_kind[ · family]``)
    and ``n_years``, sorted by key and year.
    """
    from .programmes import with_family

    if min_years < 2:
        raise ValueError(f"series_by_place: min_years must be at least 2, got {min_years}")
    kinds = _as_list(period_kind)
    rows = select(metrics, period_kind=kinds)
    rows = rows.loc[is_count(rows) & rows["year"].notna() & rows["place_zh"].notna()]
    keys = ["place_zh", "indicator", "unit", "period_kind"]
    if by_family:
        rows = with_family(rows)
        keys.append("programme_family")
    years = rows.groupby(keys, observed=True, dropna=False)["year"].nunique()
    long = years[years >= min_years]
    parts = []
    for key in long.index:
        values = dict(zip(keys, key, strict=True))
        part = rows
        for column, value in values.items():
            part = part.loc[_text(part[column]) == str(value)]
        kept = series(
            part,
            indicator=str(values["indicator"]),
            place_zh=str(values["place_zh"]),
            unit=str(values["unit"]),
            period_kind=str(values["period_kind"]),
        )
        label = [str(kept["place_en"].iloc[0]), str(values["indicator"]), str(values["unit"])]
        label.append(str(values["period_kind"]))
        if by_family:
            label.append(str(kept["programme_family_en"].iloc[0]))
        kept["series_key"] = " · ".join(label)
        kept["n_years"] = int(long[key])
        parts.append(kept)
    if not parts:
        out = rows.iloc[0:0].copy()
        out["series_key"] = pd.Series(dtype="string")
        out["n_years"] = pd.Series(dtype="int64")
    else:
        out = pd.concat(parts, ignore_index=True)
    out["series_key"] = out["series_key"].astype("string")
    out = out.sort_values(["series_key", "year"], kind="stable").reset_index(drop=True)
    out.attrs = dict(metrics.attrs)
    out.attrs["series_by_place"] = {"min_years": min_years, "period_kind": kinds}
    return out


def with_province(frame: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``province_en``: the English name of ``province_zh``.

    National rows (no province) keep a missing ``province_en``. A province
    missing from ``places`` raises ``KeyError`` naming it, rather than leaving
    rows unlabelled.
    """
    _require(frame, ["province_zh"], "with_province (frame)")
    _require(places, ["place_zh", "place_en", "level"], "with_province (places)")
    provinces = places.loc[_text(places["level"]) == "province"]
    names = dict(zip(provinces["place_zh"].astype(str), provinces["place_en"], strict=True))
    wanted = set(frame["province_zh"].dropna().astype(str))
    unknown = sorted(wanted - set(names))
    if unknown:
        raise KeyError(f"with_province: no province in places for {', '.join(unknown)}")
    out = frame.copy()
    out["province_en"] = out["province_zh"].astype("string").map(names).astype("string")
    return out


# --------------------------------------------------------------------------- latest report


def latest(
    metrics: pd.DataFrame,
    *,
    by: str | Sequence[str] = "place_zh",
    date: str = "period_end",
    undated: Literal["drop", "fallback"] = "drop",
) -> pd.DataFrame:
    """The latest report per group (by default per place): the row with the latest ``date``.

    An undated row is never preferred over a dated one: "latest" needs a date. Undated rows
    are set aside with a warning that names them; with ``undated="fallback"`` a group that
    has no dated row keeps its undated row when it has exactly one (several undated rows
    cannot be ordered, so they are set aside too). Ties on the date go to the narrowest
    interval, then the largest ``metric_id`` (the later-curated row), so the choice is the
    same on every run. Rows keep their columns; ``n_reports`` counts the group's rows.
    """
    keys: list[str] = [by] if isinstance(by, str) else list(by)
    _require(metrics, ["metric_id", date, *keys, "value_low", "value_high"], "latest")
    work = metrics.copy()
    work["_end"] = pd.to_datetime(work[date])
    work["_width"] = (work["value_high"] - work["value_low"]).astype("Float64").fillna(float("inf"))
    group = work.groupby(keys, observed=True, sort=False, dropna=False)
    work["n_reports"] = group["metric_id"].transform("size").astype("Int64")
    dated_in_group = group["_end"].transform("count")
    undated_rows = work["_end"].isna()
    keep_undated = (
        undated_rows & (dated_in_group == 0) & (work["n_reports"] == 1)
        if undated == "fallback"
        else pd.Series(False, index=work.index)
    )
    aside = work.loc[undated_rows & ~keep_undated]
    if len(aside):
        warnings.warn(f"latest: undated rows set aside ({date} empty): {_ids(aside)}", stacklevel=2)
    work = work.loc[~undated_rows | keep_undated]
    work = work.sort_values(
        ["_end", "_width", "metric_id"], ascending=[True, False, True], kind="stable"
    )
    kept = work.drop_duplicates(keys, keep="last").sort_index()
    out = kept.drop(columns=["_end", "_width"])
    out.attrs = dict(metrics.attrs)
    return out


# --------------------------------------------------------------------------- bound share


def bound_share(frame: pd.DataFrame, *, by: str | Sequence[str] = "measure") -> pd.DataFrame:
    """How many figures are bounds rather than exact counts, per group.

    Returns the ``by`` columns, ``n``, one count column per qualifier,
    ``share_bounded`` (non-exact rows / n) and ``median_relative_width``
    (median of (value_high - value_low) / value, a rough size of the interval).
    """
    keys: list[Hashable] = [by] if isinstance(by, str) else list(by)
    _require(frame, ["qualifier", *BOUND_COLUMNS, *keys], "bound_share")
    work = frame.copy()
    work["_qualifier"] = _text(work["qualifier"])
    value = work["value"].astype("Float64")
    width = (work["value_high"] - work["value_low"]).astype("Float64")
    work["_relative"] = (width / value.where(value != 0)).astype("float64")
    for qualifier in QUALIFIERS:
        work[qualifier] = (work["_qualifier"] == qualifier).astype("int64")
    grouped = work.groupby(keys, dropna=False, observed=True, sort=True)
    out = grouped[list(QUALIFIERS)].sum().astype("Int64")
    out.insert(0, "n", grouped.size().astype("Int64"))
    out["share_bounded"] = ((out["n"] - out["exact"]) / out["n"]).astype("Float64")
    out["median_relative_width"] = grouped["_relative"].median().astype("Float64")
    return out.reset_index()
