"""``unionanalysis release``: the dataset as one versioned, citable, checksummed archive.

``dist/unionanalysis-data-<version>.zip`` holds the four tables, ``datapackage.json``, the
codebook, the data licence, the citation metadata (``CITATION.cff``) and ``SHA256SUMS`` with
the checksum of every other file, all in one folder named like the archive. The package is
validated with the Frictionless validator, and the tables with the project's own rules,
before anything is written; a failure names the problems and leaves the output folder as it
was. The same inputs give the same bytes: members are sorted, every timestamp is
1980-01-01, permissions are 0644, and members are stored uncompressed, so no zlib version can
change a byte. The archive is written under a temporary name and moved into place.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write_bytes
from ..paths import PROJECT_ROOT

__all__ = ["ReleaseError", "add_arguments", "archive_members", "release", "run"]

TABLES = ("sources.csv", "metrics.csv", "exclusions.csv", "places.csv")
CHECKSUMS = "SHA256SUMS"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold
_MODE = 0o100644  # a regular file, rw-r--r--


class ReleaseError(Exception):
    """The release cannot be built; the message names what is wrong and where."""


@dataclass(frozen=True)
class Member:
    """One file of the archive: its name inside the archive and its bytes."""

    name: str
    data: bytes


def _version(project: Path) -> str:
    import yaml

    cff = yaml.safe_load((project / "CITATION.cff").read_text(encoding="utf-8"))
    version = str(cff.get("version", "")).strip()
    if not version:
        raise ReleaseError(f"{project / 'CITATION.cff'}: no version to name the release by")
    return version


def _frictionless_problems(data: Path) -> list[str]:
    from frictionless import validate

    report = validate(str(data / "datapackage.json"))
    if report.valid:
        return []
    problems = [f"datapackage.json: {error.message}" for error in report.errors]
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            where = f"{task.name}:{row}" if row else task.name
            problems.append(f"{where}: {error.message}")
    return problems


def _check(data: Path) -> None:
    """Frictionless first (the format others will read), then the project's own rules."""
    from ..validate import validate_dataset

    missing = [name for name in ("datapackage.json", *TABLES) if not (data / name).is_file()]
    if missing:
        raise ReleaseError(f"{data}: missing {', '.join(missing)}")
    problems = _frictionless_problems(data)
    problems += [str(p) for p in validate_dataset(data, check_sources=False).problems]
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:30])
        more = f"\n  ... and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise ReleaseError(f"the data in {data} do not validate:\n{shown}{more}")


def archive_members(project: Path, data: Path, version: str) -> list[Member]:
    """Every file of the release with its path inside the archive, checksums last."""
    folder = f"unionanalysis-data-{version}"
    sources = {
        **{name: data / name for name in ("datapackage.json", *TABLES)},
        "LICENSE.md": data / "LICENSE.md",
        "codebook.md": project / "docs" / "codebook.md",
        "CITATION.cff": project / "CITATION.cff",
    }
    absent = [str(path) for path in sources.values() if not path.is_file()]
    if absent:
        raise ReleaseError(f"cannot release: missing {', '.join(absent)}")
    members = [Member(f"{folder}/{name}", sources[name].read_bytes()) for name in sorted(sources)]
    sums = "".join(
        f"{hashlib.sha256(m.data).hexdigest()}  {m.name.split('/', 1)[1]}\n" for m in members
    )
    return [*members, Member(f"{folder}/{CHECKSUMS}", sums.encode())]


def _zip_bytes(members: list[Member]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=_EPOCH)
            info.external_attr = _MODE << 16
            info.create_system = 3  # unix, so the mode above is read as such everywhere
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, member.data)
    return buffer.getvalue()


def release(
    out: Path | str | None = None,
    *,
    project: Path | str | None = None,
    data: Path | str | None = None,
) -> Path:
    """Validate the data and write ``OUT/unionanalysis-data-<version>.zip``; return its path.

    ``out`` defaults to the project's ``dist/``, ``data`` to its ``data/``. Raises
    :class:`ReleaseError` (nothing written) when the data do not validate.
    """
    project = Path(project) if project is not None else PROJECT_ROOT
    data = Path(data) if data is not None else project / "data"
    out = Path(out) if out is not None else project / "dist"
    version = _version(project)
    _check(data)
    members = archive_members(project, data, version)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"unionanalysis-data-{version}.zip"
    atomic_write_bytes(target, _zip_bytes(members))
    return target


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``unionanalysis release``."""
    parser.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="where to write (default: dist/)"
    )
    parser.add_argument(
        "--data", type=Path, default=None, metavar="DIR", help="the tables (default: data/)"
    )


def run(args: argparse.Namespace) -> int:
    """0 and the archive's path on success; 1 and the problems on stderr otherwise."""
    try:
        path = release(args.out, data=args.data)
    except ReleaseError as exc:
        print(f"unionanalysis release: error: {exc}", file=sys.stderr)
        return 1
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"wrote {path} ({path.stat().st_size:,} bytes, sha256 {digest})")
    return 0
