"""Screening as an engine task and as the ``unionanalysis screen`` command."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from .score import THRESHOLD, score_text

if TYPE_CHECKING:
    import pyarrow as pa

    from ..archive import Article

__all__ = ["SCREEN_COLUMNS", "ScreenTask", "add_arguments", "run"]

SCREEN_COLUMNS = ("file", "score", "relevant", "figures", "why")


@dataclass(frozen=True)
class ScreenTask:
    """One row per article: its score, the decision at ``threshold`` and why."""

    name: ClassVar[str] = "screen"
    threshold: float = THRESHOLD

    def schema(self) -> pa.Schema:
        import pyarrow as pa

        types = {"score": pa.float64(), "relevant": pa.bool_(), "figures": pa.int64()}
        return pa.schema([pa.field(c, types.get(c, pa.string())) for c in SCREEN_COLUMNS])

    def config(self) -> dict[str, Any]:
        return {"task": self.name, "threshold": self.threshold}

    def rows(self, article: Article) -> list[dict[str, Any]]:
        from ..archive import cleaned

        s = score_text(cleaned(article))
        return [
            {
                "file": article.name,
                "score": s.score,
                "relevant": s.relevant(self.threshold),
                "figures": s.figures,
                "why": s.why(),
            }
        ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``unionanalysis screen``."""
    from ..engine.command import add_engine_arguments, add_paths_argument

    add_paths_argument(parser)
    parser.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        help="relevant from this score on (default: %(default)s)",
    )
    parser.add_argument("--all", action="store_true", help="list every article, not only relevant")
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default: csv)"
    )
    add_engine_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Print (or with ``--output`` write to Parquet) each article's score and why."""
    from ..engine.command import check_engine_arguments, print_rows, run_engine

    prog = "unionanalysis screen"
    if (problem := check_engine_arguments(args, prog)) is not None:
        print(problem, file=sys.stderr)
        return 2
    task = ScreenTask(threshold=args.threshold)
    if args.output is not None:
        return run_engine(args, task, prog)
    from ..archive import Skipped, iter_articles
    from ..extract import SourceError, _default_root

    rows, failed = [], False
    for item in iter_articles(args.paths, root=_default_root()):
        try:
            if isinstance(item, Skipped):
                raise SourceError(str(item))
            row = task.rows(item)[0]
        except SourceError as exc:
            print(f"{prog}: error: {exc}", file=sys.stderr)
            failed = True
            continue
        if args.all or row["relevant"]:
            rows.append(row)
    print_rows(rows, SCREEN_COLUMNS, args.format)
    return 2 if failed else 0
