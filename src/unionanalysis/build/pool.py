"""Run notebooks in worker processes, a few at a time, reporting progress as they go.

Each notebook gets its own process (and in it its own kernel), so a notebook that crashes its
kernel or leaks memory harms nothing else. Results come back to this process, which alone
touches ``figures/`` and the records, so no locking between workers is needed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from unionanalysis.build.plan import write_if_changed
from unionanalysis.build.state import Record

__all__ = ["Outcome", "execute"]


@dataclass
class Outcome:
    """How the notebooks of one build went."""

    built: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    interrupted: bool = False


def execute(
    project: Path,
    work: dict[str, str],
    *,
    scratch: Path,
    logs: Path,
    on_success: Callable[[str, Path], str | None],
    reports: Path | None,
    jobs: int,
    timeout: int | None,
    records: dict[str, Record],
    out: TextIO,
) -> Outcome:
    """Run the notebooks in ``work`` (name -> reason) in worker processes, ``jobs`` at a time.

    ``scratch`` holds staging folders and the build's matplotlibrc, ``logs`` the kernels' own
    output. ``on_success(name, stage)`` is called in this process as each notebook succeeds
    and may still turn it into a failure by returning a message. The longest notebooks (by
    their last run) start first, which shortens the build when there are more than ``jobs``.
    Ctrl-C stops waiting, keeps what finished and sets ``interrupted``.
    """
    import concurrent.futures as cf
    import multiprocessing

    from unionanalysis.build.progress import make_progress
    from unionanalysis.build.runner import MATPLOTLIBRC, Result, Task, execute_notebook, kernel_env

    outcome = Outcome()
    if not work:
        return outcome
    rc = scratch / "matplotlibrc"
    write_if_changed(rc, MATPLOTLIBRC.encode())
    order = sorted(work, key=lambda n: (-(records[n].seconds if n in records else 0.0), n))
    progress = make_progress(out, total=len(order))

    def finish(name: str, result: Result, started: float) -> None:
        stage = scratch / "stage" / Path(name).stem
        error = result.error
        if error is None:
            try:
                error = on_success(name, stage)
            except OSError as exc:
                error = f"could not move its outputs into place: {exc}"
            if error is None and name in records:
                records[name].seconds = result.seconds  # kernel time, for scheduling
        shutil.rmtree(stage, ignore_errors=True)
        if error is None:
            outcome.built.append(name)
        else:
            outcome.failed[name] = error
            if name in records:
                records[name].failed = True
        progress.finish(name, time.monotonic() - started, error)

    context = multiprocessing.get_context("spawn")
    pool = cf.ProcessPoolExecutor(max_workers=min(jobs, len(order)), mp_context=context)
    running: dict[cf.Future, tuple[str, float]] = {}
    try:
        while order or running:
            while order and len(running) < jobs:
                name = order.pop(0)
                stage = scratch / "stage" / Path(name).stem
                shutil.rmtree(stage, ignore_errors=True)
                stage.mkdir(parents=True)
                task = Task(
                    name=name,
                    notebook=str(project / "notebooks" / name),
                    cwd=str(project / "notebooks"),
                    stage_dir=str(stage),
                    log_path=str(logs / f"{Path(name).stem}.log"),
                    env=kernel_env(project, stage, rc),
                    report_path=str(reports / f"{Path(name).stem}.html") if reports else None,
                    timeout=timeout,
                )
                progress.start(name, work[name])
                try:
                    running[pool.submit(execute_notebook, task)] = (name, time.monotonic())
                except cf.BrokenExecutor as exc:
                    error = f"build worker pool broke: {exc}"
                    finish(name, Result(name, 0.0, error), time.monotonic())
            done, _ = cf.wait(running, timeout=0.25, return_when=cf.FIRST_COMPLETED)
            for future in done:
                name, started = running.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # the worker process itself died
                    error = f"build worker crashed: {type(exc).__name__}: {exc}"
                    result = Result(name, time.monotonic() - started, error)
                finish(name, result, started)
            progress.tick()
    except KeyboardInterrupt:
        outcome.interrupted = True
        for future in running:
            future.cancel()
    finally:
        pool.shutdown(wait=not outcome.interrupted, cancel_futures=True)
        progress.close()
    return outcome
