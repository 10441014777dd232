"""``unionanalysis curate``: propose rows for articles, or merge reviewed staged rows.

``curate PATH...`` prints the review table (``--format csv`` or ``json``),
lowest confidence first; ``--out DIR`` writes a staged folder instead;
``--merge DIR`` appends a reviewed staged folder to ``data/`` when the merged
tables validate, and otherwise names every problem and changes nothing.
``--output DIR`` (with ``--engine local`` or ``dask``) writes the review table of
folders and archives as Parquet partitions instead (:mod:`unionanalysis.engine`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..extract import SourceError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="article text files")
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="manifest.tsv with the articles' dates, outlets and places "
        "(default: the sources folder's manifest.tsv files)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write a staged folder for review instead of printing",
    )
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default: csv)"
    )
    parser.add_argument(
        "--merge",
        type=Path,
        default=None,
        metavar="DIR",
        help="append a reviewed staged folder to data/",
    )
    parser.add_argument("--data", type=Path, default=None, help="folder of the tables (data/)")
    parser.add_argument(
        "--sources", type=Path, default=None, help="folder of the raw texts (for --merge checks)"
    )
    from ..engine.command import add_engine_arguments

    add_engine_arguments(parser)  # --output DIR: Parquet partitions of the review table


def _fail(message: str) -> int:
    print(f"unionanalysis curate: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if args.merge is not None:
        if args.paths or args.out:
            return _fail("--merge takes no PATH and no --out")
        return _merge(args)
    if not args.paths:
        return _fail("give at least one PATH (or --merge DIR)")
    if args.output is not None or args.engine == "dask":
        return _engine(args)
    import pandas as pd

    from .places import gazetteer
    from .propose import REVIEW_COLUMNS, manifest_lookup, propose_article, read_manifests

    manifest = None
    if args.manifest is not None:
        if not args.manifest.is_file():
            return _fail(f"{args.manifest}: no such manifest file")
        manifest = read_manifests([args.manifest])
    lookup = manifest_lookup(manifest)
    places = (args.data / "places.csv") if args.data is not None else None
    gaz = gazetteer(places)
    proposals, failed = [], False
    for path in args.paths:
        try:
            proposals.append(propose_article(path, manifest_row=lookup(path), places=gaz))
        except SourceError as exc:
            print(f"unionanalysis curate: error: {exc}", file=sys.stderr)
            failed = True
    if args.out is not None:
        if failed:
            return _fail("nothing written: fix the files above first")
        from .staging import write_staged

        try:
            counts = write_staged(proposals, args.out)
        except ValueError as exc:
            return _fail(str(exc))
        print(
            f"wrote {args.out}: {counts['sources']} sources, {counts['metrics']} metrics, "
            f"{counts['exclusions']} exclusions, {counts['places']} new places "
            f"(review.csv lists every row with why, lowest confidence first)"
        )
        return 0
    frames = [p.rows for p in proposals if len(p.rows)]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REVIEW_COLUMNS)
    table = table.sort_values(["confidence", "file", "start"], kind="stable")[REVIEW_COLUMNS]
    records = [
        {k: ("" if v is None else v) for k, v in r.items()} for r in table.to_dict("records")
    ]
    from ..engine.command import print_rows

    print_rows(records, REVIEW_COLUMNS, args.format)
    return 2 if failed else 0


def _merge(args: argparse.Namespace) -> int:
    from .staging import merge_staged

    report, added = merge_staged(args.merge, args.data, sources_dir=args.sources)
    for problem in report.problems:
        print(problem)
    if not report.ok:
        print(
            f"{len(report.problems)} problem(s): nothing merged, data/ unchanged", file=sys.stderr
        )
        return 1
    tables = ("sources", "metrics", "exclusions", "places")
    counts = ", ".join(f"{added.get(t, 0)} {t}" for t in tables)
    print(f"merged {args.merge}: {counts}; {report.summary()}")
    return 0


def _engine(args: argparse.Namespace) -> int:
    """The review table of folders and archives as Parquet partitions (``--output``)."""
    from ..engine import CurateTask
    from ..engine.command import check_engine_arguments, run_engine

    prog = "unionanalysis curate"
    if (problem := check_engine_arguments(args, prog)) is not None:
        print(problem, file=sys.stderr)
        return 2
    if args.out is not None:
        return _fail("--out (a staged folder) and --output (Parquet partitions) exclude each other")
    places = str(args.data / "places.csv") if args.data is not None else None
    return run_engine(args, CurateTask(places_csv=places), prog)
