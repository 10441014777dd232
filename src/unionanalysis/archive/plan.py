"""Plan the work: inputs -> partitions of small article references.

Nothing here reads an article's text; folders are walked, zip directories
and tar headers listed and JSON Lines files scanned for line ends, so the
plan of a large archive is cheap to make and small to send to a cluster.
The plan is deterministic (sorted folders, archive order, line order), so a
re-run makes the same partitions with the same fingerprints and can skip the
ones already done.
"""

from __future__ import annotations

import glob
import hashlib
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ARCHIVE_SUFFIXES", "TEXT_SUFFIXES", "Partition", "Ref", "Skipped", "plan"]

TEXT_SUFFIXES = (".txt",)
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ARCHIVE_SUFFIXES = ZIP_SUFFIXES + TAR_SUFFIXES + JSONL_SUFFIXES
DEFAULT_PARTITION_BYTES = 16 * 2**20
MAX_REFS = 10_000  # per partition, so that a folder of tiny files still splits


@dataclass(frozen=True)
class Skipped:
    """Something that could not be read: its name and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class Ref:
    """Where one article (or, for JSON Lines, a run of ``count`` lines) is.

    ``kind`` is ``file``, ``zip``, ``tar`` (member number ``start``),
    ``jsonl`` (bytes ``start:end``, first line number ``line``) or ``bytes``
    (the content itself in ``data``, for members of archives that only the
    planner can stream). ``path`` is absolute so that workers can open it;
    ``name`` is what outputs show.
    """

    kind: str
    path: str
    name: str
    size: int
    member: str = ""
    start: int = 0
    end: int = 0
    line: int = 0
    count: int = 1
    data: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Partition:
    """A unit of work: references whose texts add up to about the target size."""

    index: int
    refs: tuple[Ref, ...]
    fingerprint: str

    @property
    def n_articles(self) -> int:
        return sum(r.count for r in self.refs)

    @property
    def n_bytes(self) -> int:
        return sum(r.size for r in self.refs)

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


def _display(path: Path, root: Path | None) -> str:
    from ..extract import _display_name

    return _display_name(path, root)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (*TAR_SUFFIXES, *ZIP_SUFFIXES, *JSONL_SUFFIXES):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def _walk(folder: Path) -> list[Path]:
    """Text files and archives under ``folder``, in sorted order of their relative path."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            p = Path(dirpath, f)
            if not f.startswith(".") and _suffix(p) in (*TEXT_SUFFIXES, *ARCHIVE_SUFFIXES):
                found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def _expand(inputs: Iterable[str | Path], skipped: list[Skipped]) -> Iterator[Path]:
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        elif glob.has_magic(str(given)):
            matches = sorted(glob.glob(str(given), recursive=True))
            if not matches:
                skipped.append(Skipped(str(given), "pattern matches no file"))
            for m in matches:
                yield from (_walk(Path(m)) if Path(m).is_dir() else [Path(m)])
        else:
            skipped.append(Skipped(str(given), "no such file or directory"))


def _zip_refs(path: Path, name: str, skipped: list[Skipped]) -> Iterator[Ref]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        skipped.append(Skipped(name, f"not a readable zip archive ({exc})"))
        return
    absolute = str(path.resolve())
    for info in infos:
        if not info.is_dir():
            yield Ref("zip", absolute, f"{name}:{info.filename}", info.file_size, info.filename)


def _tar_refs(path: Path, name: str, skipped: list[Skipped]) -> Iterator[Ref]:
    refs = []
    try:
        with tarfile.open(path, "r|*") as tf:
            for number, info in enumerate(tf):
                if info.isfile():
                    refs.append(
                        Ref(
                            "tar",
                            str(path.resolve()),
                            f"{name}:{info.name}",
                            info.size,
                            info.name,
                            start=number,
                        )
                    )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        skipped.append(
            Skipped(name, f"truncated or damaged archive after {len(refs)} members ({exc})")
        )
        # the last member listed may be the one cut short: it is read, and reported, later
    yield from refs


def _jsonl_refs(path: Path, name: str, target: int) -> Iterator[Ref]:
    """Runs of whole lines of about ``target`` bytes each (blank lines are not counted)."""
    absolute = str(path.resolve())
    start = offset = size = count = 0
    first = line = 1
    with path.open("rb") as f:
        for raw in f:
            if raw.strip():
                count += 1
                size += len(raw)
            offset += len(raw)
            line += 1
            if size >= target:
                yield Ref(
                    "jsonl", absolute, name, size, start=start, end=offset, line=first, count=count
                )
                start, first, size, count = offset, line, 0, 0
    if count:
        yield Ref("jsonl", absolute, name, size, start=start, end=offset, line=first, count=count)


def _refs(path: Path, root: Path | None, target: int, skipped: list[Skipped]) -> Iterator[Ref]:
    name = _display(path, root)
    suffix = _suffix(path)
    if suffix in ZIP_SUFFIXES:
        yield from _zip_refs(path, name, skipped)
    elif suffix in TAR_SUFFIXES:
        yield from _tar_refs(path, name, skipped)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_refs(path, name, target)
    else:
        try:
            size = path.stat().st_size
        except OSError as exc:
            skipped.append(Skipped(name, f"cannot read ({exc.strerror or exc})"))
            return
        yield Ref("file", str(path.resolve()), name, size)


def _fingerprint(refs: Sequence[Ref]) -> str:
    digest = hashlib.sha256()
    for r in refs:
        digest.update(f"{r.kind}\0{r.name}\0{r.member}\0{r.start}\0{r.end}\0{r.size}\n".encode())
    return digest.hexdigest()[:16]


def plan(
    inputs: Iterable[str | Path],
    *,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    root: Path | None = None,
) -> tuple[list[Partition], list[Skipped]]:
    """Partitions of about ``partition_bytes`` of raw text, and what was skipped.

    ``inputs`` are files, folders (walked recursively for ``*.txt`` and
    archives), glob patterns (``**`` allowed), ``.zip``, ``.tar.gz``/``.tgz``/
    ``.tar`` and ``.jsonl``/``.ndjson`` files. Names are relative to ``root``
    (default: the sources folder) when inside it, as in ``sources.csv``.
    """
    if partition_bytes <= 0:
        raise ValueError(f"partition_bytes must be positive, got {partition_bytes}")
    if root is None:
        from ..paths import sources_dir

        root = sources_dir()
    skipped: list[Skipped] = []
    partitions: list[Partition] = []
    current: list[Ref] = []
    size = 0
    for path in _expand(inputs, skipped):
        for ref in _refs(path, root, partition_bytes, skipped):
            current.append(ref)
            size += ref.size
            if size >= partition_bytes or len(current) >= MAX_REFS:
                partitions.append(Partition(len(partitions), tuple(current), _fingerprint(current)))
                current, size = [], 0
    if current:
        partitions.append(Partition(len(partitions), tuple(current), _fingerprint(current)))
    return partitions, skipped
