"""Drive a task over an archive: plan, skip finished partitions, run the rest.

``run(..., engine="dask")`` sends partitions to a ``distributed`` cluster:
local worker processes by default, or the running scheduler at
``scheduler``. Only a few partitions per worker are in flight at a time,
so the client holds little more than the plan; tar members, which only a
front-to-back read can reach, are read here and sent with their partition.
``engine="local"`` runs the same partition function in this process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive import Partition, Skipped, TarStreams, inline, plan
from ..archive.plan import DEFAULT_PARTITION_BYTES
from .partition import run_partition
from .store import MANIFEST, is_complete, read_marker, remove_temporaries, write_json
from .tasks import ArticleTask

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["RunSummary", "run"]

IN_FLIGHT_PER_WORKER = 2


@dataclass
class RunSummary:
    """What a run did: partitions found complete and run, totals, what was skipped."""

    partitions: int = 0
    already_complete: int = 0
    ran: int = 0
    articles: int = 0
    rows: int = 0
    bytes: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=" articles",
        unit_scale=True,
        disable=None if enabled else True,  # None: only on a terminal
        file=sys.stderr,
        smoothing=0.1,
    )


def _local_results(task: ArticleTask, todo: list[Partition], output: Path) -> Iterator[Any]:
    for partition in todo:
        try:
            yield partition, run_partition(task, partition, str(output))
        except Exception as exc:  # a defect in the task: report it with the partition
            yield partition, exc


def _dask_results(
    task: ArticleTask, todo: list[Partition], output: Path, client: Client
) -> Iterator[Any]:
    from distributed import as_completed

    window = max(1, IN_FLIGHT_PER_WORKER * sum(client.nthreads().values()))
    streams = TarStreams()
    pending = iter(todo)
    by_key: dict[str, Partition] = {}

    def submit() -> Any:
        partition = next(pending, None)
        if partition is None:
            return None
        if any(r.kind == "tar" for r in partition.refs):
            partition = inline(partition, streams)
        future = client.submit(run_partition, task, partition, str(output), pure=False)
        by_key[future.key] = partition
        return future

    try:
        started = [f for f in (submit() for _ in range(window)) if f is not None]
        flow = as_completed(started)
        for future in flow:
            partition = by_key.pop(future.key)
            try:
                yield partition, future.result()
            except Exception as exc:
                yield partition, exc
            future.release()
            if (nxt := submit()) is not None:
                flow.add(nxt)
    finally:
        streams.close()


def _client(scheduler: str | None, workers: int | None) -> Client:
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    client = Client(cluster)
    client._own_cluster = cluster  # closed with the client below
    return client


def run(
    inputs: Iterable[str | Path],
    task: ArticleTask,
    output: str | Path,
    *,
    engine: str = "dask",
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    progress: bool = False,
    root: Path | None = None,
) -> RunSummary:
    """Run ``task`` over every article of ``inputs`` into Parquet partitions in ``output``.

    Partitions already complete in ``output`` (same inputs, same task config)
    are skipped, so a run cut short resumes where it stopped. ``client``
    reuses a running :class:`distributed.Client`; else ``scheduler`` is an
    address to connect to, else a local cluster of ``workers`` processes
    (default: one per core) is started and closed again.
    """
    if engine not in ("dask", "local"):
        raise ValueError(f"engine must be 'dask' or 'local', got {engine!r}")
    began = time.perf_counter()
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    remove_temporaries(out)
    partitions, planned_skips = plan(inputs, partition_bytes=partition_bytes, root=root)
    (out / MANIFEST).unlink(missing_ok=True)  # written again when this run succeeds
    config = task.config()
    todo = [p for p in partitions if not is_complete(out, p.name, p.fingerprint, config)]
    summary = RunSummary(partitions=len(partitions), already_complete=len(partitions) - len(todo))
    markers: dict[str, dict[str, Any]] = {}
    bar = _progress(sum(p.n_articles for p in partitions), progress)
    bar.update(sum(p.n_articles for p in partitions) - sum(p.n_articles for p in todo))
    own = None
    try:
        if engine == "local" or not todo:
            results = _local_results(task, todo, out)
        else:
            if client is None:
                client = own = _client(scheduler, workers)
            results = _dask_results(task, todo, out, client)
        done_bytes = 0
        for partition, result in results:
            bar.update(partition.n_articles)
            if isinstance(result, BaseException):
                summary.failed.append((partition.name, f"{type(result).__name__}: {result}"))
                continue
            markers[partition.name] = result
            summary.ran += 1
            done_bytes += partition.n_bytes
            elapsed = max(time.perf_counter() - began, 1e-9)
            bar.set_postfix_str(f"{done_bytes / elapsed / 1e6:.1f} MB/s", refresh=False)
    finally:
        bar.close()
        if own is not None:
            cluster = getattr(own, "_own_cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()
    summary.skipped = list(planned_skips)
    entries = []
    for p in partitions:
        marker = markers.get(p.name) or read_marker(out, p.name)
        if marker is None or p.name in dict(summary.failed):
            continue
        entries.append({k: marker[k] for k in ("partition", "fingerprint", "articles", "rows")})
        summary.articles += marker["articles"]
        summary.rows += marker["rows"]
        summary.bytes += marker["bytes"]
        summary.skipped += [Skipped(*s) for s in marker["skipped"]]
    if not summary.failed:
        write_json(
            {
                "config": config,
                "partitions": entries,
                "articles": summary.articles,
                "rows": summary.rows,
                "skipped": [[s.name, s.reason] for s in summary.skipped],
            },
            out / MANIFEST,
        )
    summary.seconds = time.perf_counter() - began
    return summary
