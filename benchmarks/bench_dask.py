"""Benchmark: extraction over a synthetic archive on Dask against the plain loop.

Builds a JSON Lines archive of ``--size`` GB (default 1) in the git-ignored
``benchmarks/.out/dask/`` from the source folder: each article is copied with
its numbers, years and place names varied (seeded, so every run makes the
same archive). Nothing of it is committed. Then measures:

1. the plain single-process loop (``iter_articles`` + ``ExtractTask.rows``)
   and ``engine.run`` on a LocalCluster of 1 worker, on the first
   ``--single-gb`` of the archive (the per-core rate does not depend on size);
2. ``engine.run`` with 2 workers on 0.1 GB, with the peak resident memory
   of each worker process (``ru_maxrss``);
3. the whole archive with 2 workers through ``unionanalysis extract --engine
   dask``, killed (SIGKILL to its process group) once half the partitions
   are complete, then resumed: throughput of each half, the time the re-run
   takes, and the workers' peak memory after the second half;
4. the scheduler's overhead per task (1,000 no-op tasks).

Prints a Markdown section for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from unionanalysis.archive import iter_articles, plan
from unionanalysis.engine import ExtractTask, run
from unionanalysis.paths import sources_dir

HERE = Path(__file__).resolve().parent
OUT = HERE / ".out" / "dask"
SHARD_BYTES = 100 * 10**6
PARTITION_BYTES = 16 * 2**20
_DIGITS = re.compile(r"[0-9]+")
_YEAR = re.compile(r"20[0-2][0-9](?=年)")


def variants(seed: int = 0, copies: int = 12) -> list[str]:
    """Each source article ``copies`` times, with varied places, years and numbers."""
    root = sources_dir(required=True)
    manifest = [
        line.split("\t") for line in (root / "manifest.tsv").read_text().splitlines()[1:] if line
    ]
    places = sorted({row[5] for row in manifest if len(row) > 5 and row[5]})
    r = random.Random(seed)
    texts = [a.data.decode("utf-8", "replace") for a in iter_articles([root]) if a.data]
    out = []
    for text in texts:
        for _ in range(copies):
            t = _YEAR.sub(lambda _m: str(r.randint(2010, 2025)), text)
            t = _DIGITS.sub(lambda m: str(r.randint(1, 9)) + m.group()[1:], t)
            for p in r.sample(places, 3):
                t = t.replace(p, r.choice(places))
            out.append(t)
    return out


def build_archive(size_gb: float) -> list[Path]:
    """JSON Lines shards of about 100 MB adding up to ``size_gb``; reused when present."""
    folder = OUT / f"archive-{size_gb:g}GB"
    stamp = folder / "COMPLETE"
    if stamp.is_file():
        return sorted(folder.glob("*.jsonl"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pool = variants()
    total, n, shard = 0, 0, 0
    target = int(size_gb * 1e9)
    while total < target:
        with (folder / f"shard-{shard:03d}.jsonl").open("w", encoding="utf-8") as f:
            written = 0
            while written < SHARD_BYTES and total + written < target:
                text = pool[n % len(pool)]
                line = json.dumps(
                    {"id": f"a{n:08d}", "text": text, "date": f"20{10 + n % 16}-01-01"},
                    ensure_ascii=False,
                )
                f.write(line + "\n")
                written += len(line.encode()) + 1
                n += 1
        total += written
        shard += 1
    stamp.write_text(f"{n} articles, {total} bytes\n")
    return sorted(folder.glob("*.jsonl"))


def prefix(shards: list[Path], gb: float) -> list[Path]:
    """The first shards adding up to about ``gb``."""
    return shards[: max(1, round(gb * 1e9 / SHARD_BYTES))]


def mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def plain_loop(paths: list[Path]) -> tuple[float, int, int]:
    task = ExtractTask()
    began = time.perf_counter()
    articles = rows = 0
    for article in iter_articles(paths):
        rows += len(task.rows(article))
        articles += 1
    return time.perf_counter() - began, articles, rows


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def on_cluster(paths: list[Path], workers: int, name: str) -> dict[str, float]:
    from distributed import Client, LocalCluster

    out = OUT / name
    shutil.rmtree(out, ignore_errors=True)
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        s = run(paths, ExtractTask(), out, client=client, partition_bytes=PARTITION_BYTES)
        peaks = list(client.run(_peak_mb).values())
    return {"seconds": s.seconds, "articles": s.articles, "rows": s.rows, "peak": max(peaks)}


def overhead_per_task(n: int = 1000) -> float:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        client.gather(client.map(abs, range(-50, 0)))  # warm up
        began = time.perf_counter()
        client.gather(client.map(abs, range(n), pure=False))
        return (time.perf_counter() - began) / n


def interrupted(paths: list[Path]) -> dict[str, float]:
    """Kill a 2-worker CLI run at half the partitions, then time the re-run."""
    out = OUT / "resume"
    shutil.rmtree(out, ignore_errors=True)
    n = len(plan(paths, partition_bytes=PARTITION_BYTES)[0])
    cmd = [sys.executable, "-m", "unionanalysis.cli", "extract", "--engine", "dask"]
    cmd += ["--workers", "2", "--no-progress", "--output", str(out), *map(str, paths)]
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, start_new_session=True, stderr=subprocess.DEVNULL)
    while len(list(out.glob("part-*.json"))) < n // 2 and proc.poll() is None:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    first_s = time.perf_counter() - began
    markers = [json.loads(p.read_text()) for p in out.glob("part-*.json")]
    done = len(markers)
    from distributed import Client, LocalCluster

    began = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        s = run(paths, ExtractTask(), out, client=client, partition_bytes=PARTITION_BYTES)
        peaks = list(client.run(_peak_mb).values())
    from unionanalysis import load_candidates

    ids = load_candidates(out, columns=["article_id"], lazy=False)["article_id"]
    return {
        "first_s": first_s,
        "first_mb": sum(m["bytes"] for m in markers) / 1e6,
        "first_articles": sum(m["articles"] for m in markers),
        "second_mb": s.bytes / 1e6 - sum(m["bytes"] for m in markers) / 1e6,
        "second_articles": s.articles - sum(m["articles"] for m in markers),
        "articles": s.articles,
        "distinct_with_rows": ids.nunique(),
        "peak": max(peaks),
        "partitions": n,
        "done_at_kill": done,
        "skipped": s.already_complete,
        "ran": s.ran,
        "seconds": time.perf_counter() - began,
        "rows": s.rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="archive size in GB")
    parser.add_argument("--single-gb", type=float, default=0.25, help="input of 1-core runs")
    args = parser.parse_args()
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    shards = build_archive(args.size)
    build_s = time.perf_counter() - t0
    small = prefix(shards, min(args.single_gb, args.size))
    tenth = prefix(shards, 0.1)
    loop_s, loop_n, loop_rows = plain_loop(small)
    one = on_cluster(small, 1, "one-worker")
    two_small = on_cluster(tenth, 2, "two-small")
    resume = interrupted(shards)
    per_task = overhead_per_task()
    load_after = os.getloadavg()
    assert one["rows"] == loop_rows, "the engine must find what the loop finds"
    planned = sum(p.n_articles for p in plan(shards, partition_bytes=PARTITION_BYTES)[0])
    assert resume["articles"] == planned, "the resumed run must end with every article"

    def line(what: str, size: float, seconds: float, articles: float, peak: str) -> str:
        return (
            f"| {what} | {size:,.0f} MB | {seconds:.1f} s | {size / seconds:.2f} MB/s | "
            f"{articles / seconds:,.0f} | {peak} |"
        )

    print(
        f"## Archives on Dask\n\n`benchmarks/bench_dask.py --size {args.size:g}`; "
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
        f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after. "
        f"Archive: {len(shards)} JSON Lines shards, {mb(shards):,.0f} MB, built in "
        f"{build_s:.0f} s; partitions of {PARTITION_BYTES // 2**20} MiB.\n"
    )
    print("| run | input | time | throughput | articles/s | peak memory per worker |")
    print("|---|---:|---:|---:|---:|---:|")
    print(line("plain loop, 1 process", mb(small), loop_s, loop_n, f"{_peak_mb():.0f} MB"))
    print(
        line("Dask, 1 worker", mb(small), one["seconds"], one["articles"], f"{one['peak']:.0f} MB")
    )
    print(
        line(
            "Dask, 2 workers",
            mb(tenth),
            two_small["seconds"],
            two_small["articles"],
            f"{two_small['peak']:.0f} MB",
        )
    )
    r = resume
    print(
        line(
            "Dask, 2 workers, 1st half (CLI, killed)",
            r["first_mb"],
            r["first_s"],
            r["first_articles"],
            "not measured (killed)",
        )
    )
    print(
        line(
            "Dask, 2 workers, 2nd half (resumed)",
            r["second_mb"],
            r["seconds"],
            r["second_articles"],
            f"{r['peak']:.0f} MB",
        )
    )
    print(
        f"\nResume: killed (SIGKILL) with {resume['done_at_kill']} of {resume['partitions']} "
        f"partitions complete; the re-run skipped {resume['skipped']}, "
        f"ran {resume['ran']} and took "
        f"{resume['seconds']:.1f} s (cluster start included), ending with all "
        f"{resume['articles']:,} articles and {resume['rows']:,} rows.\n\n"
        f"Scheduler overhead: {per_task * 1e3:.2f} ms per task (1,000 no-op tasks, 2 workers)."
    )


if __name__ == "__main__":
    main()
