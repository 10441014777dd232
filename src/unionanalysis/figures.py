"""Save figures and tables for papers: atomically, and the same bytes every time.

Every figure goes out as vector PDF and SVG plus a 300-dpi PNG; every table as
CSV and LaTeX. Files are written to a temporary name in the target folder and
moved into place only when all formats are written, so a failed save leaves
the previous files as they were. Metadata that would change from run to run
(creation dates, software versions, random SVG ids) is fixed or left out.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from .paths import figures_dir
from .precision import round_array, round_frame
from .spreadsheet import text_safe_frame

__all__ = ["readable_number", "save_figure", "save_table"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_CREATOR = "unionanalysis"
_METADATA = {
    "pdf": {"Creator": _CREATOR, "Producer": _CREATOR, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": _CREATOR, "Date": None},
    "png": {"Software": _CREATOR},
}


def readable_number(x: float) -> str:
    """``1,029``, ``2,500,000``, ``0.1235``: how a number reads in a paper's table."""
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name.endswith("."):
        raise ValueError(
            f"figure/table name {name!r} must be a plain file stem "
            "(letters, digits, '_', '-', '.'; no folders)"
        )


def _target(directory: Path | str | None) -> Path:
    folder = Path(directory) if directory is not None else figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _commit(pending: list[tuple[Path, Path]]) -> list[Path]:
    """Move every written temporary file onto its final name."""
    for tmp, final in pending:
        os.replace(tmp, final)
    return [final for _, final in pending]


def _temporary(folder: Path, final: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; published files must be readable by others
    return Path(tmp)


def _write_all(folder: Path, outputs: list[tuple[Path, object]], write) -> list[Path]:
    pending: list[tuple[Path, Path]] = []
    try:
        for final, what in outputs:
            tmp = _temporary(folder, final)
            pending.append((tmp, final))
            write(tmp, what)
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    return _commit(pending)


def save_figure(
    fig: Figure,
    name: str,
    *,
    directory: Path | str | None = None,
    formats: Sequence[str] = ("pdf", "svg", "png"),
    dpi: int = 300,
    data: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
) -> list[Path]:
    """Write ``fig`` as ``NAME.pdf``, ``NAME.svg`` and ``NAME.png`` (300 dpi).

    ``directory`` defaults to the project's ``figures/`` (or
    ``$UNIONANALYSIS_FIGURES``). ``data`` is the frame (or frames) the figure
    was drawn from: in a build, its metric and source ids go into
    ``figures/SOURCES.csv`` (``data=[]`` says no curated row was used; see
    :mod:`unionanalysis.papers.provenance`). Returns the paths written.
    """
    _check_name(name)
    unknown = sorted(set(formats) - set(_METADATA))
    if unknown:
        raise ValueError(f"save_figure: unsupported format(s) {unknown}; use pdf, svg, png")
    folder = _target(directory)
    outputs = [(folder / f"{name}.{fmt}", fmt) for fmt in formats]

    def write(tmp: Path, fmt: object) -> None:
        with mpl.rc_context({"svg.hashsalt": _CREATOR, "pdf.fonttype": 42}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA[fmt])

    with _settled_layout(fig):
        return _recorded(_write_all(folder, outputs, write), data)


@contextmanager
def _settled_layout(fig: Figure) -> Iterator[None]:
    """Run the layout engine once and freeze its result, rounded to the precision policy.

    Constrained layout solves with kiwisolver, whose last digits vary from run to run (the
    solver's internal order follows memory addresses), and SVG clip-path ids hash those
    digits. The axes positions it finds are rounded to 10 significant digits and kept for
    every format; the engine is restored afterwards, so the figure stays usable.
    """
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        yield
        return
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    try:
        for ax in fig.axes:
            ax.set_position(round_array(ax.get_position().bounds), which="both")
        for text in (fig._suptitle, fig._supxlabel, fig._supylabel):
            if text is not None:
                text.set_position(round_array(text.get_position()))
        yield
    finally:
        fig.set_layout_engine(engine)


def _recorded(paths: list[Path], data: object) -> list[Path]:
    """Record which curated rows the files were drawn from (a no-op outside a build)."""
    if data is not None:
        from .papers.provenance import record

        record(paths, data)
    return paths


def _dates_as_days(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns holding whole days print as ``2020-12-31``, not with a midnight time."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if (
            pd.api.types.is_datetime64_any_dtype(values)
            and (values.dropna().dt.normalize() == values.dropna()).all()
        ):
            out[col] = values.dt.strftime("%Y-%m-%d").astype("string")
    return out


def save_table(
    frame: pd.DataFrame,
    name: str,
    *,
    directory: Path | str | None = None,
    float_format: Callable[[float], str] | None = None,
    index: bool = False,
    caption: str | None = None,
    data: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
) -> list[Path]:
    """Write ``frame`` as ``NAME.csv`` (UTF-8, ``\\n`` line ends) and ``NAME.tex`` (booktabs).

    Derived floats are rounded to 10 significant digits first (the precision policy,
    :mod:`unionanalysis.precision`), so the bytes do not depend on the CPU; counts and money
    stay exact. The CSV keeps those digits and writes formula-like text cells as text
    (:mod:`unionanalysis.spreadsheet`); the LaTeX table formats floats for reading
    (``float_format``, default: thousands separated above 1,000, else four significant digits).
    ``data`` is what the table was drawn from, recorded as for :func:`save_figure`;
    without it, ``frame`` itself is used when it has a ``metric_id`` or ``source_id`` column.
    """
    _check_name(name)
    folder = _target(directory)
    frame = round_frame(_dates_as_days(frame))

    def write(tmp: Path, kind: object) -> None:
        if kind == "csv":
            text_safe_frame(frame).to_csv(tmp, index=index, lineterminator="\n", encoding="utf-8")
        else:
            latex = frame.to_latex(
                index=index,
                float_format=float_format or readable_number,
                na_rep="--",
                caption=caption,
                escape=True,
            )
            tmp.write_text(latex, encoding="utf-8")

    paths = _write_all(
        folder, [(folder / f"{name}.csv", "csv"), (folder / f"{name}.tex", "tex")], write
    )
    if data is None and {"metric_id", "source_id"} & set(map(str, frame.columns)):
        data = frame
    return _recorded(paths, data)
