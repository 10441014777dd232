"""Decide which notebooks run, and apply a successful run to ``figures/``.

The decision needs only content hashes (:mod:`unionanalysis.build.state`), so a build with
nothing to do never leaves this module. Applying a run is the other half of the bookkeeping:
staged files move into ``figures/`` one ``os.replace`` each, files the notebook no longer
makes are deleted, and files no notebook makes are swept away.
"""

from __future__ import annotations

import errno
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from unionanalysis.build.state import (
    MANIFEST_NAME,
    REFERENCES_NAME,
    SOURCES_NAME,
    BuildError,
    Inputs,
    Record,
    atomic_write_bytes,
    data_references,
    file_sha256,
    hash_data_files,
    is_protected,
    list_outputs,
    load_manifest,
    load_state,
    lock_digest,
    notebook_cells,
    notebook_digest,
    package_digest,
    stale_reasons,
)
from unionanalysis.papers.provenance import (
    SIDECAR_DIR,
    UNDECLARED,
    load_sources_csv,
    read_sidecars,
    references_bytes,
    sources_bytes,
)
from unionanalysis.paths import LOADER_FILES

__all__ = [
    "CACHE_DIR",
    "Plan",
    "commit",
    "find_notebooks",
    "plan",
    "sweep",
    "write_if_changed",
    "write_provenance",
]

CACHE_DIR = ".build-cache"


@dataclass
class Plan:
    """What a build will do: which notebooks run and why, and what it starts from."""

    notebooks: dict[str, Path]  # every notebook of the project, by file name
    records: dict[str, Record]  # what each was last built from
    inputs: dict[str, Inputs] = field(default_factory=dict)  # of the selected notebooks
    run: dict[str, str] = field(default_factory=dict)  # name -> reason, for those that run
    broken: dict[str, str] = field(default_factory=dict)  # name -> why it cannot be read


def find_notebooks(project: Path) -> dict[str, Path]:
    """``notebooks/*.ipynb`` by file name; a project without that folder is an error."""
    folder = project / "notebooks"
    if not folder.is_dir():
        raise BuildError(f"no notebooks/ folder in {project}")
    return {p.name: p for p in sorted(folder.glob("*.ipynb")) if not p.name.startswith(".")}


def _select(notebooks: dict[str, Path], wanted: list[str]) -> list[str]:
    if not wanted:
        return list(notebooks)
    chosen = []
    for item in wanted:
        name = Path(item).name
        name = name if name.endswith(".ipynb") else name + ".ipynb"
        if name not in notebooks:
            known = ", ".join(notebooks) or "none"
            raise BuildError(f"no notebook {item!r} in notebooks/ (there are: {known})")
        chosen.append(name)
    return sorted(set(chosen))


def plan(
    project: Path,
    wanted: list[str] | None = None,
    *,
    force: bool = False,
    records: dict[str, Record] | None = None,
) -> Plan:
    """Hash every input of the selected notebooks and decide which must run.

    Without ``records`` they come from the state file, completed from ``figures/MANIFEST.csv``
    for notebooks the state does not know (a fresh clone), and records of notebooks that no
    longer exist are dropped. This is the whole cost of a build with nothing to do.
    """
    notebooks = find_notebooks(project)
    figures = project / "figures"
    if records is None:
        records = load_state(project / CACHE_DIR / "state.json")
        recovered = load_sources_csv(figures / SOURCES_NAME)
        for name, rec in load_manifest(figures / MANIFEST_NAME).items():
            rec.sources = {
                rel: recovered[rel]
                for rel in rec.outputs
                if rel in recovered and (UNDECLARED, UNDECLARED) not in recovered[rel]
            }
            records.setdefault(name, rec)
        records = {name: rec for name, rec in records.items() if name in notebooks}
    result = Plan(notebooks=notebooks, records=records)
    loaders = LOADER_FILES
    package, lock = package_digest(project), lock_digest(project)
    data_cache: dict[str, str] = {}
    for name in _select(notebooks, wanted or []):
        try:
            cells = notebook_cells(notebooks[name])
        except BuildError as exc:
            result.broken[name] = str(exc)
            continue
        refs = data_references(cells, loaders)
        inputs = Inputs(
            notebook=notebook_digest(cells),
            data=hash_data_files(refs, project / "data", data_cache),
            package=package,
            lock=lock,
        )
        result.inputs[name] = inputs
        reasons = ["forced"] if force else stale_reasons(records.get(name), inputs, figures)
        if reasons:
            result.run[name] = "; ".join(reasons)
    return result


