"""Command-line options shared by every stage that runs on the engine."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..archive.plan import DEFAULT_PARTITION_BYTES
from .tasks import ArticleTask

__all__ = [
    "add_engine_arguments",
    "add_paths_argument",
    "check_engine_arguments",
    "print_rows",
    "run_engine",
]


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """The inputs of every stage that reads archives: files, folders, globs, archives."""
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article text files, folders (recursive), globs, .zip, .tar.gz or .jsonl archives",
    )


def print_rows(rows: Sequence[Mapping[str, object]], columns: Sequence[str], fmt: str) -> None:
    """Rows to stdout as CSV (``columns``, in that order) or as a JSON list."""
    if fmt == "json":
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--output``, ``--scheduler``, ``--workers``, ``--partition-mb``."""
    group = parser.add_argument_group("engine (archives)")
    group.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this process (default); dask: Parquet partitions on a Dask cluster",
    )
    group.add_argument(
        "--output", type=Path, metavar="DIR", help="write Parquet partitions here (needed by dask)"
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running distributed scheduler (default: start local worker processes)",
    )
    group.add_argument(
        "--workers", type=int, metavar="N", help="local worker processes (default: one per core)"
    )
    group.add_argument(
        "--partition-mb",
        type=float,
        default=DEFAULT_PARTITION_BYTES / 2**20,
        metavar="MB",
        help="raw text per partition, the unit of work and of resuming (default: %(default)g)",
    )
    group.add_argument("--no-progress", action="store_true", help="no progress bar")


def check_engine_arguments(args: argparse.Namespace, prog: str) -> str | None:
    """An error message for option combinations that make no sense, else None."""
    if args.engine == "dask" and args.output is None:
        return f"{prog}: error: --engine dask writes Parquet partitions: give --output DIR"
    if args.engine == "local" and (args.scheduler or args.workers):
        return f"{prog}: error: --scheduler and --workers need --engine dask"
    if args.workers is not None and args.workers < 1:
        return f"{prog}: error: --workers must be at least 1"
    if args.partition_mb <= 0:
        return f"{prog}: error: --partition-mb must be positive"
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        return f"{prog}: error: --output {args.output} exists and is not a folder"
    return None


def run_engine(args: argparse.Namespace, task: ArticleTask, prog: str) -> int:
    """Run ``task`` into ``args.output``; 2 when articles were skipped, 1 on failures."""
    from .runner import run

    summary = run(
        [str(p) for p in args.paths],
        task,
        args.output,
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers,
        partition_bytes=max(1, int(args.partition_mb * 2**20)),
        progress=not args.no_progress,
    )
    for skipped in summary.skipped:
        print(f"{prog}: skipped: {skipped}", file=sys.stderr)
    for name, error in summary.failed:
        print(f"{prog}: error: partition {name} failed: {error}", file=sys.stderr)
    print(
        f"{prog}: {summary.partitions} partitions ({summary.already_complete} already complete, "
        f"{summary.ran} run), {summary.articles} articles, {summary.rows} rows, "
        f"{len(summary.skipped)} skipped -> {args.output}",
        file=sys.stderr,
    )
    if summary.failed:
        return 1
    return 2 if summary.skipped else 0
