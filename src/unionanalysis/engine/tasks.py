"""What the engine does to each article: a task maps one article to rows.

A task is a small, picklable object: the engine sends it to every worker
with each partition. Its ``config`` (everything that changes the rows) is
stored beside each finished partition, so a re-run with other options redoes
the work instead of mixing old and new rows. To run another stage on the
engine, write a task with ``name``, ``schema``, ``config`` and ``rows``.

``ExtractTask`` is ``unionanalysis extract`` and ``CurateTask`` is ``unionanalysis
curate`` (the review table of :func:`unionanalysis.curation.propose_article`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from ..archive import Article

__all__ = ["ARTICLE_ID", "ArticleTask", "CurateTask", "ExtractTask", "task_schema"]

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

        numeric = {"start": pa.int64(), "end": pa.int64(), "ceiling": pa.bool_()}
        numeric.update({c: pa.float64() for c in ("value", "value_low", "value_high")})
        return pa.schema([pa.field(c, numeric.get(c, pa.string())) for c in COLUMNS])

    def config(self) -> dict[str, Any]:
        return {"task": self.name, **asdict(self)}

    def rows(self, article: Article) -> list[dict[str, Any]]:
        from ..archive import cleaned
        from ..extract import extract

        found = extract(cleaned(article), body_only=self.body_only, file=article.name)
        return [asdict(c) for c in found]


_CURATE_NUMBERS = ("value", "value_low", "value_high", "confidence")


@dataclass(frozen=True)
class CurateTask:
    """``unionanalysis curate``: a proposed metric or exclusion row for every body number.

    The columns are the review table's (``metrics.csv`` plus ``file``, ``decision``,
    ``reason``, ``confidence``, ``why``). ``places_csv`` is the gazetteer (default
    ``data/places.csv`` as the worker sees it); an article from JSON Lines brings its own
    date and url, which stand in for a manifest row.
    """

    name: ClassVar[str] = "curate"
    places_csv: str | None = None

    def schema(self) -> pa.Schema:
        import pyarrow as pa

        from ..curation.propose import REVIEW_COLUMNS

        types = {c: pa.float64() for c in _CURATE_NUMBERS} | {"year": pa.int64()}
        return pa.schema([pa.field(c, types.get(c, pa.string())) for c in REVIEW_COLUMNS])

    def config(self) -> dict[str, Any]:
        return {"task": self.name, **asdict(self)}

    def rows(self, article: Article) -> list[dict[str, Any]]:
        import math

        from ..curation.propose import REVIEW_COLUMNS, propose_article

        manifest = {"published": article.date, "url": article.url} if article.date else None
        raw = article.data if article.data is not None else (article.text or "").encode("utf-8")
        proposal = propose_article(
            raw, manifest_row=manifest, places=self.places_csv, file=article.name
        )
        out = []
        for record in proposal.rows[REVIEW_COLUMNS].to_dict("records"):
            row: dict[str, Any] = {}
            for column, value in record.items():
                missing = value is None or (isinstance(value, float) and math.isnan(value))
                if column in _CURATE_NUMBERS:
                    row[column] = None if missing or value == "" else float(value)
                elif column == "year":
                    row[column] = None if missing or value == "" else int(value)
                else:
                    row[column] = "" if missing else str(value)
            out.append(row)
        return out
