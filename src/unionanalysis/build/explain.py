"""Say how a rebuilt file differs from the committed one, so a reader can tell noise from change.

``build --check`` compares exactly (bytes; PNG by decoded pixels). When a file differs, this
module describes the first difference in terms of what the file holds: for a CSV the first
differing cell (row, column, both values and their relative difference), for a PNG how many
pixels differ and by how much at most, for an SVG the first differing line, for a PDF the
first differing object (its decompressed content stream where it has one). A relative
difference near 1e-15 is floating-point noise; one near 1e-2 is a real change.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zlib
from pathlib import Path

__all__ = ["describe_difference"]

_SHOWN = 80  # characters of a line or value shown in a message


def describe_difference(built: Path, committed: Path) -> str:
    """One line on where ``built`` (fresh) and ``committed`` first differ."""
    suffix = built.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv(built.read_bytes(), committed.read_bytes())
        if suffix == ".png":
            return _png(built, committed)
        if suffix == ".pdf":
            return _pdf(built.read_bytes(), committed.read_bytes())
        return _lines(built.read_bytes(), committed.read_bytes())
    except Exception as exc:  # a description must never hide the failure it describes
        return f"could not describe the difference ({type(exc).__name__}: {exc})"


def _short(text: str) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _relative(a: str, b: str) -> str:
    try:
        x, y = float(a), float(b)
    except ValueError:
        return ""
    if x == y:
        return ", same number written differently"
    scale = max(abs(x), abs(y))
    if not math.isfinite(scale):
        return ""
    return f", relative difference {abs(x - y) / scale:.2g}"


def _csv(built: bytes, committed: bytes) -> str:
    new = list(csv.reader(io.StringIO(built.decode("utf-8"))))
    old = list(csv.reader(io.StringIO(committed.decode("utf-8"))))
    header = old[0] if old else []
    for i, (row_new, row_old) in enumerate(zip(new, old, strict=False)):
        for j in range(max(len(row_new), len(row_old))):
            a = row_new[j] if j < len(row_new) else "<missing>"
            b = row_old[j] if j < len(row_old) else "<missing>"
            if a != b:
                column = header[j] if j < len(header) and i > 0 else f"#{j + 1}"
                where = "header" if i == 0 else f"row {i} (line {i + 1})"
                return (
                    f"first difference at {where}, column {column}: "
                    f"built {_short(a)!r}, committed {_short(b)!r}{_relative(a, b)}"
                )
    return f"built has {len(new) - 1} data rows, committed {len(old) - 1}"


def _png(built: Path, committed: Path) -> str:
    import numpy as np
    from matplotlib.image import imread

    a, b = imread(built), imread(committed)
    if a.shape != b.shape:
        size = "{1}x{0}".format
        return f"image size differs: built {size(*a.shape)}, committed {size(*b.shape)}"
    scale = 255 if a.dtype.kind == "f" else 1
    delta = np.abs(a.astype("float64") - b.astype("float64")) * scale
    per_pixel = delta.reshape(delta.shape[0], delta.shape[1], -1).max(axis=2)
    changed = int((per_pixel > 0).sum())
    total = per_pixel.size
    return (
        f"{changed} of {total} pixels differ ({changed / total:.2%}), "
        f"by at most {per_pixel.max():.0f} of 255 in a channel"
    )


def _first_line_difference(new: list[str], old: list[str], what: str) -> str:
    for i, (a, b) in enumerate(zip(new, old, strict=False), start=1):
        if a != b:
            return f"first difference at {what} {i}: built {_short(a)!r}, committed {_short(b)!r}"
    return f"built has {len(new)} {what}s, committed {len(old)}"


def _lines(built: bytes, committed: bytes) -> str:
    new = built.decode("utf-8", errors="replace").splitlines()
    old = committed.decode("utf-8", errors="replace").splitlines()
    return _first_line_difference(new, old, "line")


_OBJECT = re.compile(rb"(\d+) (\d+) obj\b(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(data: bytes) -> list[tuple[str, bytes]]:
    return [
        (f"{m.group(1).decode()} {m.group(2).decode()}", m.group(3)) for m in _OBJECT.finditer(data)
    ]


def _content(body: bytes) -> str:
    """An object's text: its decompressed stream when it has one, else its dictionary."""
    stream = _STREAM.search(body)
    if stream is None:
        return body.decode("latin-1")
    raw = stream.group(1)
    if b"/FlateDecode" in body[: stream.start()]:
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
    return raw.decode("latin-1")


def _pdf(built: bytes, committed: bytes) -> str:
    new, old = _objects(built), _objects(committed)
    for (id_new, body_new), (id_old, body_old) in zip(new, old, strict=False):
        if id_new != id_old:
            return f"object order differs: built object {id_new}, committed object {id_old}"
        if body_new != body_old:
            text = _first_line_difference(
                _content(body_new).splitlines(), _content(body_old).splitlines(), "line"
            )
            return f"first difference in PDF object {id_new}, {text}"
    if len(new) != len(old):
        return f"built has {len(new)} PDF objects, committed {len(old)}"
    return _lines(built, committed).replace("line", "byte line", 1)
