"""What each notebook was last built from, and whether it must run again.

The build re-runs a notebook only when something it depends on changed, judged by sha256 of
contents and never by modification times: a fresh clone, a ``git checkout`` or an editor that
rewrites a file unchanged costs nothing, while an edit that keeps the mtime is still seen.

A notebook depends on

* its own cells: type and source of every cell. Outputs, execution counts, cell ids and
  metadata are left out, so saving a notebook in Jupyter Lab without editing it, or running it
  there, does not count as a change. Markdown cells count because ``reports/NAME.html`` shows
  them;
* the data files it reads (:func:`data_references`);
* the package source, every ``src/unionanalysis/**/*.py``;
* ``requirements.lock``;
* its outputs still being in ``figures/`` with the bytes it wrote.

This module is on the path of a build with nothing to do, so it imports nothing heavy.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from unionanalysis.atomic import atomic_write_bytes

__all__ = [
    "BUILD_FILES",
    "BUILD_NOTEBOOK",
    "MANIFEST_NAME",
    "REFERENCES_NAME",
    "SOURCES_NAME",
    "STATE_VERSION",
    "BuildError",
    "Inputs",
    "Record",
    "atomic_write_bytes",
    "data_digest",
    "data_references",
    "file_sha256",
    "hash_data_files",
    "is_protected",
    "list_outputs",
    "load_manifest",
    "load_state",
    "lock_digest",
    "manifest_bytes",
    "notebook_cells",
    "notebook_digest",
    "package_digest",
    "save_state",
    "stale_reasons",
]

STATE_VERSION = 2  # 2: records carry the provenance of each output
MANIFEST_NAME = "MANIFEST.csv"
# Written by the build itself from every notebook's provenance (unionanalysis.papers.provenance).
SOURCES_NAME = "SOURCES.csv"
REFERENCES_NAME = "references.bib"
BUILD_FILES = (MANIFEST_NAME, SOURCES_NAME, REFERENCES_NAME)
BUILD_NOTEBOOK = "(build)"  # the notebook column of the build's own files in MANIFEST.csv
MANIFEST_COLUMNS = ("file", "notebook", "sha256", "data_sha256")
MISSING = "missing"

# Literal paths into the data folder, as a notebook in notebooks/ would write them.
_DATA_LITERAL = re.compile(r"""["'](?:\.\./|\./)?data/([^"'\n]+)["']""")


class BuildError(Exception):
    """A problem with the project or a notebook that stops the build, with a message for people."""


@dataclass(frozen=True)
class Inputs:
    """The content hashes a notebook's outputs are derived from."""

    notebook: str
    data: dict[str, str]
    package: str
    lock: str