def _move(src: Path, dst: Path) -> None:
    """Put ``src`` at ``dst`` in one step; across file systems, copy beside ``dst`` first."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        atomic_write_bytes(dst, src.read_bytes())
        src.unlink()


def commit(
    name: str, stage: Path, figures: Path, records: dict[str, Record], inputs: Inputs
) -> str | None:
    """Move a successful notebook's staged files into ``figures``; return an error or ``None``.

    Files it made before but not this time are deleted. Nothing moves when it wrote a name the
    build reserves or a file another notebook owns, since either would silently lose a figure.
    """
    staged = [rel for rel in list_outputs(stage) if not rel.startswith(SIDECAR_DIR + "/")]
    drawn = read_sidecars(stage)
    reserved = [rel for rel in staged if is_protected(rel)]
    if reserved:
        return f"wrote {', '.join(reserved)}, a name reserved in figures/; nothing was moved"
    owners = {rel: other for other, rec in records.items() if other != name for rel in rec.outputs}
    clashes = [f"{rel} (made by {owners[rel]})" for rel in staged if rel in owners]
    if clashes:
        return "wrote files another notebook makes: " + ", ".join(clashes)
    outputs = {rel: file_sha256(stage / rel) for rel in staged}
    for rel in staged:
        _move(stage / rel, figures / rel)
    previous = records.get(name)
    for rel in sorted(set(previous.outputs if previous else ()) - set(outputs)):
        (figures / rel).unlink(missing_ok=True)
    records[name] = Record(
        inputs=inputs,
        outputs=outputs,
        sources={
            rel: drawn[posixpath.basename(rel)]
            for rel in staged
            if posixpath.basename(rel) in drawn
        },
    )
    return None


def sweep(figures: Path, records: dict[str, Record], notebooks: dict[str, Path]) -> list[str]:
    """Delete files in ``figures`` that no notebook makes any more; return them.

    When some notebook was never built, its files (say from running it in Jupyter Lab) cannot
    be told from leftovers, so nothing is deleted.
    """
    if any(name not in records for name in notebooks):
        return []
    owned = {rel for rec in records.values() for rel in rec.outputs}
    removed = [rel for rel in list_outputs(figures) if rel not in owned and not is_protected(rel)]
    for rel in removed:
        (figures / rel).unlink()
    for folder in sorted((p for p in figures.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def write_provenance(
    figures: Path, records: dict[str, Record], project: Path, *, refresh: bool = True
) -> dict[str, str]:
    """Write ``SOURCES.csv`` and ``references.bib`` into ``figures``; return their sha256.

    ``SOURCES.csv`` covers every output of every record. ``references.bib`` needs the sources
    table (and pandas), so with ``refresh=False`` an existing one is kept as it is.
    """
    outputs = {rel: rec.sources.get(rel) for rec in records.values() for rel in sorted(rec.outputs)}
    write_if_changed(figures / SOURCES_NAME, sources_bytes(outputs))
    bib = figures / REFERENCES_NAME
    if refresh or not bib.is_file():
        used = {s for rows in outputs.values() if rows for _, s in rows}
        write_if_changed(bib, references_bytes(used, project))
    return {rel: file_sha256(figures / rel) for rel in (REFERENCES_NAME, SOURCES_NAME)}


def write_if_changed(path: Path, data: bytes) -> None:
    """Write atomically, but leave an identical file alone so its mtime means something."""
    if not path.is_file() or path.read_bytes() != data:
        atomic_write_bytes(path, data)
