"""A national or provincial total set beside the sum of what its parts report.

Round-ups name some cities, and cities report on their own; neither adds up
to the province's figure, and the difference is itself a finding (how much of
a total the named places account for, or a part that exceeds its whole). The
codebook therefore never sums cities into a total. :func:`totals_vs_parts`
does the comparison as a check, one row per total, only for figures that may
be added: the same indicator, unit, period kind, year and programme family,
never targets, subsets, daily rates, per-head standards, shares or ``other``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .codes import LEVELS
from .programmes import with_family
from .reconcile import preferred_order

__all__ = ["CHILD_LEVEL", "NOT_COUNTS", "is_count", "totals_vs_parts"]

# The level whose places are the parts of a total at each level.
CHILD_LEVEL: dict[str, str] = {"national": "province", "province": "prefecture"}

# Indicator suffixes and names, and units, whose rows are not counts that add up.
_NOT_COUNT_SUFFIXES = ("_target", "_subset", "_daily")
_NOT_COUNT_INDICATORS = ("grant_per_recipient", "other", "share_percent")
_NOT_COUNT_UNITS = ("percent",)
NOT_COUNTS = {
    "suffixes": _NOT_COUNT_SUFFIXES,
    "indicators": _NOT_COUNT_INDICATORS,
    "units": _NOT_COUNT_UNITS,
}
DEFAULT_KEYS: tuple[str, ...] = ("indicator", "unit", "period_kind", "year", "programme_family")
_BOUNDS = ("value", "value_low", "value_high")
_STATUSES = ("parts_exceed_total", "parts_match_total", "parts_below_total")


def is_count(frame: pd.DataFrame) -> pd.Series:
    """True for rows that are counts of one thing and may be added within a unit.

    False for targets, subsets and daily rates (``_target``, ``_subset``,
    ``_daily``), per-head standards (``grant_per_recipient``), shares (unit
    ``percent``) and the catch-all ``other``, which lumps different things.
    """
    indicator = frame["indicator"].astype("string").fillna("")
    unit = frame["unit"].astype("string").fillna("")
    bad = indicator.isin(_NOT_COUNT_INDICATORS) | unit.isin(_NOT_COUNT_UNITS)
    for suffix in _NOT_COUNT_SUFFIXES:
        bad |= indicator.str.endswith(suffix)
    return ~bad.astype(bool)


def _parent_map(places: pd.DataFrame) -> dict[str, str]:
    """place_zh -> the place it belongs to (provinces belong to the country)."""
    parents: dict[str, str] = {}
    national = places.loc[places["level"].astype("string") == "national", "place_zh"]
    country = str(national.iloc[0]) if len(national) else "全国"
    for name, parent, level in zip(
        places["place_zh"].astype(str),
        places["parent_zh"].astype("string"),
        places["level"].astype("string"),
        strict=True,
    ):
        if level == "province":
            parents[name] = country
        elif not pd.isna(parent):
            parents[name] = str(parent)
    return parents


def _key_frame(rows: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Key columns as text; a cumulative figure's start date is part of its key."""
    out = pd.DataFrame(index=rows.index)
    for key in keys:
        out[key] = rows[key].astype("string").fillna("").astype(object)
    start = rows["period_start"].astype("string").fillna("")
    cumulative = rows["period_kind"].astype("string") == "cumulative"
    out["_start"] = start.where(cumulative, "").astype(object)
    return out


