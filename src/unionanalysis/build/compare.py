"""Compare a fresh build of the figures with the committed ``figures/``.

Everything is compared byte for byte (and each difference described by
:mod:`unionanalysis.build.explain`), except that a PNG whose bytes differ still matches when
its decoded pixels are equal: PNG encoders may compress the same image differently (zlib
versions), which changes nothing a reader sees. The ``sha256`` column of ``MANIFEST.csv`` is
excused for exactly those PNGs, and nothing else in the manifest is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from unionanalysis.build.explain import describe_difference
from unionanalysis.build.state import BUILD_FILES, MANIFEST_NAME, is_protected, list_outputs

__all__ = ["Comparison", "compare_trees", "same_pixels"]


@dataclass
class Comparison:
    """Files of ``figures/`` relative to a fresh build, each list sorted."""

    differs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # built, but absent from figures/
    extra: list[str] = field(default_factory=list)  # in figures/, but no notebook makes it
    matching: int = 0
    details: dict[str, str] = field(default_factory=dict)  # how each differing file differs

    @property
    def ok(self) -> bool:
        return not (self.differs or self.missing or self.extra)


def same_pixels(a: Path, b: Path) -> bool:
    """True when two PNG files decode to arrays of the same shape and values."""
    import numpy as np
    from matplotlib.image import imread

    try:
        left, right = imread(a), imread(b)
    except (OSError, ValueError, SyntaxError):
        return False
    return left.shape == right.shape and bool(np.array_equal(left, right))


def _manifest_rows(path: Path) -> list[list[str]] | None:
    """The rows of a manifest, header first, or ``None`` when it cannot be read as CSV."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))
    except (OSError, csv.Error, UnicodeDecodeError):
        return None


def _manifests_match(built: Path, committed: Path, excused: set[str]) -> bool:
    """Equal manifests, except that rows of ``excused`` files may differ in ``sha256``."""
    ours, theirs = built.read_bytes(), committed.read_bytes()
    if ours == theirs or not excused:
        return ours == theirs
    left, right = _manifest_rows(built), _manifest_rows(committed)
    if left is None or right is None:
        return False
    built_sha = {row[0]: row[2] for row in left[1:] if len(row) == 4}
    for row in right[1:]:
        if len(row) == 4 and row[2] and row[0] in excused and row[0] in built_sha:
            theirs = theirs.replace(row[2].encode(), built_sha[row[0]].encode())
    return ours == theirs


def compare_trees(built: Path, committed: Path) -> Comparison:
    """Classify every output file of ``built`` and ``committed`` (README/dotfiles ignored)."""
    ours = {f for f in list_outputs(built) if not is_protected(f) or f in BUILD_FILES}
    theirs = {f for f in list_outputs(committed) if not is_protected(f) or f in BUILD_FILES}
    result = Comparison(missing=sorted(ours - theirs), extra=sorted(theirs - ours))
    excused: set[str] = set()
    for rel in sorted((ours & theirs) - {MANIFEST_NAME}):
        a, b = built / rel, committed / rel
        if a.read_bytes() == b.read_bytes():
            result.matching += 1
        elif rel.lower().endswith(".png") and same_pixels(a, b):
            excused.add(rel)
            result.matching += 1
        else:
            result.differs.append(rel)
    if MANIFEST_NAME in ours & theirs:
        if _manifests_match(built / MANIFEST_NAME, committed / MANIFEST_NAME, excused):
            result.matching += 1
        else:
            result.differs.append(MANIFEST_NAME)
    result.differs.sort()
    result.details = {
        rel: describe_difference(built / rel, committed / rel) for rel in result.differs
    }
    return result
