"""How well ``unionanalysis curate`` proposes the rows curators wrote, and how fast.

Every article in ``data/sources.csv`` is proposed afresh with its own rows
hidden (``propose_article`` reads only the raw text, its manifest row and
the gazetteer), and the proposals are compared field by field with the
curated rows, which are the answer key: a curated row is matched to the
proposed row for the same number (the span ``locate`` finds for its quote
and reported text). It works on whatever ``data/`` holds.

Scores are reported for all articles and for groups of them: the founding
articles (``seed*`` and ``c*``, on which the first rules were written),
corpus2 (``d*``), and the even- and odd-numbered articles (by the number in
the source id), so that rules tuned on one half can be checked on the other.

Prints a Markdown section and writes it into ``docs/benchmarks.md``
between the ``bench_curate`` markers. ``-v`` also prints the misses;
``-v even`` (or ``odd``, ``founding``, ``corpus2``) only those of one group.
"""

from __future__ import annotations

import math
import platform
import re
import sys
import time
from collections.abc import Callable

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
FIELDS = [
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


def _number(source_id: str) -> int:
    digits = re.search(r"(\d+)$", source_id)
    return int(digits.group(1)) if digits else 0


GROUPS: dict[str, Callable[[str], bool]] = {
    "all": lambda sid: True,
    "founding": lambda sid: not sid.startswith("d"),
    "corpus2": lambda sid: sid.startswith("d"),
    "even": lambda sid: _number(sid) % 2 == 0,
    "odd": lambda sid: _number(sid) % 2 == 1,
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


def _score_metric(m, row: pd.Series | None, text: str, located: bool) -> dict:
    """One curated metric against its proposal: a flag per field and per tier."""
    out = {"source_id": m.source_id, "located": located, "proposed": row is not None}
    ok = dict.fromkeys(FIELDS, False)
    if row is not None:
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
    out.update(ok)
    out["tier1"] = ok["decision"] and ok["value"] and ok["qualifier"] and ok["unit"]
    out["tier2"] = out["tier1"] and ok["place_zh"] and ok["measure"] and ok["year"]
    out["tier3"] = out["tier2"] and ok["indicator"] and ok["period_kind"]
    misses = []
    if row is not None:
        if not ok["decision"]:
            misses.append(
                (
                    "decision",
                    f"{m.metric_id}: metric proposed as {row['reason']} ({row['why'][:70]})",
                )
            )
        else:
            misses += [
                (f, f"{m.metric_id}: {getattr(m, f)} vs {row[f]}") for f in FIELDS if not ok[f]
            ]
    out["misses"] = misses
    return out


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
    files = sources.set_index("source_id")["file"]
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
    cleaned = {sid: read_clean(root / f) for sid, f in files.items()}

    # the n-th row with a given quote and reported text points at the n-th occurrence
    # of the quote (codebook; metrics first, then exclusions, as validate counts them)
    seen: dict[tuple[str, str, str], int] = {}

    def occurrence(row) -> int:
        key = (row.source_id, row.quote, row.reported_text)
        seen[key] = seen.get(key, 0) + 1
        return seen[key] - 1

    scored = []
    for m in metrics.itertuples(index=False):
        text = cleaned[m.source_id].text
        span = locate(text, m.quote, m.reported_text, occurrence(m))
        row = None if span is None else _match(proposals[m.source_id].rows, span)
        scored.append(_score_metric(m, row, text, span is not None))
    scored_df = pd.DataFrame(scored)

    ex_scored = []
    for x in exclusions.itertuples(index=False):
        clean = cleaned[x.source_id]
        span = locate(clean.text, x.quote, x.reported_text, occurrence(x))
        in_body = span is not None and clean.in_body(*span)
        row = _match(proposals[x.source_id].rows, span) if in_body else None
        hit = row is not None and row["decision"] == "exclusion"
        ex_scored.append(
            {
                "source_id": x.source_id,
                "in_body": in_body,
                "ok": hit,
                "reason_ok": hit and row["reason"] == x.reason,
                "forbidden": x.reason in ("phone", "id_number"),
                "as_metric": row is not None and row["decision"] == "metric",
                "miss": ""
                if hit or not in_body
                else f"{x.source_id} {x.reported_text} ({x.reason}) -> "
                f"{'not proposed' if row is None else row['indicator']}",
            }
        )
    ex_df = pd.DataFrame(ex_scored)

    body_numbers = covered = 0
    for sid in sources["source_id"]:
        rows = proposals[sid].rows
        for c in extract(cleaned[sid], body_only=True):
            body_numbers += 1
            covered += _match(rows, (c.start, c.end)) is not None
    n_rows = sum(len(p.rows) for p in proposals.values())

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "n/a"

    def in_group(df: pd.DataFrame, g: str) -> pd.DataFrame:
        return df[df["source_id"].map(GROUPS[g])]

    n_articles = {g: int(sources["source_id"].map(f).sum()) for g, f in GROUPS.items()}
    located = scored_df[scored_df["located"]]
    body_ex = ex_df[ex_df["in_body"]]

    def cell(key: str, g: str) -> str:
        if key == "exclusions":
            d = in_group(body_ex, g)
            a, b = int(d["ok"].sum()), len(d)
        else:
            d = in_group(located, g)
            a, b = int(d[key].sum()), len(d)
        share = a / b if b else 0
        mark = " ✓" if share >= TARGETS[key] else ""
        return f"{a}/{b} {pct(a, b)}{mark}"

    cols = list(GROUPS)
    head = " | ".join(f"{g} ({n_articles[g]})" for g in cols)
    lines = [
        START,
        "## Curation proposals (`unionanalysis curate`)",
        "",
        "`benchmarks/bench_curate.py`: every curated article proposed afresh with its own rows",
        "hidden, compared field by field with `data/` (the answer key). Columns: all articles,",
        "the 47 founding articles (`seed*`, `c*`), corpus2 (`d*`), and the even- and",
        "odd-numbered articles (number in the source id). Rules added after the",
        "out-of-sample measurement below were tuned on the even-numbered articles only, so",
        "the odd column is the held-out check; ✓ marks a target met.",
        "",
        f"Data: {len(sources)} articles, {len(metrics)} metrics ({len(located)} located in the "
        f"text), {len(exclusions)} exclusions ({len(body_ex)} in article bodies, "
        f"{len(ex_df) - len(body_ex)} in site chrome, which `curate` does not propose); "
        f"{n_rows} rows proposed.",
        "",
        f"| curated figures proposed … | target | {head} |",
        "|---|---:|" + "---:|" * len(cols),
    ]
    labels = {
        "tier1": "as metrics with the right value, qualifier and unit",
        "tier2": "… and place, measure and year",
        "tier3": "… and indicator and period_kind",
        "exclusions": "exclusions (in bodies) proposed as exclusions",
    }
    for key, label in labels.items():
        lines.append(
            f"| {label} | {TARGETS[key]:.0%} | " + " | ".join(cell(key, g) for g in cols) + " |"
        )
    forb = ex_df[ex_df["forbidden"]]
    lines += [
        "",
        "| measure (all articles) | result |",
        "|---|---:|",
        f"| phone, postal and licence numbers proposed as metrics | "
        f"{int(forb['as_metric'].sum())} of {len(forb)} curated (target 0) |",
        f"| body exclusions with the curators' reason | {int(body_ex['reason_ok'].sum())}/"
        f"{len(body_ex)} ({pct(int(body_ex['reason_ok'].sum()), len(body_ex))}) |",
        f"| extractor body numbers with a proposed row | {covered}/{body_numbers} "
        f"({pct(covered, body_numbers)}) |",
        f"| curated metrics proposed at all (metric or exclusion) | "
        f"{int(located['proposed'].sum())}/{len(located)} "
        f"({pct(int(located['proposed'].sum()), len(located))}) |",
        "",
        "| field (curated metrics, each on its own) | all | founding | corpus2 |",
        "|---|---:|---:|---:|",
    ]
    for f in FIELDS:
        shares = []
        for g in ("all", "founding", "corpus2"):
            d = in_group(located, g)
            shares.append(pct(int(d[f].sum()), len(d)))
        lines.append(f"| `{f}` | " + " | ".join(shares) + " |")
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
        rest = [a for a in sys.argv[1:] if a != "-v"]
        group = rest[0] if rest else "all"
        chosen = in_group(located, group)
        for f in FIELDS:
            items = [text for ms in chosen["misses"] for field, text in ms if field == f]
            print(f"\n### {f} ({len(items)})", *items, sep="\n")
        ex_miss = [x for x in in_group(body_ex, group)["miss"] if x]
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
