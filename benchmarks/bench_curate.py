"""How well ``unionanalysis curate`` proposes the rows curators wrote, and how fast.

Every article in ``data/sources.csv`` is proposed afresh with its own rows
hidden (``propose_article`` reads only the raw text, its manifest row and
the gazetteer), and the proposals are compared field by field with the
curated rows, which are the answer key: a curated row is matched to the
proposed row for the same number (the span ``locate`` finds for its quote
and reported text). It works on whatever ``data/`` holds.

Prints a Markdown section and writes it into ``docs/benchmarks.md``
between the ``bench_curate`` markers.
"""

from __future__ import annotations

import math
import platform
import re
import sys
import time

import pandas as pd

from unionanalysis.curation.places import gazetteer
from unionanalysis.curation.propose import manifest_lookup, propose_article
from unionanalysis.extract import extract, locate, read_clean
from unionanalysis.paths import PROJECT_ROOT, data_dir, sources_dir

DOC = PROJECT_ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench_curate:start -->", "<!-- bench_curate:end -->"
TARGETS = {
    "tier1": 0.95,  # decision, value, qualifier, unit
    "tier2": 0.90,  # + place, measure, year
    "tier3": 0.80,  # + indicator, period_kind
    "exclusions": 0.95,
}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(data_dir() / name, dtype=str, keep_default_na=False)


def _same(a: str, b: object) -> bool:
    a, b = str(a), "" if b is None else str(b)
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    except ValueError:
        return a == b


def _match(rows: pd.DataFrame, span: tuple[int, int]) -> pd.Series | None:
    s, e = span
    hit = rows[(rows["start"] < e) & (s < rows["end"])]
    if hit.empty:
        return None
    exact = hit[hit["start"] == s]
    return (exact if len(exact) else hit).iloc[0]


