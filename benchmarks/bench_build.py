"""Benchmark ``unionanalysis build`` against executing the notebooks with nbconvert.

Three timings on a throw-away copy of the project (``figures/`` and the build state of the
real project are never touched):

* cold: ``unionanalysis build --force``, every notebook in a fresh kernel, ``--jobs`` at once,
  HTML reports included;
* peer: the same notebooks with ``jupyter nbconvert --to notebook --execute``, one after
  another, the usual hand-made alternative (it writes no HTML, so it does less work);
* warm: ``unionanalysis build`` with nothing changed.

Each is the median of ``--repeat`` runs of the whole command, process start-up included.
``--demo N`` measures N small synthetic notebooks instead of the project's own, for use while
the real notebooks do not exist yet. Prints a Markdown section.

    .venv/bin/python benchmarks/bench_build.py [--repeat 3] [--jobs N] [--demo N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from unionanalysis.paths import PROJECT_ROOT

DEMO_CODE = """\
import os, pathlib
import numpy as np
import matplotlib.pyplot as plt
out = pathlib.Path(os.environ.get("UNIONANALYSIS_FIGURES", "../figures"))
values = np.random.default_rng({seed}).normal(size=2000).cumsum()
fig, ax = plt.subplots(figsize=(4, 3))
ax.plot(values)
fig.savefig(out / "demo_{seed}.png", dpi=100)
fig.savefig(out / "demo_{seed}.svg")
np.savetxt(out / "demo_{seed}.csv", values[:50], fmt="%.6f")
"""


def make_demo(root: Path, count: int) -> None:
    """A project of ``count`` notebooks that each plot and save a little (no data files)."""
    for folder in ("notebooks", "data", "figures", "src/unionanalysis"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "requirements.lock").write_text("demo\n")
    (root / "src/unionanalysis/__init__.py").write_text("")
    for seed in range(count):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [nbformat.v4.new_code_cell(DEMO_CODE.format(seed=seed))]
        nbformat.write(nb, root / "notebooks" / f"demo_{seed:02d}.ipynb")


def copy_project(source: Path, target: Path) -> None:
    """The parts a build reads; ``figures/`` starts empty."""
    skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for folder in ("notebooks", "data", "src"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder, ignore=skip)
    if (source / "requirements.lock").is_file():
        shutil.copy2(source / "requirements.lock", target / "requirements.lock")
    (target / "figures").mkdir(exist_ok=True)


def timed(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of one command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return seconds


def cores() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def median_of(repeat: int, run) -> float:
    return statistics.median(run() for _ in range(repeat))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=cores())
    parser.add_argument("--demo", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp) / "project"
        if args.demo:
            make_demo(work, args.demo)
            what = f"{args.demo} synthetic demo notebooks (`--demo {args.demo}`)"
        else:
            copy_project(args.project.resolve(), work)
            what = "the project's notebooks"
        notebooks = sorted((work / "notebooks").glob("*.ipynb"))
        if not notebooks:
            print("## Building the figures\n\nNo notebooks/*.ipynb to build yet.")
            return 0
        env = dict(os.environ, CI="1")  # plain progress lines
        build = [sys.executable, "-m", "unionanalysis.cli", "build", "--project", str(work)]
        build += ["--jobs", str(args.jobs)]
        cold = median_of(args.repeat, lambda: timed([*build, "--force"], cwd=work, env=env))
        warm = median_of(max(args.repeat, 5), lambda: timed(build, cwd=work, env=env))

        jupyter = str(Path(sys.executable).with_name("jupyter"))
        peer_out = Path(tmp) / "nbconvert"
        peer_env = dict(
            env,
            MPLBACKEND="Agg",
            UNIONANALYSIS_FIGURES=str(peer_out / "figures"),
            UNIONANALYSIS_DATA=str(work / "data"),
        )
        (peer_out / "figures").mkdir(parents=True)

        nbconvert = [jupyter, "nbconvert", "--to", "notebook", "--execute"]
        nbconvert += ["--output-dir", str(peer_out), "--ExecutePreprocessor.kernel_name=python3"]

        def peer() -> float:
            return sum(
                timed([*nbconvert, str(nb)], cwd=work / "notebooks", env=peer_env)
                for nb in notebooks
            )

        sequential = median_of(args.repeat, peer)

    print("## Building the figures\n")
    print(
        f"{len(notebooks)} notebooks: {what}; {cores()} cores, `--jobs {args.jobs}`, "
        f"Python {platform.python_version()}; median of {args.repeat} runs "
        f"(warm: {max(args.repeat, 5)}), whole commands timed.\n"
    )
    print("| Run | Seconds |")
    print("|---|---:|")
    print(f"| cold: `unionanalysis build --force` (with HTML reports) | {cold:.2f} |")
    print(f"| peer: `jupyter nbconvert --to notebook --execute`, one by one | {sequential:.2f} |")
    print(f"| warm: `unionanalysis build`, nothing changed | {warm:.2f} |")
    print(f"\nCold build / sequential nbconvert: {cold / sequential:.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
