"""Turn article references into articles, on the machine that does the work.

Files, zip members and JSON Lines ranges are opened where :func:`load` runs;
members of tar archives (gzip cannot seek) are read in order from one stream
per archive (:class:`TarStreams`), by the planner before it sends a
partition away or by :func:`iter_articles` when everything runs here.
"""

from __future__ import annotations

import json
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .plan import Partition, Ref, Skipped, plan

if TYPE_CHECKING:
    from ..text import CleanText

__all__ = ["Article", "TarStreams", "cleaned", "inline", "iter_articles", "load"]


@dataclass(frozen=True)
class Article:
    """One article: raw ``data`` (files, members) or decoded ``text`` (JSON Lines).

    ``name`` is what the ``file`` column shows (a path, ``archive:member`` or
    ``file.jsonl:line``); ``id`` is the record's own id where it has one,
    else the name.
    """

    id: str
    name: str
    data: bytes | None = None
    text: str | None = None
    url: str = ""
    date: str = ""

    @property
    def n_bytes(self) -> int:
        return len(self.data) if self.data is not None else len((self.text or "").encode())


class TarStreams:
    """Members of tar archives read front to back, one open stream per archive."""

    def __init__(self) -> None:
        self._open: dict[str, tuple[tarfile.TarFile, Iterator[tarfile.TarInfo], int]] = {}

    def read(self, ref: Ref) -> bytes:
        """The content of member number ``ref.start``; members before it are passed over."""
        tf, members, position = self._open.get(ref.path) or self._reopen(ref.path)
        if position > ref.start:  # asked to go back: start again
            tf.close()
            tf, members, position = self._reopen(ref.path)
        for info in members:
            position += 1
            if position - 1 == ref.start:
                self._open[ref.path] = (tf, members, position)
                f = tf.extractfile(info)
                if f is None:
                    raise tarfile.ReadError(f"member {info.name} is not a regular file")
                return f.read()
        raise tarfile.ReadError(f"member {ref.member} not found (archive ends early)")

    def _reopen(self, path: str) -> tuple[tarfile.TarFile, Iterator[tarfile.TarInfo], int]:
        tf = tarfile.open(path, "r|*")
        self._open[path] = (tf, iter(tf), 0)
        return self._open[path]

    def close(self) -> None:
        for tf, _, _ in self._open.values():
            tf.close()
        self._open.clear()


def inline(partition: Partition, streams: TarStreams) -> Partition | list[Skipped]:
    """``partition`` with its tar members' bytes filled in, ready to send to a worker.

    Members that cannot be read come back as :class:`Skipped` entries inside
    the partition (kind ``skipped``) so that the worker reports them.
    """
    refs = []
    for ref in partition.refs:
        if ref.kind == "tar":
            try:
                ref = replace(ref, kind="bytes", data=streams.read(ref))
            except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
                ref = replace(ref, kind="skipped", member=f"cannot read member ({exc})")
        refs.append(ref)
    return replace(partition, refs=tuple(refs))


def _jsonl(ref: Ref) -> Iterator[Article | Skipped]:
    with open(ref.path, "rb") as f:
        f.seek(ref.start)
        chunk = f.read(ref.end - ref.start)
    for number, raw in enumerate(chunk.splitlines(), start=ref.line):
        where = f"{ref.name}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Skipped(where, f"not a JSON line ({exc})")
            continue
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str):
            yield Skipped(where, "no string 'text' field")
            continue
        ident = record.get("id")
        yield Article(
            id=str(ident) if ident not in (None, "") else where,
            name=where,
            text=text,
            url=str(record.get("url") or ""),
            date=str(record.get("date") or ""),
        )


def load(refs: Iterable[Ref], streams: TarStreams | None = None) -> Iterator[Article | Skipped]:
    """The articles of ``refs`` in order; what cannot be read comes as :class:`Skipped`."""
    zips: dict[str, zipfile.ZipFile] = {}
    own = streams is None
    streams = TarStreams() if streams is None else streams
    try:
        for ref in refs:
            if ref.kind == "jsonl":
                try:
                    yield from _jsonl(ref)
                except OSError as exc:
                    yield Skipped(ref.name, f"cannot read ({exc.strerror or exc})")
                continue
            if ref.kind == "skipped":
                yield Skipped(ref.name, ref.member)
                continue
            try:
                if ref.kind == "file":
                    data = Path(ref.path).read_bytes()
                elif ref.kind == "zip":
                    if ref.path not in zips:
                        zips[ref.path] = zipfile.ZipFile(ref.path)
                    data = zips[ref.path].read(ref.member)
                elif ref.kind == "tar":
                    data = streams.read(ref)
                elif ref.kind == "bytes" and ref.data is not None:
                    data = ref.data
                else:
                    raise ValueError(f"unknown reference kind {ref.kind!r}")
            except (OSError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.TarError) as exc:
                yield Skipped(ref.name, f"cannot read ({getattr(exc, 'strerror', None) or exc})")
                continue
            yield Article(id=ref.name, name=ref.name, data=data)
    finally:
        for zf in zips.values():
            zf.close()
        if own:
            streams.close()


def iter_articles(
    inputs: Iterable[str | Path], *, root: Path | None = None
) -> Iterator[Article | Skipped]:
    """Every article of ``inputs`` in plan order, read here (the local engine's loop)."""
    partitions, skipped = plan(inputs, root=root)
    yield from skipped
    streams = TarStreams()
    try:
        for partition in partitions:
            yield from load(partition.refs, streams)
    finally:
        streams.close()


def cleaned(article: Article) -> CleanText:
    """The cleaned text of ``article``; :class:`~unionanalysis.extract.SourceError` if none.

    Raw bytes with a NUL byte are binary; bytes that decode as none of
    UTF-8, GB18030 and Big5 are undecodable. Both messages name the article.
    """
    from ..extract import SourceError
    from ..text import DecodeError, clean_text

    if article.text is not None:
        return clean_text(article.text)
    data = article.data or b""
    if b"\x00" in data:
        raise SourceError(f"{article.name}: binary file (contains NUL bytes), not an article text")
    try:
        return clean_text(data)
    except DecodeError as exc:
        raise SourceError(f"{article.name}: cannot decode: {exc}") from None
