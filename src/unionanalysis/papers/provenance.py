"""Which curated rows each output file was drawn from, carried from the kernel to the build.

In a build kernel, :func:`unionanalysis.figures.save_figure` and ``save_table`` call
:func:`record` with the frame(s) passed as ``data=``: for every file written, a sidecar
``<staging folder>/.provenance/<file>.csv`` lists the metric ids and source ids drawn. The build
collects the sidecars with the staged files (:func:`read_sidecars`) and writes
``figures/SOURCES.csv`` (``file, metric_id, source_id``, sorted) and ``figures/references.bib``
(every source used anywhere, plus the dataset and software) from what every notebook recorded.

A file saved with ``data=[]`` (or frames without ids) was built from no curated row: it gets
one row with both ids empty. A file saved without ``data=`` is listed with ``undeclared`` ids,
which the test suite refuses. Outside a build (Jupyter Lab), nothing is recorded.

The build side of this module (reading sidecars, writing ``SOURCES.csv``) needs no pandas.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "PROVENANCE_ENV",
    "REFERENCES_NAME",
    "SIDECAR_DIR",
    "SOURCES_COLUMNS",
    "SOURCES_NAME",
    "UNDECLARED",
    "ids_of",
    "load_sources_csv",
    "read_sidecars",
    "record",
    "references_bytes",
    "sources_bytes",
]

PROVENANCE_ENV = "UNIONANALYSIS_PROVENANCE"
SIDECAR_DIR = ".provenance"
SOURCES_NAME = "SOURCES.csv"
REFERENCES_NAME = "references.bib"
SOURCES_COLUMNS = ("file", "metric_id", "source_id")
UNDECLARED = "undeclared"

Rows = list[tuple[str, str]]  # (metric_id, source_id); ("", source_id) for a source-only row


# --------------------------------------------------------------------------- in the kernel


def _metric_sources() -> dict[str, str]:
    from ..paths import data_dir

    path = data_dir() / "metrics.csv"
    return dict(_metric_sources_of(str(path), path.stat().st_mtime_ns))


@lru_cache(maxsize=2)
def _metric_sources_of(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    from ..dataset import load_metrics

    metrics = load_metrics(Path(path).parent, validate=False)
    return tuple(
        zip(metrics["metric_id"].astype(str), metrics["source_id"].astype(str), strict=True)
    )


def ids_of(data: Any, *, metric_sources: Mapping[str, str] | None = None) -> Rows:
    """``(metric_id, source_id)`` pairs drawn by ``data``: a frame or a list of frames.

    Ids come from ``metric_id`` and every ``*_metric_id`` column, from ``metric_ids``
    (``"a; b"``, as :func:`unionanalysis.analysis.total` writes), and from ``source_id``. A
    metric's source is looked up in the shipped metrics table; a source id that no listed
    metric accounts for (say, a row of ``sources.csv``) gives a row with an empty metric id.
    """
    import pandas as pd

    frames = [data] if isinstance(data, pd.DataFrame) else list(data)
    metric_ids: set[str] = set()
    source_ids: set[str] = set()
    for frame in frames:
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"data= takes DataFrames, not {type(frame).__name__}")
        for column in frame.columns:
            name = str(column)
            values = frame[column].dropna().astype(str)
            if name == "metric_id" or name.endswith("_metric_id"):
                metric_ids.update(values)
            elif name == "metric_ids":
                metric_ids.update(i.strip() for v in values for i in v.split(";") if i.strip())
            elif name == "source_id":
                source_ids.update(values)
    if metric_ids and metric_sources is None:
        metric_sources = _metric_sources()
    unknown = sorted(m for m in metric_ids if m not in (metric_sources or {}))
    if unknown:
        raise KeyError(f"data= names metric ids not in metrics.csv: {', '.join(unknown[:8])}")
    rows = {(m, metric_sources[m]) for m in metric_ids} if metric_sources else set()
    covered = {s for _, s in rows}
    rows |= {("", s) for s in source_ids - covered}
    return sorted(rows)


def _rows_bytes(rows: Rows) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SOURCES_COLUMNS[1:])
    writer.writerows(rows)
    return buf.getvalue().encode()


def record(paths: Sequence[Path], data: Any) -> None:
    """Write the sidecar of each of ``paths`` when running in a build; a no-op otherwise."""
    folder = os.environ.get(PROVENANCE_ENV)
    if not folder:
        return
    from ..build.state import atomic_write_bytes

    payload = _rows_bytes(ids_of(data))
    for path in paths:
        atomic_write_bytes(Path(folder) / f"{Path(path).name}.csv", payload)


# --------------------------------------------------------------------------- in the build


def _read_rows(text: str) -> Rows:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if tuple(header or ()) != SOURCES_COLUMNS[1:]:
        raise ValueError(f"provenance sidecar has header {header}, not metric_id,source_id")
    return sorted((row[0], row[1]) for row in reader)


def read_sidecars(stage: Path) -> dict[str, Rows]:
    """The rows recorded for each staged file (relative path -> rows)."""
    folder = stage / SIDECAR_DIR
    if not folder.is_dir():
        return {}
    out = {}
    for path in sorted(folder.glob("*.csv")):
        out[path.name[: -len(".csv")]] = _read_rows(path.read_text(encoding="utf-8"))
    return out


def sources_bytes(outputs: Mapping[str, Rows | None]) -> bytes:
    """``SOURCES.csv`` for every output file, sorted; see the module docstring for markers."""
    rows: list[tuple[str, str, str]] = []
    for rel, drawn in outputs.items():
        if drawn is None:
            rows.append((rel, UNDECLARED, UNDECLARED))
        elif not drawn:
            rows.append((rel, "", ""))
        else:
            rows += [(rel, m, s) for m, s in drawn]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SOURCES_COLUMNS)
    writer.writerows(sorted(rows))
    return buf.getvalue().encode()


def load_sources_csv(path: Path) -> dict[str, Rows]:
    """Rows by file from a committed ``SOURCES.csv`` (a fresh clone has no build state)."""
    out: dict[str, Rows] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != SOURCES_COLUMNS:
                return {}
            for row in reader:
                drawn = out.setdefault(row["file"], [])
                if row["metric_id"] or row["source_id"]:
                    drawn.append((row["metric_id"], row["source_id"]))
    except (OSError, csv.Error, KeyError):
        return {}
    return out


def references_bytes(source_ids: Iterable[str], project: Path) -> bytes:
    """``references.bib``: every source used, then the dataset and software (CITATION.cff)."""
    from .cite import project_references, references, to_bibtex

    ids = sorted(set(source_ids) - {"", UNDECLARED})
    citation = project / "CITATION.cff"
    items = []
    if ids:
        from ..dataset import load_sources

        sources = load_sources(project / "data", validate=False)
        items = references(ids, sources=sources, metrics=None, project=False)
    if citation.is_file():
        items += project_references(citation)
    return to_bibtex(items).encode() if items else b""
