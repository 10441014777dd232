"""Reading articles at archive scale: folders, globs, zip, tar.gz and JSON Lines.

Work is planned in two steps so that a cluster can share it out: :func:`plan`
lists small references to the articles (a path, an archive member, a range of
lines) grouped into partitions of about ``partition_bytes``, without reading
the texts; :func:`load` turns the references of one partition into
:class:`Article` objects, on whichever machine runs it. Anything that cannot
be read (a missing path, a truncated archive, a binary or undecodable member,
a JSON line without text) becomes a :class:`Skipped` entry naming it and the
reason, never an exception.
"""

from __future__ import annotations

from .load import Article, TarStreams, cleaned, inline, iter_articles, load
from .plan import Partition, Ref, Skipped, plan

__all__ = [
    "Article",
    "Partition",
    "Ref",
    "Skipped",
    "TarStreams",
    "cleaned",
    "inline",
    "iter_articles",
    "load",
    "plan",
]
