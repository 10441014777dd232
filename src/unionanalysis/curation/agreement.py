"""Inter-coder agreement: how often two independent codings of the same articles agree.

Rows of the two coders are matched by the number they code, not by their quotes (two coders
rarely cut a quote the same way): each row is located in the cleaned text of its article with
:func:`unionanalysis.extract.locate`, and rows that point at the same offset code the same
number. For every number both coders coded, the decision (metric or exclusion) is compared;
for numbers both coded as metrics, each field is compared. Agreement is the share of equal
codes; Cohen's kappa (statsmodels) corrects it for the agreement chance alone would give.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..extract import locate
from ..text import clean_text

__all__ = [
    "FIELDS",
    "agreement_markdown",
    "agreement_table",
    "disagreements",
    "match_codings",
    "read_coding",
]

FIELDS = ("value", "qualifier", "unit", "measure", "indicator", "period_kind", "year")


def read_coding(folder: Path | str) -> dict[str, pd.DataFrame]:
    """The ``sources``, ``metrics`` and ``exclusions`` tables of one coder, as text."""
    folder = Path(folder)
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("sources", "metrics", "exclusions")
    }


def _located(coding: dict[str, pd.DataFrame], root: Path, coder: str) -> pd.DataFrame:
    files = dict(zip(coding["sources"]["source_id"], coding["sources"]["file"], strict=True))
    texts: dict[str, str] = {}
    rows = []
    for decision, frame in (("metric", coding["metrics"]), ("exclusion", coding["exclusions"])):
        seen: dict[tuple[str, str, str], int] = {}
        for record in frame.to_dict("records"):
            sid = record["source_id"]
            if sid not in texts:
                texts[sid] = clean_text((root / files[sid]).read_bytes()).text
            key = (sid, record["quote"], record["reported_text"])
            span = locate(texts[sid], record["quote"], record["reported_text"], seen.get(key, 0))
            seen[key] = seen.get(key, 0) + 1
            if span is None:
                raise ValueError(
                    f"{coder}: {decision} row of {sid} with reported_text "
                    f"{record['reported_text']!r} cannot be located in the text"
                )
            rows.append({**record, "decision": decision, "start": span[0]})
    return pd.DataFrame(rows)


def match_codings(
    a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame], sources_root: Path | str
) -> pd.DataFrame:
    """One row per number either coder coded, with both coders' codes side by side.

    Columns ``source_id``, ``start`` (offset in the cleaned text), ``reported_text`` and, for
    each of ``decision`` and :data:`FIELDS`, ``<field>_a`` and ``<field>_b`` (empty where that
    coder has no row or no metric). Only articles both coders coded are compared.
    """
    root = Path(sources_root)
    shared = set(a["sources"]["source_id"]) & set(b["sources"]["source_id"])
    left = _located({k: v[v["source_id"].isin(shared)] for k, v in a.items()}, root, "coder A")
    right = _located({k: v[v["source_id"].isin(shared)] for k, v in b.items()}, root, "coder B")
    keep = ["source_id", "start", "reported_text", "decision", *FIELDS]
    for frame in (left, right):
        for column in keep:
            if column not in frame.columns:
                frame[column] = ""
    merged = left[keep].merge(
        right[keep], on=["source_id", "start"], how="outer", suffixes=("_a", "_b")
    )
    merged["reported_text"] = merged["reported_text_a"].fillna(merged["reported_text_b"])
    merged = merged.drop(columns=["reported_text_a", "reported_text_b"]).fillna("")
    for field in FIELDS:  # a field counts only where that coder made the number a metric
        for side in ("a", "b"):
            merged.loc[merged[f"decision_{side}"] != "metric", f"{field}_{side}"] = ""
    for side in ("a", "b"):
        merged[f"value_{side}"] = merged[f"value_{side}"].map(_number)
    return merged.sort_values(["source_id", "start"], kind="stable").reset_index(drop=True)


def _number(text: str) -> str:
    """``'1000'``, ``'1000.0'`` and ``'1e3'`` are one value."""
    if text == "":
        return ""
    value = float(text)
    return f"{value:.12g}"


def _kappa(left: pd.Series, right: pd.Series) -> float:
    from statsmodels.stats.inter_rater import cohens_kappa

    categories = sorted(set(left) | set(right))
    if len(categories) < 2:
        return float("nan")
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for x, y in zip(left, right, strict=True):
        table[index[x], index[y]] += 1
    return float(cohens_kappa(table).kappa)


def agreement_table(matched: pd.DataFrame) -> pd.DataFrame:
    """Per field: numbers compared, numbers agreed, share agreed and Cohen's kappa.

    ``decision`` is compared over every number both coders coded (a number only one coder
    coded counts as a disagreement, with the other's decision ``missing``); the other fields
    over the numbers both coded as metrics.
    """
    rows = []
    coded = matched.assign(
        decision_a=matched["decision_a"].replace("", "missing"),
        decision_b=matched["decision_b"].replace("", "missing"),
    )
    both = matched[(matched["decision_a"] == "metric") & (matched["decision_b"] == "metric")]
    for field, frame in (("decision", coded), *((f, both) for f in FIELDS)):
        left, right = frame[f"{field}_a"].astype(str), frame[f"{field}_b"].astype(str)
        agree = int((left == right).sum())
        rows.append(
            {
                "field": field,
                "compared": len(frame),
                "agreed": agree,
                "share": agree / len(frame) if len(frame) else float("nan"),
                "kappa": _kappa(left, right) if field != "value" else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def disagreements(matched: pd.DataFrame) -> pd.DataFrame:
    """The numbers on which the coders differ, with the fields that differ."""
    out = []
    for record in matched.to_dict("records"):
        fields = [
            f for f in ("decision", *FIELDS) if str(record[f"{f}_a"]) != str(record[f"{f}_b"])
        ]
        if record["decision_a"] != "metric" or record["decision_b"] != "metric":
            fields = ["decision"] if record["decision_a"] != record["decision_b"] else []
        if fields:
            out.append(
                {
                    "source_id": record["source_id"],
                    "reported_text": record["reported_text"],
                    "fields": ", ".join(fields),
                    "coder_a": "; ".join(f"{f}={record[f + '_a'] or '-'}" for f in fields),
                    "coder_b": "; ".join(f"{f}={record[f + '_b'] or '-'}" for f in fields),
                }
            )
    return pd.DataFrame(out, columns=["source_id", "reported_text", "fields", "coder_a", "coder_b"])


def agreement_markdown(table: pd.DataFrame) -> str:
    """The table as the codebook prints it (kappa left blank for ``value``, a number)."""
    lines = [
        "| field | numbers compared | agreed | agreement | Cohen's kappa |",
        "|---|---|---|---|---|",
    ]
    for row in table.itertuples(index=False):
        kappa = "" if np.isnan(row.kappa) else f"{row.kappa:.2f}"
        lines.append(
            f"| `{row.field}` | {row.compared} | {row.agreed} | {row.share:.1%} | {kappa} |"
        )
    return "\n".join(lines) + "\n"
