"""Recall of the extractor on the curated figures.

Every row of ``data/metrics.csv`` quotes the cleaned text of its article and
names the number expression in it. The extractor should propose that very
expression with the same value, qualifier and unit; this test measures how
often it does and prints every miss.

Three rates, each with its floor. Value and qualifier must agree for at least
95% of rows. Where the article names no unit the codebook maps (``73个乡镇``
read as stations) the extractor says ``'unknown'`` rather than guess: the
curator (or ``unionanalysis curate``, which reads the sentence, see
``benchmarks/bench_curate.py``) codes the unit. Value, qualifier *and* unit
agree for 98% of the 47 founding articles but 91% of all 247, since the
second corpus's round-ups often count without a classifier (``1万余`` people,
``30个`` rooms); the floor for all three is 90%. A candidate that claims a
*different* unit is a real error: at most 1% of rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from unionanalysis.extract import Candidate, extract, locate, match_candidate, overlapping
from unionanalysis.paths import data_dir, sources_dir
from unionanalysis.text import clean_text

MIN_RECALL = 0.95  # value and qualifier
MIN_UNIT_NAMED = 0.90  # value, qualifier and the same unit
MAX_WRONG_UNIT = 0.01  # misses: another value, qualifier or unit


@dataclass
class Miss:
    """One curated row the extractor does not reproduce."""

    source_id: str
    reported_text: str
    expected: str
    found: str

    def __str__(self) -> str:
        return (
            f"{self.source_id}: {self.reported_text!r} expected {self.expected}, found {self.found}"
        )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _describe(c: Candidate) -> str:
    return f"{c.text!r} {c.value:g} {c.qualifier} {c.unit}"


@dataclass
class Recall:
    """How the curated rows fare against the extractor."""

    exact: int  # same value, qualifier and unit
    unit_unknown: list[Miss]  # same value and qualifier; the extractor names no unit
    misses: list[Miss]
    unlocated: list[Miss]  # quote or reported_text not found: a data problem

    @property
    def checked(self) -> int:
        return self.exact + len(self.unit_unknown) + len(self.misses)

    @property
    def rate(self) -> float:
        """Same value and qualifier (unit the same or not named)."""
        return (self.exact + len(self.unit_unknown)) / self.checked

    @property
    def unit_rate(self) -> float:
        """Same value, qualifier and unit."""
        return self.exact / self.checked


def recall(metrics: list[dict[str, str]], sources: list[dict[str, str]], root: Path) -> Recall:
    """Compare every curated row with the candidates of its source text."""
    files = {row["source_id"]: row["file"] for row in sources}
    cache: dict[str, tuple[str, list[Candidate]]] = {}
    result = Recall(0, [], [], [])
    for row in metrics:
        sid, rep = row["source_id"], row["reported_text"]
        expected = f"{float(row['value']):g} {row['qualifier']} {row['unit']}"
        if sid not in files or not (root / files[sid]).is_file():
            result.unlocated.append(Miss(sid, rep, expected, "no source file"))
            continue
        if sid not in cache:
            cleaned = clean_text((root / files[sid]).read_bytes())
            cache[sid] = (cleaned.text, extract(cleaned))
        text, candidates = cache[sid]
        span = locate(text, row["quote"], rep)
        if span is None:
            result.unlocated.append(
                Miss(sid, rep, expected, "quote or reported_text not in the text")
            )
            continue
        found = match_candidate(
            candidates,
            *span,
            value=float(row["value"]),
            qualifier=row["qualifier"],
            unit=row["unit"],
            unknown_unit_matches=True,
        )
        if found is not None and found.unit == row["unit"]:
            result.exact += 1
            continue
        near = "; ".join(map(_describe, overlapping(candidates, *span))) or "no candidate"
        (result.misses if found is None else result.unit_unknown).append(
            Miss(sid, rep, expected, near)
        )
    return result


@pytest.mark.sources
def test_extractor_recall_on_curated_metrics():
    metrics_path, sources_path = data_dir() / "metrics.csv", data_dir() / "sources.csv"
    if not metrics_path.is_file() or not sources_path.is_file():
        pytest.skip(f"curated tables not found ({metrics_path}, {sources_path})")
    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    result = recall(_read_csv(metrics_path), _read_csv(sources_path), root)
    print(
        f"\nrecall {result.exact}/{result.checked} with the same value, qualifier and unit "
        f"({len(result.unit_unknown)} more with no unit named); "
        f"{len(result.unlocated)} row(s) could not be located"
    )
    for label, rows in (
        ("miss", result.misses),
        ("unit not named", result.unit_unknown),
        ("not located", result.unlocated),
    ):
        for miss in rows:
            print(f"  {label}: {miss}")
    assert result.checked > 0, "no curated row could be located in its source text"
    assert not result.unlocated, "\n".join(map(str, result.unlocated))
    assert result.rate >= MIN_RECALL, "\n".join(map(str, result.misses))
    assert result.unit_rate >= MIN_UNIT_NAMED, "\n".join(map(str, result.unit_unknown))
    assert len(result.misses) <= MAX_WRONG_UNIT * result.checked, "\n".join(map(str, result.misses))
