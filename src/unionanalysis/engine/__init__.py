"""The engine: one task per article, run over an archive in resumable partitions.

:func:`run` plans the inputs (:mod:`unionanalysis.archive`), skips the
partitions already complete in the output folder and runs the rest on Dask
(``engine="dask"``) or in this process (``engine="local"``); each partition
becomes one Parquet file. :func:`load_candidates` reads them back lazily.
"""

from __future__ import annotations

from .runner import RunSummary, run
from .store import load_candidates
from .tasks import ARTICLE_ID, ArticleTask, CurateTask, ExtractTask

__all__ = [
    "ARTICLE_ID",
    "ArticleTask",
    "CurateTask",
    "ExtractTask",
    "RunSummary",
    "load_candidates",
    "run",
]
