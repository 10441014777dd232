"""``unionanalysis build``: execute the notebooks and rebuild ``figures/`` from scratch.

Each ``notebooks/*.ipynb`` runs headless in its own fresh kernel (nbclient), several at once in
worker processes, with ``notebooks/`` as working directory and an environment that makes its
outputs reproducible (:data:`unionanalysis.build.runner.FIXED_ENV`). A notebook writes into a
private staging folder (``UNIONANALYSIS_FIGURES``); only when every cell succeeded are its files
moved into ``figures/``, one ``os.replace`` each, so a failing notebook leaves its previous
figures exactly as they were. Executed notebooks are rendered to ``reports/NAME.html``.

Only notebooks whose inputs changed run again (see :mod:`unionanalysis.build.state`); the record
of what each was built from is ``.build-cache/state.json``. ``figures/MANIFEST.csv`` lists every
output with its notebook and hashes; ``figures/SOURCES.csv`` the curated rows each was drawn
from and ``figures/references.bib`` the references of every source used
(:mod:`unionanalysis.papers.provenance`). ``--check`` rebuilds everything in a temporary folder and
compares it with ``figures/`` without touching either.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from unionanalysis.build.plan import (
    CACHE_DIR,
    commit,
    plan,
    sweep,
    write_if_changed,
    write_provenance,
)
from unionanalysis.build.pool import Outcome, execute
from unionanalysis.build.state import (
    MANIFEST_NAME,
    BuildError,
    Record,
    atomic_write_bytes,
    manifest_bytes,
    save_state,
)

__all__ = ["add_arguments", "build", "check", "run"]

DEFAULT_TIMEOUT = 1800


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``unionanalysis build``."""
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="build only these notebooks (file name, name without .ipynb, or path)",
    )
    parser.add_argument("--force", action="store_true", help="run notebooks even if up to date")
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild everything in a temporary folder and compare it with figures/ "
        "(touches nothing; exit 1 on any difference)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=_default_jobs(),
        metavar="N",
        help="notebooks run at once (default: available cores, %(default)s here)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="give up on a cell after this long; -1 for no limit (default: %(default)s)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        metavar="DIR",
        help="project root holding notebooks/, data/, figures/, src/ (default: this checkout)",
    )


def run(args: argparse.Namespace) -> int:
    """Entry point of the subcommand: 0 when everything built (or matched), 1 otherwise."""
    from unionanalysis.paths import PROJECT_ROOT

    project = (args.project or PROJECT_ROOT).resolve()
    try:
        if args.jobs < 1:
            raise BuildError(f"--jobs must be at least 1, not {args.jobs}")
        timeout = None if args.timeout is not None and args.timeout < 0 else args.timeout
        if args.check:
            if args.notebooks:
                raise BuildError("--check rebuilds every notebook; do not name notebooks")
            return check(project, jobs=args.jobs, timeout=timeout)
        return build(project, args.notebooks, force=args.force, jobs=args.jobs, timeout=timeout)
    except BuildError as exc:
        print(f"unionanalysis build: error: {exc}", file=sys.stderr)
        return 2


