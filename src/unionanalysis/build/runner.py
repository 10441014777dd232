"""Execute one notebook in a fresh kernel; this runs inside a build worker process.

The worker never touches ``figures/``: the kernel writes into a private staging folder and
the parent process moves the files into place only when the whole notebook succeeded. nbclient
and nbconvert are imported inside :func:`execute_notebook`, so importing this module (which
the parent must do to hand the function to the pool) stays cheap.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from unionanalysis.build.state import atomic_write_bytes

__all__ = ["MATPLOTLIBRC", "Result", "Task", "execute_notebook", "kernel_env"]

# Settings every build kernel gets, whatever the user's own matplotlibrc says: a fixed SVG
# id salt (otherwise a random one makes every SVG differ) and a backend with no display.
MATPLOTLIBRC = "backend: Agg\nsvg.hashsalt: unionanalysis\n"

# Environment for reproducible kernels. Single-threaded BLAS keeps floating-point reductions
# in one order (and stops parallel kernels fighting over cores). The inline backend draws
# with Agg like the plain one, so saved files are the same bytes, and it also puts each
# figure into the executed notebook, so the HTML reports show the plots.
FIXED_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
    "UNIONANALYSIS_BUILD": "1",
}


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to run one notebook (plain values, so it pickles)."""

    name: str
    notebook: str
    cwd: str
    stage_dir: str
    log_path: str
    env: dict[str, str]
    report_path: str | None = None
    kernel_name: str = "python3"
    timeout: int | None = None


@dataclass(frozen=True)
class Result:
    """How a run went. ``error`` is a one-line description for people, ``None`` on success."""

    name: str
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def kernel_env(
    project: Path, stage_dir: Path, matplotlibrc: Path, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The full environment of a build kernel.

    Figures go to the staging folder, data comes from the project being built, and the
    project's ``src`` comes first on the import path, so the kernel runs the code whose hash
    the build recorded.
    """
    env = dict(os.environ if base is None else base)
    env.update(FIXED_ENV)
    env["UNIONANALYSIS_FIGURES"] = str(stage_dir)
    env["UNIONANALYSIS_PROVENANCE"] = str(stage_dir / ".provenance")  # see papers.provenance
    env["UNIONANALYSIS_DATA"] = str(project / "data")
    env["MATPLOTLIBRC"] = str(matplotlibrc)
    src = str(project / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _describe_failure(nb, cell_index: int | None, what: str) -> str:
    """``code cell 3 (`df = load_metrics()`): KeyError: 'x'`` for the cell that failed."""
    if cell_index is None:
        return what
    cells = nb.cells[: cell_index + 1]
    number = sum(1 for cell in cells if cell.cell_type == "code")
    return f"code cell {number} (`{_first_line(nb.cells[cell_index].source)}`): {what}"


def _write_report(nb, name: str, path: Path) -> None:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": name}})
    atomic_write_bytes(path, body.encode())


def execute_notebook(task: Task) -> Result:
    """Run every cell of ``task.notebook`` in a new kernel; never raises for notebook errors.

    The kernel's own stdout and stderr (start-up warnings, C library messages) go to
    ``task.log_path`` rather than the terminal, where they would break the progress display.
    The HTML report is written for failed runs too, since its traceback is what one reads next.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    start = time.monotonic()
    nb = nbformat.read(task.notebook, as_version=4)
    current: dict[str, int] = {}

    def on_cell_execute(cell, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name=task.kernel_name,
        timeout=task.timeout,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": task.cwd}},
        on_cell_execute=on_cell_execute,
    )
    error = None
    Path(task.log_path).parent.mkdir(parents=True, exist_ok=True)
    with open(task.log_path, "wb") as log:
        try:
            client.execute(env=task.env, cwd=task.cwd, stdout=log, stderr=log)
        except CellExecutionError as exc:
            what = f"{exc.ename}: {exc.evalue}".strip()
            error = _describe_failure(nb, current.get("index"), what)
        except Exception as exc:  # kernel died, timed out or never started
            what = f"{type(exc).__name__}: {exc}".strip()
            error = _describe_failure(nb, current.get("index"), what)
    if task.report_path:
        try:
            _write_report(nb, Path(task.notebook).stem, Path(task.report_path))
        except Exception as exc:
            error = error or f"could not render the HTML report: {type(exc).__name__}: {exc}"
    return Result(name=task.name, seconds=time.monotonic() - start, error=error)
