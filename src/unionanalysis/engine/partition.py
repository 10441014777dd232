"""One partition's work, where it runs: load, apply the task, write Parquet.

This is the function the engine sends to Dask workers (and calls in-process
for the local engine). It reads its articles itself, so only references
travel, and holds one partition's rows at a time: a worker's memory depends
on the partition size, not on the archive's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive import Article, Skipped, load
from .store import marker_path, parquet_path, write_json, write_parquet
from .tasks import ARTICLE_ID, ArticleTask, task_schema

if TYPE_CHECKING:
    import pyarrow as pa

    from ..archive import Partition

__all__ = ["apply_task", "rows_table", "run_partition"]


def apply_task(task: ArticleTask, article: Article) -> list[dict[str, Any]] | Skipped:
    """The task's rows for ``article`` with its id first, or why it was skipped."""
    from ..extract import SourceError
    from ..text import DecodeError

    try:
        rows = task.rows(article)
    except (SourceError, DecodeError) as exc:
        return Skipped(article.name, str(exc).removeprefix(f"{article.name}: "))
    if not isinstance(rows, list):
        rows = rows.to_dict("records")
    return [{ARTICLE_ID: article.id, **row} for row in rows]


def rows_table(task: ArticleTask, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as a table with the task's schema (the same types for empty partitions)."""
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=task_schema(task))


def run_partition(task: ArticleTask, partition: Partition, output: str) -> dict[str, Any]:
    """Do one partition and publish it; returns its marker (counts, skipped)."""
    out = Path(output)
    rows: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    articles = 0
    for item in load(partition.refs):
        result = item if isinstance(item, Skipped) else apply_task(task, item)
        if isinstance(result, Skipped):
            skipped.append(result)
            continue
        articles += 1
        rows += result
    write_parquet(rows_table(task, rows), parquet_path(out, partition.name))
    marker = {
        "partition": partition.name,
        "fingerprint": partition.fingerprint,
        "config": task.config(),
        "articles": articles,
        "rows": len(rows),
        "bytes": partition.n_bytes,
        "skipped": [[s.name, s.reason] for s in skipped],
    }
    write_json(marker, marker_path(out, partition.name))
    return marker
