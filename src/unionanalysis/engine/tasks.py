"""What the engine does to each article: a task maps one article to rows.

A task is a small, picklable object: the engine sends it to every worker
with each partition. Its ``config`` (everything that changes the rows) is
stored beside each finished partition, so a re-run with other options redoes
the work instead of mixing old and new rows. To run another stage on the
engine, write a task with ``name``, ``schema``, ``config`` and ``rows``.

Integration point for ``unionanalysis curate`` (its module is on another
branch): a ``CurateTask`` here whose ``rows`` returns
``unionanalysis.curation.propose_article(article.data or article.text,
file=article.name).rows`` and whose ``schema`` types the review columns, then
``engine.command.add_engine_arguments`` and ``run_engine(args, CurateTask(),
prog)`` in the curate command, as ``extract.run`` does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..archive import Article

__all__ = ["ARTICLE_ID", "ArticleTask", "ExtractTask", "task_schema"]

ARTICLE_ID = "article_id"


class ArticleTask(Protocol):
    """The interface the engine needs (see :class:`ExtractTask`)."""

    name: ClassVar[str]

    def schema(self) -> pa.Schema:
        """Output columns and types, without ``article_id`` (the engine adds it first)."""
        ...

    def config(self) -> dict[str, Any]:
        """Everything that changes the rows; stored with each partition."""
        ...

    def rows(self, article: Article) -> pd.DataFrame | list[dict[str, Any]]:
        """The rows of one article (a frame or records); ``SourceError`` if it is no text."""
        ...


def task_schema(task: ArticleTask) -> pa.Schema:
    """The Parquet schema of a task's output: ``article_id``, then the task's columns."""
    import pyarrow as pa

    return pa.schema([pa.field(ARTICLE_ID, pa.string()), *task.schema()])


@dataclass(frozen=True)
class ExtractTask:
    """``unionanalysis extract``: every candidate figure, the CSV output's columns."""

    name: ClassVar[str] = "extract"
    body_only: bool = False

    def schema(self) -> pa.Schema:
        import pyarrow as pa

        from ..extract import COLUMNS

        numeric = {"start": pa.int64(), "end": pa.int64()}
        numeric.update({c: pa.float64() for c in ("value", "value_low", "value_high")})
        return pa.schema([pa.field(c, numeric.get(c, pa.string())) for c in COLUMNS])

    def config(self) -> dict[str, Any]:
        return {"task": self.name, **asdict(self)}

    def rows(self, article: Article) -> list[dict[str, Any]]:
        from ..archive import cleaned
        from ..extract import extract

        found = extract(cleaned(article), body_only=self.body_only, file=article.name)
        return [asdict(c) for c in found]
