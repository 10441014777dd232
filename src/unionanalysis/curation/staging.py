"""Staged rows: write proposals for review, check them, merge them into ``data/``.

A staged folder holds ``sources.csv``, ``metrics.csv``, ``exclusions.csv``
and optionally ``places.csv`` (new places only), each with exactly the
columns of the table in ``data/``. Checking builds, in a temporary folder,
the tables ``data/`` would hold after the merge and runs
:func:`unionanalysis.validate.validate_dataset` on them, so staged rows meet
every rule ``data/`` meets (schema, codes, bounds, verbatim quotes, sha256,
every body number covered, no id used twice); each problem is reported at
the staged file and line it comes from. Merging replaces the tables of
``data/`` only when that check passes, one atomic rename per file.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..atomic import atomic_write_bytes, atomic_write_text
from ..dataset import _header_problems
from ..paths import data_dir as default_data_dir
from ..schema import Problem, read_package
from ..validate import TABLES, Report, validate_dataset
from .propose import EXCLUSION_COLUMNS, METRIC_COLUMNS, REVIEW_COLUMNS, SOURCE_COLUMNS, Proposal

__all__ = ["merge_staged", "stage_rows", "validate_staged", "write_staged"]


# --- writing ---------------------------------------------------------------------


def _csv_text(frame: pd.DataFrame, columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in frame.reindex(columns=columns).itertuples(index=False):
        writer.writerow(["" if _missing(v) else v for v in row])
    return buf.getvalue()


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def write_staged(proposals: Iterable[Proposal], out_dir: Path | str) -> dict[str, int]:
    """Write proposals as a staged folder (plus ``review.csv``: every row with ``why``).

    Returns the number of rows written per table. Each file is written
    atomically; nothing is written when a proposal lacks a source id.
    """
    proposals = list(proposals)
    missing = [p.source["file"].iloc[0] for p in proposals if not p.source["source_id"].iloc[0]]
    if missing:
        raise ValueError(
            "no source id for " + ", ".join(missing) + ": staged rows need files named as in the "
            "sources folder (seeds/NNN…, corpus/NNN…, corpus2/NNN.txt)"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def cat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    sources = cat([p.source for p in proposals], SOURCE_COLUMNS)
    metrics = cat([p.metrics for p in proposals], METRIC_COLUMNS)
    exclusions = cat([p.exclusions for p in proposals], EXCLUSION_COLUMNS)
    places = cat([p.places for p in proposals], [])
    if len(places):
        places = places.drop_duplicates("place_zh")
    review = cat([p.rows for p in proposals], REVIEW_COLUMNS)
    if len(review):
        review = review.sort_values(["confidence", "file", "start"], kind="stable")
    package = read_package(default_data_dir())
    texts = {
        "sources.csv": _csv_text(sources, package["sources"].columns),
        "metrics.csv": _csv_text(metrics, package["metrics"].columns),
        "exclusions.csv": _csv_text(exclusions, package["exclusions"].columns),
        "review.csv": _csv_text(review, REVIEW_COLUMNS),
    }
    if len(places):
        texts["places.csv"] = _csv_text(places, package["places"].columns)
    for name, text in texts.items():
        atomic_write_text(out / name, text)
    return {
        "sources": len(sources),
        "metrics": len(metrics),
        "exclusions": len(exclusions),
        "places": len(places),
    }


# --- combining data/ and staged rows ------------------------------------------------


@dataclass
class _Origin:
    """Where a line of a combined table came from."""

    data_lines: int  # physical lines of the data/ file, header included
    staged_file: str
    staged_lines: dict[int, int]  # combined line -> staged line


def _records(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (first physical line, row) of each record of a CSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        out = []
        last = reader.line_num
        for record in reader:
            out.append((last + 1, dict(zip(header, record, strict=False))))
            last = reader.line_num
    return header, out


def _next_ids(data_ids: Iterable[str]) -> dict[str, int]:
    top: dict[str, int] = {}
    for mid in data_ids:
        sid, _, nn = mid.rpartition("-")
        if nn.isdigit():
            top[sid] = max(top.get(sid, 0), int(nn))
    return top


def stage_rows(
    staged: Path, data: Path, out: Path
) -> tuple[dict[str, _Origin], list[Problem], dict[str, int]]:
    """Write into ``out`` the tables of ``data`` with the staged rows appended.

    Metric rows without an id get the next free ``<source_id>-NN``; staged
    places already in ``data`` are skipped when identical and refused when
    they differ. Returns where each combined line came from, the problems
    found while combining, and the number of rows added per table.
    """
    package = read_package(data)
    shutil.copy2(data / "datapackage.json", out / "datapackage.json")
    origins: dict[str, _Origin] = {}
    problems: list[Problem] = []
    added: dict[str, int] = {}
    for name in TABLES:
        resource = package[name]
        src = data / resource.path
        raw = src.read_bytes() if src.is_file() else b""
        if raw and not raw.endswith(b"\n"):
            raw += b"\n"
        data_lines = raw.count(b"\n")
        staged_path = staged / resource.path
        shown = str(staged / resource.path)
        origin = _Origin(data_lines, shown, {})
        origins[resource.path] = origin
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        added[name] = 0
        if staged_path.is_file():
            header, records = _records(staged_path)
            header_problems = _header_problems(shown, header, resource)
            if header_problems:
                problems += header_problems
                records = []
            columns = resource.columns
            if name == "metrics":
                with src.open(encoding="utf-8", newline="") as fh:
                    top = _next_ids(r["metric_id"] for r in csv.DictReader(fh))
            if name == "places":
                with src.open(encoding="utf-8", newline="") as fh:
                    known = {r["place_zh"]: r for r in csv.DictReader(fh)}
            line = data_lines + 1
            for staged_line, row in records:
                if name == "metrics" and not row.get("metric_id") and row.get("source_id"):
                    sid = row["source_id"]
                    top[sid] = top.get(sid, 0) + 1
                    row["metric_id"] = f"{sid}-{top[sid]:02d}"
                if name == "places" and row.get("place_zh") in known:
                    old = known[row["place_zh"]]
                    differs = [c for c in columns if (row.get(c) or "") != (old.get(c) or "")]
                    if differs:
                        problems.append(
                            Problem(
                                shown,
                                staged_line,
                                differs[0],
                                "place_conflict",
                                f"{row['place_zh']} is already in data/places.csv with "
                                f"{differs[0]} {old.get(differs[0]) or '(empty)'!r}",
                                row.get(differs[0]) or "",
                            )
                        )
                    continue
                before = buf.tell()
                writer.writerow([row.get(c, "") for c in columns])
                text = buf.getvalue()[before:]
                origin.staged_lines[line] = staged_line
                line += text.count("\n")
                added[name] += 1
        (out / resource.path).write_bytes(raw + buf.getvalue().encode("utf-8"))
    return origins, problems, added


def _relocate(problem: Problem, origins: dict[str, _Origin], data: Path) -> Problem:
    origin = origins.get(problem.file)
    if origin is None or problem.line <= origin.data_lines:
        where = f"data/{problem.file}" if origin is not None else problem.file
        return Problem(
            where, problem.line, problem.column, problem.rule, problem.message, problem.value
        )
    # the record starting at or before this line
    starts = [c for c in origin.staged_lines if c <= problem.line]
    first = max(starts) if starts else origin.data_lines + 1
    line = origin.staged_lines.get(first, 0) + (problem.line - first)
    return Problem(
        origin.staged_file, line, problem.column, problem.rule, problem.message, problem.value
    )


def validate_staged(
    staged_dir: Path | str,
    data_dir: Path | str | None = None,
    *,
    sources_dir: Path | str | None = None,
    check_sources: bool = True,
) -> Report:
    """Check staged rows with every rule of ``validate``, as if they were merged."""
    report, _ = _check(Path(staged_dir), data_dir, sources_dir, check_sources, install=False)
    return report


def merge_staged(
    staged_dir: Path | str,
    data_dir: Path | str | None = None,
    *,
    sources_dir: Path | str | None = None,
    check_sources: bool = True,
) -> tuple[Report, dict[str, int]]:
    """Append the staged rows to ``data/`` when the merged tables validate.

    Returns the validation report and the rows added per table. When the
    report has problems, ``data/`` is left byte for byte as it was.
    """
    return _check(Path(staged_dir), data_dir, sources_dir, check_sources, install=True)


def _check(
    staged: Path,
    data_dir: Path | str | None,
    sources_dir: Path | str | None,
    check_sources: bool,
    *,
    install: bool,
) -> tuple[Report, dict[str, int]]:
    data = Path(data_dir) if data_dir is not None else default_data_dir()
    if not staged.is_dir():
        return Report([Problem(str(staged), 0, "", "file", "staged folder not found")]), {}
    present = [
        n for n in ("sources.csv", "metrics.csv", "exclusions.csv") if (staged / n).is_file()
    ]
    if not present:
        problem = Problem(
            str(staged), 0, "", "file", "no sources.csv, metrics.csv or exclusions.csv"
        )
        return Report([problem]), {}
    with tempfile.TemporaryDirectory(prefix="unionanalysis-staged-") as tmp:
        out = Path(tmp)
        origins, problems, added = stage_rows(staged, data, out)
        report = validate_dataset(out, sources_dir=sources_dir, check_sources=check_sources)
        report.problems = sorted(
            [*problems, *(_relocate(p, origins, data) for p in report.problems)]
        )
        if not report.ok:
            return report, {}
        if install:
            _install(out, data)
    return report, added


def sorted_places(text: str) -> str:
    """``places.csv`` in the codebook's order: by adcode, then name; a development zone
    (no code) after every code under its parent's."""
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    col = {c: i for i, c in enumerate(header)}
    codes = {r[col["place_zh"]]: r[col["adcode"]] for r in body}

    def key(row: list[str]) -> tuple[str, str]:
        code = row[col["adcode"]]
        if code:
            return code, row[col["place_zh"]]
        parent = codes.get(row[col["parent_zh"]], "") or "999999"
        prefix = parent.rstrip("0") or parent
        return prefix + "~", row[col["place_zh"]]

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *sorted(body, key=key)])
    return buf.getvalue()


def _install(combined: Path, data: Path) -> None:
    """Replace the changed tables of ``data`` by those of ``combined``, each atomically.

    ``places.csv`` is written in the codebook's order (appended places move to their code).
    """
    package = read_package(data)
    for name in TABLES:
        path = package[name].path
        new, final = combined / path, data / path
        content = new.read_bytes()
        if name == "places":
            content = sorted_places(content.decode("utf-8")).encode("utf-8")
        if final.is_file() and content == final.read_bytes():
            continue
        atomic_write_bytes(final, content)
