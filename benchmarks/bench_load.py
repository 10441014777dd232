"""Benchmark: loading and validating the curated metrics table.

Targets (issue: the curated dataset): ``load_metrics()`` on the shipped data
well under 0.2 s warm; on a synthetic 1,000,000-row copy under 3 s and under
1 GB peak memory. Peers in the same run: plain ``pandas.read_csv`` of the same
file (no checks, no dtypes: the floor) and Frictionless' validation of the
shipped table against the same ``datapackage.json``.

Each measurement of the large file runs in a fresh process so that peak
resident memory (``ru_maxrss``) belongs to that load alone. Prints Markdown.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd

from unionanalysis.dataset import load_metrics
from unionanalysis.paths import data_dir

ROWS = 1_000_000


def best_of(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def synthetic_copy(src: Path, dst: Path, rows: int) -> None:
    """Repeat the shipped rows to ``rows`` rows, with unique metric ids."""
    shutil.copy(src / "datapackage.json", dst / "datapackage.json")
    base = pd.read_csv(src / "metrics.csv", dtype=str, keep_default_na=False)
    reps = -(-rows // len(base))
    big = pd.concat([base] * reps, ignore_index=True).iloc[:rows]
    big["metric_id"] = [f"c{i // 1000:03d}-{i % 1000:03d}" for i in range(rows)]
    big.to_csv(dst / "metrics.csv", index=False)


CHILD = textwrap.dedent(
    """
    import resource, sys, time
    import pandas as pd
    from unionanalysis.dataset import load_metrics
    mode, folder = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    if mode == "load":
        frame = load_metrics(folder)
    else:
        frame = pd.read_csv(folder + "/metrics.csv", dtype=str, keep_default_na=False)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.3f} {peak:.0f} {len(frame)}")
    """
)


def child(mode: str, folder: Path, repeat: int = 3) -> tuple[float, float, int]:
    """Best time and highest peak memory over ``repeat`` fresh processes."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(folder)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        runs.append((float(out[0]), float(out[1]), int(out[2])))
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[0][2]


def frictionless_seconds(folder: Path) -> float | None:
    try:
        from frictionless import Package
    except ImportError:
        return None
    package = Package(str(folder / "datapackage.json"))
    resource = package.get_resource("metrics")
    t0 = time.perf_counter()
    resource.validate()
    return time.perf_counter() - t0


def main() -> None:
    shipped = data_dir()
    n = len(load_metrics(shipped))  # warm-up: imports, schema cache
    warm = best_of(lambda: load_metrics(shipped))
    plain = best_of(lambda: pd.read_csv(shipped / "metrics.csv", dtype=str))
    fl = frictionless_seconds(shipped)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_copy(shipped, folder, ROWS)
        size_mb = (folder / "metrics.csv").stat().st_size / 1e6
        load_s, load_mb, rows = child("load", folder)
        read_s, read_mb, _ = child("read", folder)

    print("## Loading and validating the dataset\n")
    print(f"Shipped `metrics.csv`: {n} rows.\n")
    print("| what | time | peak memory |")
    print("|---|---|---|")
    print(f"| `load_metrics()` shipped data, warm (best of 7) | {warm * 1000:.1f} ms | |")
    print(f"| peer: `pandas.read_csv` shipped data, no checks | {plain * 1000:.1f} ms | |")
    if fl is not None:
        print(f"| peer: Frictionless `validate` shipped data | {fl * 1000:.1f} ms | |")
    print(
        f"| `load_metrics()` synthetic {rows:,} rows ({size_mb:.0f} MB), fresh process, best of 3 "
        f"| {load_s:.2f} s | {load_mb:.0f} MB |"
    )
    print(f"| peer: `pandas.read_csv` same file, best of 3 | {read_s:.2f} s | {read_mb:.0f} MB |")
    print("\nTargets: warm < 0.2 s; 1,000,000 rows < 3 s and < 1 GB peak.")


if __name__ == "__main__":
    main()
