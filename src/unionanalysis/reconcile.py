"""Several reports of one quantity: which to use, and which disagreements to look at.

Articles often report the same quantity (one indicator, place, unit and period), and series
are restated, rounded or silently redefined. :func:`reconcile` groups the rows that report
the same quantity, picks the one a notebook uses (:func:`preferred_order`, the rule in the
codebook's *Choosing among reports*) and says how every other row relates to it: it agrees,
restates it rounded or as a bound, is superseded by a later report, or conflicts with it (and
by how much). :func:`series_checks` looks along a series for what a careful reader asks
about: a cumulative total that falls, a stock that falls, a change from one year to the next
beyond a threshold. ``unionanalysis validate`` reports conflicts and series findings as
warnings with ids; they are findings about the sources, not errors in the data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = [
    "CLASSES",
    "QUANTITY_KEYS",
    "classify",
    "findings",
    "preferred_order",
    "reconcile",
    "series_checks",
    "step",
]

# Rows agreeing on all of these (and, for cumulative rows, on period_start) report one quantity.
QUANTITY_KEYS: tuple[str, ...] = ("indicator", "place_zh", "unit", "period_kind", "year")
SERIES_KEYS: tuple[str, ...] = ("indicator", "place_zh", "unit")
# How another row relates to the row a notebook uses, most serious first.
CLASSES: tuple[str, ...] = ("conflicting", "superseded", "restated", "agreeing")
KEPT = "kept"
# Two rows of one article with one key are different figures (a part, another programme):
# the codebook codes a repeated figure once, so they are never compared with each other.
SAME_SOURCE = "same_source"
_TOLERANCE = 1e-9


# --------------------------------------------------------------------------- one pair


def step(value: float) -> float:
    """One unit of the last significant digit: 105800 -> 100, 1.2e9 -> 1e8, 2.5 -> 0.1.

    Trailing zeros are not significant (the codebook's bounds rule); zero has step 1.
    """
    if value is None or pd.isna(value) or value == 0:
        return 1.0
    magnitude = abs(float(value))
    for decimals in range(0, 7):  # fractional figures: 2.5 -> 0.1
        scaled = magnitude * 10**decimals
        if math.isclose(scaled, round(scaled), rel_tol=0, abs_tol=1e-6):
            break
    digits = round(scaled)
    if decimals:
        return 10.0**-decimals
    zeros = 0
    while digits and digits % 10 == 0:
        digits //= 10
        zeros += 1
    return 10.0**zeros


def _interval(row: Any) -> tuple[float, float]:
    low, high = row["value_low"], row["value_high"]
    value = float(row["value"])
    return (value if pd.isna(low) else float(low), value if pd.isna(high) else float(high))


def _contains(outer: tuple[float, float], inner: tuple[float, float]) -> bool:
    scale = max(abs(outer[1]), abs(inner[1]), 1.0) * _TOLERANCE
    return outer[0] <= inner[0] + scale and outer[1] >= inner[1] - scale


def classify(kept: Any, other: Any) -> tuple[str, float, float]:
    """How ``other`` relates to ``kept`` (two rows of one quantity): class, gap, relative gap.

    ``superseded`` when ``other`` ends before ``kept``; else ``restated`` when ``other`` is a
    wider bound containing ``kept``'s interval or ``kept``'s value rounded to a coarser digit;
    else ``agreeing`` when the intervals overlap; else ``conflicting``, with the gap between
    the intervals (in the unit of the rows, and as a share of ``kept``'s value).
    """
    kept_end, other_end = pd.Timestamp(kept["period_end"]), pd.Timestamp(other["period_end"])
    if pd.notna(kept_end) and pd.notna(other_end) and other_end < kept_end:
        return "superseded", 0.0, 0.0
    k, o = _interval(kept), _interval(other)
    wider = (o[1] - o[0]) > (k[1] - k[0]) + _TOLERANCE * max(abs(k[1]), 1.0)
    coarse = step(float(other["value"]))
    rounded = coarse > step(float(kept["value"])) and math.isclose(
        round(float(kept["value"]) / coarse) * coarse, float(other["value"]), rel_tol=1e-12
    )
    if (wider and _contains(o, k)) or rounded:
        return "restated", 0.0, 0.0
    if o[0] <= k[1] and k[0] <= o[1]:
        return "agreeing", 0.0, 0.0
    gap = o[0] - k[1] if o[0] > k[1] else k[0] - o[1]
    base = abs(float(kept["value"]))
    return "conflicting", gap, (gap / base if base else math.inf)


# --------------------------------------------------------------------------- the rule


def preferred_order(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` best first, by the codebook's rule for choosing among reports of one quantity.

    The latest ``period_end`` first (a later count supersedes an earlier one); then the
    narrowest interval (an exact figure before a bound); then the finest last digit (105,800
    before its rounding 10.6万); then the smallest ``metric_id``, so the choice never depends
    on row order.
    """
    work = rows.copy()
    work["_end"] = pd.to_datetime(work["period_end"])
    high, low = work["value_high"].astype("Float64"), work["value_low"].astype("Float64")
    work["_width"] = (high - low).fillna(float("inf")).astype("float64")
    work["_step"] = [step(v) for v in work["value"].astype("Float64")]
    work["_id"] = work["metric_id"].astype(str)
    work = work.sort_values(
        ["_end", "_width", "_step", "_id"],
        ascending=[False, True, True, True],
        na_position="last",
        kind="stable",
    )
    return work.drop(columns=["_end", "_width", "_step", "_id"])


# --------------------------------------------------------------------------- groups


def _text(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("").astype(object)


def _quantity_key(metrics: pd.DataFrame, keys: Sequence[str]) -> pd.Series:
    parts = [_text(metrics[k]) for k in keys]
    start = pd.to_datetime(metrics["period_start"]).dt.strftime("%Y-%m-%d").fillna("")
    cumulative = _text(metrics["period_kind"]) == "cumulative"
    parts.append(start.where(cumulative, "").astype(object))
    key = parts[0]
    for part in parts[1:]:
        key = key + " | " + part
    return key.str.rstrip(" |")


def reconcile(metrics: pd.DataFrame, *, keys: Sequence[str] = QUANTITY_KEYS) -> pd.DataFrame:
    """Group rows that report the same quantity and classify every group of two or more.

    One row per metric in such a group: ``group`` (the key), ``group_size``, ``group_class``
    (the most serious class in the group, see :data:`CLASSES`), the metric's columns,
    ``status`` (``kept`` for the row a notebook uses, else its class), ``compared_with`` (the
    kept id), ``gap`` and ``gap_relative`` (for conflicts). Only reports from different
    articles are compared: another row of the kept row's article gets ``same_source`` (the
    codebook codes a repeat once, so it is a different figure), and a group whose rows all
    come from one article is left out. Rows without a year or place are left out too:
    nothing says they report the same quantity as another, and so are subsets
    (``*_subset``): two articles' parts of a total (smart stations, 24-hour stations) share
    an indicator but are different parts, and no column says which part a row is.
    """
    needed = [
        "metric_id",
        "source_id",
        "indicator",
        "value",
        "value_low",
        "value_high",
        "qualifier",
    ]
    needed += ["period_start", "period_end", *keys]
    missing = [c for c in needed if c not in metrics.columns]
    if missing:
        raise KeyError(f"reconcile: the frame has no column(s) {', '.join(missing)}")
    rows = metrics.dropna(subset=[k for k in keys if k in ("year", "place_zh")])
    rows = rows.loc[~_text(rows["indicator"]).str.endswith("_subset")].copy()
    rows["group"] = _quantity_key(rows, keys)
    sizes = rows.groupby("group")["metric_id"].transform("size")
    articles = rows.groupby("group")["source_id"].transform("nunique")
    rows = rows.loc[(sizes > 1) & (articles > 1)]
    out = []
    for group, members in rows.groupby("group", sort=True):
        ordered = preferred_order(members)
        kept = ordered.iloc[0]
        statuses, gaps, relative = [KEPT], [0.0], [0.0]
        for _, other in ordered.iloc[1:].iterrows():
            if other["source_id"] == kept["source_id"]:
                statuses.append(SAME_SOURCE)
                gaps.append(0.0)
                relative.append(0.0)
                continue
            status, gap, share = classify(kept, other)
            statuses.append(status)
            gaps.append(gap)
            relative.append(share)
        part = ordered.assign(
            group=group,
            group_size=len(ordered),
            status=statuses,
            compared_with=str(kept["metric_id"]),
            gap=gaps,
            gap_relative=relative,
        )
        part["group_class"] = next(c for c in CLASSES if c in statuses)
        out.append(part)
    columns = ["group", "group_size", "group_class", "status", *needed, "compared_with"]
    columns = list(dict.fromkeys([*columns, "gap", "gap_relative"]))
    if not out:
        return pd.DataFrame(columns=columns)
    result = pd.concat(out, ignore_index=True)
    return result[columns]


# --------------------------------------------------------------------------- series


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def _date(value: Any) -> str:
    return "?" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _finding(check: str, earlier: Any, later: Any, message: str) -> dict[str, Any]:
    return {
        "finding_id": f"{check}:{earlier['metric_id']}>{later['metric_id']}",
        "check": check,
        "indicator": str(later["indicator"]),
        "place_zh": str(later["place_zh"]),
        "unit": str(later["unit"]),
        "earlier_id": str(earlier["metric_id"]),
        "later_id": str(later["metric_id"]),
        "earlier_value": float(earlier["value"]),
        "later_value": float(later["value"]),
        "change": float(later["value"]) / float(earlier["value"])
        if float(earlier["value"])
        else math.inf,
        "message": message,
    }


def _chosen(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per ``by`` value, chosen by the rule, in ascending order of ``by``."""
    ordered = preferred_order(rows)
    return ordered.drop_duplicates(by, keep="first").sort_values(by, kind="stable")


def _falls(rows: pd.DataFrame, check: str, noun: str) -> list[dict[str, Any]]:
    dated = rows.dropna(subset=["period_end"]).copy()
    dated["period_end"] = pd.to_datetime(dated["period_end"])
    chosen = _chosen(dated, "period_end")
    found = []
    if chosen.empty:
        return found
    first, last = chosen.iloc[0], chosen.iloc[-1]
    for (_, earlier), (_, later) in zip(
        chosen.iloc[:-1].iterrows(), chosen.iloc[1:].iterrows(), strict=True
    ):
        if _interval(later)[1] >= _interval(earlier)[0]:
            continue
        message = (
            f"{noun} {later['indicator']} for {later['place_zh']} falls from "
            f"{_fmt(earlier['value'])} ({earlier['metric_id']}, to {_date(earlier['period_end'])}) "
            f"to {_fmt(later['value'])} ({later['metric_id']}, to {_date(later['period_end'])})"
        )
        if check == "cumulative_falls":
            starts = _date(earlier["period_start"]), _date(later["period_start"])
            if starts[0] != starts[1]:
                message += f"; the totals start at {starts[0]} and {starts[1]}: a new base?"
        elif float(last["value"]) > float(first["value"]):
            message += (
                f", while the series grows from {_fmt(first['value'])} "
                f"({_date(first['period_end'])}) to {_fmt(last['value'])} "
                f"({_date(last['period_end'])})"
            )
        found.append(_finding(check, earlier, later, message))
    return found


def _jumps(rows: pd.DataFrame, threshold: float) -> list[dict[str, Any]]:
    chosen = _chosen(rows.dropna(subset=["year"]), "year")
    found = []
    for (_, earlier), (_, later) in zip(
        chosen.iloc[:-1].iterrows(), chosen.iloc[1:].iterrows(), strict=True
    ):
        a, b = float(earlier["value"]), float(later["value"])
        if int(later["year"]) - int(earlier["year"]) != 1 or a <= 0 or b <= 0:
            continue
        ratio = b / a
        if 1 / (1 + threshold) <= ratio <= 1 + threshold:
            continue
        message = (
            f"{later['indicator']} for {later['place_zh']} changes by {ratio - 1:+.0%} from "
            f"{int(earlier['year'])} ({_fmt(a)}, {earlier['metric_id']}) to "
            f"{int(later['year'])} ({_fmt(b)}, {later['metric_id']}), beyond the "
            f"threshold of a factor {1 + threshold:g}"
        )
        found.append(_finding("yoy_change", earlier, later, message))
    return found


def series_checks(metrics: pd.DataFrame, *, yoy_threshold: float = 1.0) -> pd.DataFrame:
    """Findings along each series (one indicator, place and unit), one row each.

    * ``cumulative_falls``: a cumulative total lower (its whole interval below) than an
      earlier one; when the two start at different dates the message asks whether the base
      was silently redefined;
    * ``stock_falls``: an ``as_of`` stock lower than the report before it (the message says
      when the series grows overall);
    * ``yoy_change``: an annual flow or a stock that changes from one year to the next by
      more than a factor ``1 + yoy_threshold`` either way (default: doubles or halves).

    Targets (``*_target``, plans) and subsets (``*_subset``, parts that differ from article to
    article) are not checked. Where several rows report one date
    or year, the one the codebook's rule picks is compared. Columns: ``finding_id``
    (``check:earlier>later``), ``check``, ``indicator``, ``place_zh``, ``unit``,
    ``earlier_id``, ``later_id``, ``earlier_value``, ``later_value``, ``change`` (ratio),
    ``message``.
    """
    if yoy_threshold <= 0:
        raise ValueError(f"series_checks: yoy_threshold must be positive, got {yoy_threshold}")
    rows = metrics.dropna(subset=["place_zh"])
    indicator = _text(rows["indicator"])
    rows = rows.loc[~(indicator.str.endswith("_target") | indicator.str.endswith("_subset"))]
    kind = _text(rows["period_kind"])
    found: list[dict[str, Any]] = []
    for _, part in rows.loc[kind == "cumulative"].groupby(list(SERIES_KEYS), observed=True):
        found += _falls(part, "cumulative_falls", "cumulative")
    for _, part in rows.loc[kind == "as_of"].groupby(list(SERIES_KEYS), observed=True):
        found += _falls(part, "stock_falls", "stock")
        found += _jumps(part, yoy_threshold)
    for _, part in rows.loc[kind == "annual"].groupby(list(SERIES_KEYS), observed=True):
        found += _jumps(part, yoy_threshold)
    columns = ["finding_id", "check", "indicator", "place_zh", "unit", "earlier_id", "later_id"]
    columns += ["earlier_value", "later_value", "change", "message"]
    if not found:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(found, columns=columns).sort_values("finding_id", ignore_index=True)


def findings(metrics: pd.DataFrame, *, yoy_threshold: float = 1.0) -> pd.DataFrame:
    """Everything ``validate`` warns about: conflicting reports and series findings.

    Columns ``finding_id``, ``check``, ``metric_ids`` (``;``-separated) and ``message``, sorted
    by id so the report reads the same every time.
    """
    rows = []
    groups = reconcile(metrics)
    for _, row in groups.loc[groups["status"] == "conflicting"].iterrows():
        kept = row["compared_with"]
        rows.append(
            {
                "finding_id": f"conflicting:{kept}~{row['metric_id']}",
                "check": "conflicting",
                "metric_ids": f"{kept}; {row['metric_id']}",
                "message": (
                    f"{row['group']}: {row['metric_id']} reports {_fmt(float(row['value']))}, "
                    f"{kept} (used) differs by {_fmt(float(row['gap']))} "
                    f"({row['gap_relative']:.0%}) beyond both intervals"
                ),
            }
        )
    for _, row in series_checks(metrics, yoy_threshold=yoy_threshold).iterrows():
        rows.append(
            {
                "finding_id": row["finding_id"],
                "check": row["check"],
                "metric_ids": f"{row['earlier_id']}; {row['later_id']}",
                "message": row["message"],
            }
        )
    columns = ["finding_id", "check", "metric_ids", "message"]
    return pd.DataFrame(rows, columns=columns).sort_values("finding_id", ignore_index=True)