@contextmanager
def _lock(cache: Path) -> Iterator[None]:
    """Refuse to run two builds of one project at once (they would fight over figures/)."""
    cache.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        yield
        return
    with (cache / "lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildError(f"another build of {cache.parent} is running") from None
        yield


def _report_failures(outcome: Outcome, *, logs: str, reports: bool) -> None:
    """Repeat every failure at the end, on stderr, with where to look next."""
    if not outcome.failed:
        return
    count = len(outcome.failed)
    print(f"unionanalysis build: {count} notebook{'s' * (count > 1)} failed:", file=sys.stderr)
    for name, error in sorted(outcome.failed.items()):
        stem = Path(name).stem
        print(f"  notebooks/{name}: {error}", file=sys.stderr)
        where = f"kernel output: {logs}/{stem}.log"
        if reports:
            where += f"; executed notebook: reports/{stem}.html"
        print(f"    {where}", file=sys.stderr)


def build(
    project: Path,
    wanted: list[str] | None = None,
    *,
    force: bool = False,
    jobs: int = 1,
    timeout: int | None = DEFAULT_TIMEOUT,
    out: TextIO | None = None,
) -> int:
    """Bring ``figures/`` up to date; see the module docstring. Returns the exit code."""
    out = out or sys.stdout
    start = time.monotonic()
    cache = project / CACHE_DIR
    figures = project / "figures"
    with _lock(cache):
        todo = plan(project, wanted, force=force)
        records = todo.records
        outcome = Outcome(failed=dict(todo.broken))
        work = dict(todo.run)
        if work:
            figures.mkdir(exist_ok=True)

            def on_success(name: str, stage: Path) -> str | None:
                return commit(name, stage, figures, records, todo.inputs[name])

            ran = execute(
                project,
                work,
                scratch=cache,
                logs=cache / "logs",
                on_success=on_success,
                reports=project / "reports",
                jobs=jobs,
                timeout=timeout,
                records=records,
                out=out,
            )
            outcome.built, outcome.interrupted = ran.built, ran.interrupted
            outcome.failed.update(ran.failed)
        save_state(cache / "state.json", records)
        if figures.is_dir():
            own = write_provenance(figures, records, project, refresh=bool(work))
            write_if_changed(figures / MANIFEST_NAME, manifest_bytes(records, own))
            removed = sweep(figures, records, todo.notebooks)
            for rel in removed:
                print(f"removed figures/{rel} (no notebook makes it any more)", file=out)
    _report_failures(outcome, logs=f"{CACHE_DIR}/logs", reports=True)
    if not outcome.failed and not outcome.interrupted:
        from unionanalysis.build.site import update_site

        update_site(project, cache, out=out)  # a BuildError here exits 2, naming the error
    seconds = time.monotonic() - start
    if outcome.interrupted:
        print("unionanalysis build: interrupted; finished notebooks were kept", file=sys.stderr)
        return 130
    fresh = len(todo.inputs) - len(work)
    summary = f"{len(outcome.built)} built, {fresh} up to date"
    if outcome.failed:
        summary += f", {len(outcome.failed)} FAILED"
    print(f"{summary} ({seconds:.1f}s)", file=out)
    return 1 if outcome.failed else 0


def check(
    project: Path,
    *,
    jobs: int = 1,
    timeout: int | None = DEFAULT_TIMEOUT,
    out: TextIO | None = None,
) -> int:
    """Rebuild every notebook in a temporary folder and compare with ``figures/``.

    Neither ``figures/``, ``reports/`` nor the state file is touched (kernel logs go to
    ``.build-cache/check-logs/``). Exit code 1 names every file that differs, is missing
    from ``figures/`` or is in it although nothing makes it.
    """
    from unionanalysis.build.compare import compare_trees

    out = out or sys.stdout
    start = time.monotonic()
    todo = plan(project, force=True, records={})
    records: dict[str, Record] = {}
    with tempfile.TemporaryDirectory(prefix="unionanalysis-check-") as tmp:
        scratch, built = Path(tmp), Path(tmp) / "figures"
        built.mkdir()

        def on_success(name: str, stage: Path) -> str | None:
            return commit(name, stage, built, records, todo.inputs[name])

        outcome = execute(
            project,
            dict.fromkeys(todo.inputs, "fresh build for --check"),
            scratch=scratch,
            logs=project / CACHE_DIR / "check-logs",
            on_success=on_success,
            reports=None,
            jobs=jobs,
            timeout=timeout,
            records=records,
            out=out,
        )
        outcome.failed.update(todo.broken)
        own = write_provenance(built, records, project)
        atomic_write_bytes(built / MANIFEST_NAME, manifest_bytes(records, own))
        diff = compare_trees(built, project / "figures")
        _report_failures(outcome, logs=f"{CACHE_DIR}/check-logs", reports=False)
    if outcome.interrupted:
        print("unionanalysis build --check: interrupted", file=sys.stderr)
        return 130
    seconds = time.monotonic() - start
    if diff.ok and not outcome.failed:
        print(
            f"check passed: {diff.matching} files in figures/ match a fresh build of "
            f"{len(todo.notebooks)} notebooks ({seconds:.1f}s)",
            file=out,
        )
        return 0
    lines = [f"  differs: figures/{rel}: {diff.details.get(rel, '')}" for rel in diff.differs]
    lines += [f"  missing from figures/: {rel}" for rel in diff.missing]
    lines += [f"  extra in figures/ (no notebook makes it): {rel}" for rel in diff.extra]
    head = "check FAILED: figures/ does not match a fresh build"
    if outcome.failed:
        count = len(outcome.failed)
        head += f" ({count} notebook{'s' * (count > 1)} failed)"
    print("\n".join([head, *lines]), file=sys.stderr)
    return 1