def totals_vs_parts(
    metrics: pd.DataFrame,
    places: pd.DataFrame,
    *,
    levels: str | Sequence[str] = ("national", "province"),
    keys: Sequence[str] = DEFAULT_KEYS,
    same_source: bool = False,
) -> pd.DataFrame:
    """Each total at ``levels`` beside the sum of its parts' figures for the same quantity.

    The parts of the country are its provinces, of a province its
    prefecture-level cities (``CHILD_LEVEL``; from ``places.parent_zh``). A
    part matches a total when every column of ``keys`` agrees (by default
    indicator, unit, period kind, year and programme family from
    :func:`unionanalysis.programmes.with_family`), and for cumulative figures
    also ``period_start``. Where a place has several reports of one quantity,
    one is taken by the codebook's rule (:func:`unionanalysis.reconcile.preferred_order`);
    ``same_source=True`` takes only parts from the total's own article.

    One row per total with at least one part: the total's ``total_value``,
    ``total_low``, ``total_high``, ``total_qualifier`` and ``total_metric_id``;
    ``parts`` (places summed), ``parts_possible`` (places of that level in
    ``places``), the sums ``parts_value``, ``parts_low``, ``parts_high`` (a
    missing bound makes its sum missing), ``parts_places``, ``share``
    (``parts_value / total_value``), ``status`` (``parts_exceed_total`` when even
    the parts' low sum is above the total's high end, ``parts_match_total`` when
    the intervals overlap, else ``parts_below_total``), ``same_source`` (all
    parts from the total's article) and ``metric_ids`` (total and parts).
    Rows that are not counts (:func:`is_count`), lack a year or have an
    ``unknown`` period are never summed; how many were left out is in
    ``result.attrs["left_out"]``.
    """
    wanted = [levels] if isinstance(levels, str) else list(levels)
    odd = [lv for lv in wanted if lv not in CHILD_LEVEL]
    if odd:
        raise ValueError(
            f"totals_vs_parts(levels=...): {', '.join(map(repr, odd))} have no parts level; "
            f"use {', '.join(CHILD_LEVEL)}"
        )
    keys = list(keys)
    needed = ["metric_id", "source_id", "place_zh", "place_en", "place_level", "period_start"]
    needed += ["period_end", "period_kind", "qualifier", "value", "value_low", "value_high"]
    work = with_family(metrics) if "programme_family" in keys else metrics.copy()
    missing = [c for c in [*needed, *keys, "indicator", "unit"] if c not in work.columns]
    if missing:
        raise KeyError(f"totals_vs_parts: the metrics frame has no column(s) {', '.join(missing)}")
    for column in ("place_zh", "parent_zh", "level", "place_en"):
        if column not in places.columns:
            raise KeyError(f"totals_vs_parts: the places frame has no column {column!r}")

    usable = is_count(work) & work["year"].notna()
    usable &= work["period_kind"].astype("string") != "unknown"
    usable &= work["value"].notna() & work["unit"].notna()
    left_out = int((~usable).sum())
    work = work.loc[usable].copy()
    work["_level"] = work["place_level"].astype("string")
    key_frame = _key_frame(work, keys)
    key_columns = list(key_frame.columns)
    work[[f"_k{i}" for i in range(len(key_columns))]] = key_frame.to_numpy()
    k = [f"_k{i}" for i in range(len(key_columns))]

    parents = _parent_map(places)
    work["_parent"] = work["place_zh"].astype(str).map(parents)
    level_of = places.set_index(places["place_zh"].astype(str))["level"].astype("string")
    children_count: dict[tuple[str, str], int] = {}
    for name, parent in parents.items():
        level = level_of.get(name)
        if level is not None:
            children_count[(parent, str(level))] = children_count.get((parent, str(level)), 0) + 1

    def pick(rows: pd.DataFrame) -> pd.DataFrame:
        """One report per place and quantity, by the codebook's rule."""
        return preferred_order(rows).drop_duplicates(["place_zh", *k], keep="first")

    records = []
    for level in wanted:
        totals = pick(work.loc[work["_level"] == level])
        parts_all = work.loc[work["_level"] == CHILD_LEVEL[level]]
        for _, total in totals.iterrows():
            match = parts_all["_parent"] == str(total["place_zh"])
            for column in k:
                match &= parts_all[column] == total[column]
            parts = parts_all.loc[match]
            if same_source:
                parts = parts.loc[parts["source_id"].astype(str) == str(total["source_id"])]
            parts = pick(parts)
            if parts.empty:
                continue
            sums = {c: parts[c].astype("Float64").sum(skipna=False) for c in _BOUNDS}
            total_low, total_high = total["value_low"], total["value_high"]
            low_sum, high_sum = sums["value_low"], sums["value_high"]
            if pd.notna(low_sum) and pd.notna(total_high) and low_sum > total_high:
                status = "parts_exceed_total"
            elif pd.notna(high_sum) and pd.notna(total_low) and high_sum >= total_low:
                status = "parts_match_total"
            else:
                status = "parts_below_total"
            ids = sorted(str(i) for i in parts["metric_id"])
            record = {
                "place_zh": total["place_zh"],
                "place_en": total["place_en"],
                "place_level": level,
                **{key: total[key] for key in keys},
                "period_start": total["period_start"],
                "period_end": total["period_end"],
                "total_value": total["value"],
                "total_low": total_low,
                "total_high": total_high,
                "total_qualifier": total["qualifier"],
                "total_metric_id": total["metric_id"],
                "parts": len(parts),
                "parts_possible": children_count.get(
                    (str(total["place_zh"]), CHILD_LEVEL[level]), 0
                ),
                "parts_value": sums["value"],
                "parts_low": sums["value_low"],
                "parts_high": sums["value_high"],
                "parts_places": "; ".join(sorted(str(p) for p in parts["place_en"])),
                "share": sums["value"] / total["value"] if total["value"] else pd.NA,
                "status": status,
                "same_source": bool((parts["source_id"] == total["source_id"]).all()),
                "metric_ids": "; ".join([str(total["metric_id"]), *ids]),
            }
            records.append(record)
    columns = [
        "place_zh",
        "place_en",
        "place_level",
        *keys,
        "period_start",
        "period_end",
        "total_value",
        "total_low",
        "total_high",
        "total_qualifier",
        "total_metric_id",
        "parts",
        "parts_possible",
        "parts_value",
        "parts_low",
        "parts_high",
        "parts_places",
        "share",
        "status",
        "same_source",
        "metric_ids",
    ]
    out = pd.DataFrame.from_records(records, columns=columns)
    for column in ("total_value", "total_low", "total_high", "parts_value", "parts_low"):
        out[column] = out[column].astype("Float64")
    out["parts_high"] = out["parts_high"].astype("Float64")
    out["share"] = out["share"].astype("Float64")
    out["parts"] = out["parts"].astype("int64")
    out["parts_possible"] = out["parts_possible"].astype("int64")
    out["place_level"] = pd.Categorical(out["place_level"], categories=LEVELS)
    out["status"] = pd.Categorical(out["status"], categories=_STATUSES)
    if "year" in out.columns:
        out["year"] = out["year"].astype("Int64")
    order = ["place_level", "place_zh", *[c for c in keys if c in out.columns], "total_metric_id"]
    out = out.sort_values(order, kind="stable").reset_index(drop=True)
    out.attrs = dict(metrics.attrs)
    out.attrs["left_out"] = left_out
    return out