def main() -> int:
    root = sources_dir()
    if root is None:
        print("bench_curate: raw source texts not found; skipped", file=sys.stderr)
        return 0
    sources, metrics, exclusions = (
        _read("sources.csv"),
        _read("metrics.csv"),
        _read("exclusions.csv"),
    )
    gaz = gazetteer(data_dir() / "places.csv")
    lookup = manifest_lookup(None)
    paths = [root / f for f in sources["file"]]
    for p in paths:  # warm the file cache and the lazy imports, then time
        p.read_bytes()
    propose_article(paths[0], manifest_row=lookup(paths[0]), places=gaz)
    t0 = time.process_time()
    proposals = {}
    for sid, path in zip(sources["source_id"], paths, strict=True):
        proposals[sid] = propose_article(path, manifest_row=lookup(path), places=gaz, source_id=sid)
    cpu = time.process_time() - t0
    mb = sum(p.stat().st_size for p in paths) / 1e6

    fields = [
        "decision",
        "value",
        "qualifier",
        "unit",
        "place_zh",
        "measure",
        "year",
        "indicator",
        "period_kind",
        "quote",
    ]
    right = dict.fromkeys(fields, 0)
    tiers = {"tier1": 0, "tier2": 0, "tier3": 0}
    proposed_at_all = n_metrics = unlocated = 0
    misses: dict[str, list[str]] = {f: [] for f in fields}
    for m in metrics.itertuples(index=False):
        text = read_clean(root / sources.set_index("source_id").at[m.source_id, "file"]).text
        span = locate(text, m.quote, m.reported_text)
        n_metrics += 1
        if span is None:
            unlocated += 1
            continue
        row = _match(proposals[m.source_id].rows, span)
        if row is None:
            continue
        proposed_at_all += 1
        ok = {
            "decision": row["decision"] == "metric",
            "value": _same(m.value, row["value"]),
            "qualifier": m.qualifier == row["qualifier"],
            "unit": m.unit == row["unit"],
            "place_zh": m.place_zh == row["place_zh"],
            "measure": m.measure == row["measure"],
            "year": _same(m.year, row["year"]),
            "indicator": m.indicator == row["indicator"],
            "period_kind": m.period_kind == row["period_kind"],
            "quote": bool(row["quote"])
            and row["quote"] in text
            and len(row["quote"]) <= 120
            and locate(text, row["quote"], row["reported_text"]) is not None,
        }
        for f in fields:
            right[f] += ok[f]
            if not ok[f] and ok["decision"]:
                misses[f].append(f"{m.metric_id}: {getattr(m, f)} vs {row[f]}")
        t1 = ok["decision"] and ok["value"] and ok["qualifier"] and ok["unit"]
        t2 = t1 and ok["place_zh"] and ok["measure"] and ok["year"]
        t3 = t2 and ok["indicator"] and ok["period_kind"]
        tiers["tier1"] += t1
        tiers["tier2"] += t2
        tiers["tier3"] += t3
        if not ok["decision"]:
            misses["decision"].append(
                f"{m.metric_id}: metric proposed as {row['reason']} ({row['why'][:60]})"
            )

    ex_body = ex_ok = ex_reason = ex_chrome = 0
    ex_miss = []
    for x in exclusions.itertuples(index=False):
        cleaned = read_clean(root / sources.set_index("source_id").at[x.source_id, "file"])
        span = locate(cleaned.text, x.quote, x.reported_text)
        if span is None or not cleaned.in_body(*span):
            ex_chrome += 1
            continue
        ex_body += 1
        row = _match(proposals[x.source_id].rows, span)
        if row is not None and row["decision"] == "exclusion":
            ex_ok += 1
            ex_reason += row["reason"] == x.reason
        else:
            ex_miss.append(
                f"{x.source_id} {x.reported_text} ({x.reason}) -> "
                f"{'not proposed' if row is None else row['indicator']}"
            )

    # forbidden metrics: phone, postal and licence numbers the curators excluded
    forbidden = 0
    for x in exclusions[exclusions["reason"].isin(["phone", "id_number"])].itertuples(index=False):
        text = read_clean(root / sources.set_index("source_id").at[x.source_id, "file"]).text
        span = locate(text, x.quote, x.reported_text)
        row = _match(proposals[x.source_id].rows, span) if span else None
        forbidden += row is not None and row["decision"] == "metric"
    n_phone = int(exclusions["reason"].isin(["phone", "id_number"]).sum())

    body_numbers = covered = 0
    for sid, path in zip(sources["source_id"], paths, strict=True):
        rows = proposals[sid].rows
        for c in extract(read_clean(path), body_only=True):
            body_numbers += 1
            covered += _match(rows, (c.start, c.end)) is not None
    n_rows = sum(len(p.rows) for p in proposals.values())

    located = n_metrics - unlocated

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "n/a"

    lines = [
        START,
        "## Curation proposals (`unionanalysis curate`)",
        "",
        "`benchmarks/bench_curate.py`: every curated article proposed afresh with its own rows",
        "hidden, compared field by field with `data/` (the answer key). The rules were written",
        "on these same articles, so this is an in-sample score; articles curated later",
        "(corpus2) are the out-of-sample test when the lead re-runs it after the merge.",
        "",
        f"Data: {len(sources)} articles, {len(metrics)} metrics ({located} located in the text), "
        f"{len(exclusions)} exclusions ({ex_body} in article bodies, {ex_chrome} in site chrome, "
        "which "
        f"`curate` does not propose); {n_rows} rows proposed.",
        "",
        "| curated metrics proposed with the right … | right | share | target | gap |",
        "|---|---:|---:|---:|---:|",
    ]

    def tier_line(label: str, key: str) -> str:
        share = tiers[key] / located if located else 0
        gap = TARGETS[key] - share
        return (
            f"| {label} | {tiers[key]}/{located} | {pct(tiers[key], located)} | "
            f"{TARGETS[key]:.0%} | {'met' if gap <= 0 else f'{100 * gap:.1f} points short'} |"
        )

    lines.append(tier_line("decision (metric), value, qualifier and unit", "tier1"))
    lines.append(tier_line("… and place, measure and year", "tier2"))
    lines.append(tier_line("… and indicator and period_kind", "tier3"))
    ex_share = ex_ok / ex_body if ex_body else 0
    ex_gap = TARGETS["exclusions"] - ex_share
    lines += [
        "",
        "| measure | result |",
        "|---|---:|",
        f"| body exclusions proposed as exclusions | {ex_ok}/{ex_body} "
        f"({pct(ex_ok, ex_body)}; target 95%, "
        f"{'met' if ex_gap <= 0 else f'{100 * ex_gap:.1f} points short'}) |",
        f"| … with the curators' reason | {ex_reason}/{ex_body} ({pct(ex_reason, ex_body)}) |",
        f"| phone, postal and licence numbers proposed as metrics | {forbidden} of {n_phone} "
        "curated (target 0) |",
        f"| extractor body numbers with a proposed row | {covered}/{body_numbers} "
        f"({pct(covered, body_numbers)}) |",
        f"| curated metrics proposed at all (metric or exclusion) | {proposed_at_all}/{located} "
        f"({pct(proposed_at_all, located)}) |",
        "",
        "| field (curated metrics, each field on its own) | right | share |",
        "|---|---:|---:|",
    ]
    for f in fields:
        lines.append(f"| `{f}` | {right[f]}/{located} | {pct(right[f], located)} |")
    lines += [
        "",
        f"Throughput: {len(sources) / cpu:.0f} articles/s on one core ({mb / cpu:.2f} MB/s of raw "
        f"text; {cpu:.2f} s CPU for {len(sources)} articles, {mb:.3f} MB), "
        f"Python {platform.python_version()} on {platform.machine()}.",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if "-v" in sys.argv:
        for f, items in misses.items():
            print(f"\n### {f} ({len(items)})", *items[:400], sep="\n")
        print(f"\n### exclusions ({len(ex_miss)})", *ex_miss, sep="\n")
    doc = DOC.read_text(encoding="utf-8")
    if START in doc and END in doc:
        doc = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, doc, flags=re.S)
    else:
        doc = doc.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