@dataclass
class Record:
    """What the last successful run of a notebook was built from and wrote.

    ``inputs`` is ``None`` when the record was recovered from ``figures/MANIFEST.csv`` (a fresh
    clone has no state file): the outputs are known, the inputs are not, so it must run.
    ``failed`` marks a later run that failed: the outputs are still those of the last
    success, and the notebook runs again next time.
    """

    inputs: Inputs | None
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    failed: bool = False
    manifest_data_sha256: str = ""  # only used while ``inputs`` is None
    # output file -> (metric_id, source_id) rows it was drawn from; absent: not declared
    sources: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def data_sha256(self) -> str:
        """Hash of the data files this record's outputs were made from (MANIFEST column)."""
        return data_digest(self.inputs.data) if self.inputs else self.manifest_data_sha256


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks so a large data file is no problem."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _digest_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """One hash over sorted ``(name, hash)`` pairs, so order of discovery never matters."""
    digest = hashlib.sha256()
    for name, value in sorted(pairs):
        digest.update(f"{name}\t{value}\n".encode())
    return digest.hexdigest()


def data_digest(data: Mapping[str, str]) -> str:
    """The ``data_sha256`` of a notebook: empty when it reads no data files."""
    return _digest_pairs(data.items()) if data else ""


def notebook_cells(path: Path) -> list[dict]:
    """The cells of a notebook file, or :class:`BuildError` naming the file when unreadable."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        if not isinstance(cells, list):
            raise TypeError("'cells' is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(f"cannot read notebook {path.name}: {exc}") from exc
    return cells


def _source(cell: Mapping) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_digest(cells: list[dict]) -> str:
    """Hash of the type and source of every cell (see the module docstring for why)."""
    canon = [[cell.get("cell_type", ""), _source(cell)] for cell in cells]
    text = json.dumps(canon, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def data_references(cells: list[dict], loaders: Mapping[str, Iterable[str]]) -> set[str]:
    """Files under ``data/`` that a notebook's code cells read.

    Two kinds of reference are recognised: a call of a loader named in ``loaders`` (as
    ``load_metrics(`` or ``ua.load_metrics(``), and a string literal starting with ``data/``,
    ``./data/`` or ``../data/``. Paths built in pieces (``Path("..") / "data" / name``) or
    with f-string fields are not seen; use a literal or a loader. Mentions in comments count
    too, which can only cause an extra run, never a missed one. Returned paths are relative
    to ``data/`` in POSIX form and may contain glob patterns.
    """
    code = "\n".join(_source(c) for c in cells if c.get("cell_type") == "code")
    found: set[str] = set()
    if loaders:
        names = "|".join(re.escape(name) for name in sorted(loaders))
        for match in re.finditer(rf"\b({names})\s*\(", code):
            found.update(loaders[match.group(1)])
    for match in _DATA_LITERAL.finditer(code):
        rel = posixpath.normpath(match.group(1).strip())
        if rel not in (".", "") and not rel.startswith("..") and "{" not in rel:
            found.add(rel)
    return found


def hash_data_files(
    refs: Iterable[str], data_dir: Path, cache: dict[str, str] | None = None
) -> dict[str, str]:
    """Map each referenced data file to its sha256 (``"missing"`` when absent).

    A reference to a folder stands for every file in it and a glob pattern for every match, so
    adding a file there counts as a change. ``cache`` shares hashes between notebooks.
    """
    cache = {} if cache is None else cache
    files: set[str] = set()
    for ref in refs:
        path = data_dir / ref
        if any(ch in ref for ch in "*?["):
            matches = [p for p in data_dir.glob(ref) if p.is_file()]
            files.update(p.relative_to(data_dir).as_posix() for p in matches)
            if not matches:
                files.add(ref)
        elif path.is_dir():
            files.update(p.relative_to(data_dir).as_posix() for p in path.rglob("*") if p.is_file())
        else:
            files.add(ref)
    result = {}
    for rel in sorted(files):
        if rel not in cache:
            path = data_dir / rel
            cache[rel] = file_sha256(path) if path.is_file() else MISSING
        result[rel] = cache[rel]
    return result


def package_digest(project: Path) -> str:
    """One hash over every ``src/unionanalysis/**/*.py`` of the project (path and content)."""
    root = project / "src" / "unionanalysis"
    files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    return _digest_pairs((p.relative_to(root).as_posix(), file_sha256(p)) for p in files)


def lock_digest(project: Path) -> str:
    """sha256 of ``requirements.lock``, or ``"missing"``."""
    path = project / "requirements.lock"
    return file_sha256(path) if path.is_file() else MISSING


def is_protected(rel: str) -> bool:
    """Files in ``figures/`` that no notebook owns and the build must never delete or write."""
    name = posixpath.basename(rel)
    return rel in BUILD_FILES or name.startswith(".") or name.upper().startswith("README")


def list_outputs(folder: Path) -> list[str]:
    """Every file below ``folder`` as a sorted POSIX path relative to it."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def stale_reasons(record: Record | None, current: Inputs, figures: Path) -> list[str]:
    """Why a notebook must run again; an empty list means its outputs are up to date."""
    if record is None:
        return ["never built"]
    if record.inputs is None:
        return ["no build record (fresh checkout)"]
    reasons = ["failed last time"] if record.failed else []
    old = record.inputs
    if old.notebook != current.notebook:
        reasons.append("notebook changed")
    changed = sorted(
        name
        for name in set(old.data) | set(current.data)
        if old.data.get(name) != current.data.get(name)
    )
    if changed:
        reasons.append("data changed: " + ", ".join(changed))
    if old.package != current.package:
        reasons.append("package source changed")
    if old.lock != current.lock:
        reasons.append("requirements.lock changed")
    for rel, sha in sorted(record.outputs.items()):
        path = figures / rel
        if not path.is_file():
            reasons.append(f"output missing: {rel}")
        elif file_sha256(path) != sha:
            reasons.append(f"output modified: {rel}")
    return reasons


def _record_to_json(record: Record) -> dict:
    inputs = record.inputs
    return {
        "inputs": None
        if inputs is None
        else {
            "notebook": inputs.notebook,
            "data": dict(sorted(inputs.data.items())),
            "package": inputs.package,
            "lock": inputs.lock,
        },
        "outputs": dict(sorted(record.outputs.items())),
        "seconds": round(record.seconds, 2),
        "failed": record.failed,
        "sources": {rel: [list(r) for r in rows] for rel, rows in sorted(record.sources.items())},
    }


def _record_from_json(raw: Mapping) -> Record:
    inputs = raw.get("inputs")
    return Record(
        inputs=None
        if inputs is None
        else Inputs(
            notebook=str(inputs["notebook"]),
            data={str(k): str(v) for k, v in inputs["data"].items()},
            package=str(inputs["package"]),
            lock=str(inputs["lock"]),
        ),
        outputs={str(k): str(v) for k, v in raw.get("outputs", {}).items()},
        seconds=float(raw.get("seconds", 0.0)),
        failed=bool(raw.get("failed", False)),
        sources={
            str(rel): [(str(m), str(s)) for m, s in rows]
            for rel, rows in raw.get("sources", {}).items()
        },
    )


def load_state(path: Path) -> dict[str, Record]:
    """Records by notebook file name; empty when the state file is absent or unusable.

    An unreadable or outdated state file is not an error: it only means everything runs.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != STATE_VERSION:
            return {}
        return {str(name): _record_from_json(rec) for name, rec in raw["notebooks"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_state(path: Path, records: Mapping[str, Record]) -> None:
    """Write the state file atomically, keys sorted, so it only changes when records do."""
    payload = {
        "version": STATE_VERSION,
        "notebooks": {name: _record_to_json(records[name]) for name in sorted(records)},
    }
    text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_bytes(path, text.encode())


def load_manifest(path: Path) -> dict[str, Record]:
    """Records recovered from a committed ``MANIFEST.csv`` (outputs known, inputs unknown).

    This is what lets a fresh clone build one notebook without deleting the figures of the
    others. A missing or malformed manifest gives no records.
    """
    records: dict[str, Record] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
                return {}
            for row in reader:
                if row["notebook"] == BUILD_NOTEBOOK:
                    continue
                rec = records.setdefault(row["notebook"], Record(inputs=None))
                rec.outputs[row["file"]] = row["sha256"]
                rec.manifest_data_sha256 = row["data_sha256"]
    except (OSError, csv.Error, KeyError):
        return {}
    return records


def manifest_bytes(
    records: Mapping[str, Record], build_files: Mapping[str, str] | None = None
) -> bytes:
    """``MANIFEST.csv``: one row per output file, sorted by file, ``\\n`` line ends.

    ``build_files`` (file -> sha256) are the files the build writes itself, listed with the
    notebook ``(build)``.
    """
    rows = sorted(
        [
            (rel, name, sha, rec.data_sha256)
            for name, rec in records.items()
            for rel, sha in rec.outputs.items()
        ]
        + [(rel, BUILD_NOTEBOOK, sha, "") for rel, sha in (build_files or {}).items()]
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    writer.writerows(rows)
    return buf.getvalue().encode()
