"""Paper figures that show every figure with its bounds.

Functions take a tidy frame (one row per figure, with ``value``,
``value_low``, ``value_high``, ``qualifier`` and ``unit``) and return the
Axes, in the manner of seaborn. A reported figure is a point; the interval its
wording implies is a line; ``more_than`` figures end in an arrowhead because
the article only gives a lower bound. Nothing is drawn as a plain bar, and axis
labels always say the unit.

Chinese labels are used only when a font that covers Chinese characters is
installed; otherwise the functions warn and fall back to English rather than
draw empty boxes.
"""

from __future__ import annotations

import contextlib
import functools
import re
import textwrap
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib import font_manager, ft2font
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from unionanalysis.analysis import UnitMixError
from unionanalysis.precision import round_array

__all__ = [
    "OKABE_ITO",
    "PAPER_WIDTHS",
    "UNIT_LABELS",
    "axis_label",
    "find_cjk_font",
    "paper_context",
    "plot_coverage",
    "plot_estimates",
    "plot_scatter_fit",
    "plot_series",
    "plot_values",
    "plot_values_facets",
    "unit_label",
]

# Okabe & Ito (2008) colour-blind-safe palette; yellow last because it is faint on white.
OKABE_ITO: tuple[str, ...] = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#F0E442",
)
PAPER_WIDTHS: dict[str, float] = {"single": 3.5, "double": 7.2}
_PAPER_HEIGHTS: dict[str, float] = {"single": 2.6, "double": 3.2}

UNIT_LABELS: dict[str, str] = {
    "yuan": "yuan",
    "person": "persons",
    "person_time": "person-times",
    "household": "households",
    "facility": "facilities",
    "organisation": "organisations",
    "event": "events",
    "item": "items",
    "percent": "%",
    "square_metre": "square metres",
}
_SINGULAR = {
    "person": "person",
    "person_time": "person-time",
    "household": "household",
}
QUALIFIER_LABELS: dict[str, str] = {
    "exact": "exact",
    "more_than": "more than (open-ended)",
    "nearly": "nearly (range below value)",
    "about": "about (range around value)",
}
NO_CJK_MESSAGE = "no CJK font found; falling back to English labels"
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_PER_COLUMN = re.compile(r"_per_(capita|\d+[km]?)$")


# --------------------------------------------------------------------------- style


@contextlib.contextmanager
def paper_context(
    width: Literal["single", "double"] | float = "single",
    *,
    height: float | None = None,
    font_size: float = 9,
    lang: Literal["en", "zh"] = "en",
) -> Iterator[tuple[float, float]]:
    """Matplotlib settings for journal figures, restored on exit.

    ``single`` is a 3.5 in column, ``double`` a 7.2 in page width. Fonts are
    ``font_size`` pt (ticks and legends one point smaller), colours cycle
    through the Okabe–Ito palette, fonts are embedded as TrueType (``pdf.fonttype``
    42) and SVG text is stored as paths with a fixed hash salt, so saved files
    are byte-for-byte repeatable. ``lang="zh"`` is for Chinese labels: it requires the
    project's CJK font (Noto Sans CJK SC, see :mod:`unionanalysis.fonts`) and fails
    clearly where it is missing. Yields the figure size in inches.
    """
    if isinstance(width, str):
        if width not in PAPER_WIDTHS:
            raise ValueError(
                f"paper_context: width must be 'single', 'double' or inches, got {width!r}"
            )
        size = (PAPER_WIDTHS[width], height or _PAPER_HEIGHTS[width])
    else:
        size = (float(width), height or float(width) * 0.75)
    if lang not in ("en", "zh"):
        raise ValueError(f"paper_context: lang must be 'en' or 'zh', got {lang!r}")
    sans = ["DejaVu Sans"]
    if lang == "zh":
        from unionanalysis.fonts import require_cjk_font

        require_cjk_font()
        find_cjk_font.cache_clear()
    cjk = find_cjk_font()
    if cjk is not None and lang == "zh":
        sans.insert(0, cjk)  # CJK first: a fallback after DejaVu loses to its tofu boxes
    elif cjk is not None:
        sans.append(cjk)  # fallback for Chinese characters
    small = font_size - 1
    rc: dict[str, Any] = {
        "figure.figsize": size,
        "figure.constrained_layout.use": True,
        "savefig.dpi": 300,
        "font.family": "sans-serif",
        "font.sans-serif": sans,
        "font.size": font_size,
        "axes.labelsize": font_size,
        "axes.titlesize": font_size + 1,
        "figure.titlesize": font_size + 1,
        "xtick.labelsize": small,
        "ytick.labelsize": small,
        "legend.fontsize": small,
        "legend.title_fontsize": small,
        "legend.frameon": False,
        "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
        "image.cmap": "cividis",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "lines.linewidth": 1.0,
        "lines.markersize": 4,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "unionanalysis",
    }
    with mpl.rc_context(rc):
        yield size


# --------------------------------------------------------------------------- fonts and labels


@functools.lru_cache(maxsize=8)
def find_cjk_font(sample: str = "工会") -> str | None:
    """Family name of an installed font that has every character of ``sample``, or None.

    Matplotlib's "Last Resort" font maps every character to a box, so it does
    not count. Fonts are tried in name order, so the choice is repeatable.
    """
    codes = [ord(c) for c in sample]
    # Simplified Chinese faces first, so a collection with JP/KR/TC faces gives SC glyphs
    entries = sorted(
        font_manager.fontManager.ttflist,
        key=lambda f: (not f.name.endswith(" SC"), f.name, f.fname),
    )
    for entry in entries:
        if "last resort" in entry.name.lower():
            continue
        try:
            charmap = ft2font.FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if all(code in charmap for code in codes):
            return entry.name
    return None


def _has_cjk(values: Sequence[Any]) -> bool:
    return any(isinstance(v, str) and _CJK.search(v) for v in values)


def _counterpart(column: str, lang: str) -> str | None:
    for zh, en in (("_zh", "_en"),):
        if lang == "en" and column.endswith(zh):
            return column[: -len(zh)] + en
        if lang == "zh" and column.endswith(en):
            return column[: -len(en)] + zh
    return None


def _label_column(frame: pd.DataFrame, column: str, lang: str) -> tuple[str, str | None]:
    """The column to label with, and the CJK font family to draw it with (if needed).

    ``lang="zh"`` swaps ``*_en`` for ``*_zh``. Chinese text is drawn only when a
    CJK font exists; otherwise a ``UserWarning`` is issued and the English
    counterpart column is used.
    """
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    if lang == "zh":
        swapped = _counterpart(column, "zh")
        if swapped is not None and swapped in frame.columns:
            column = swapped
    if column not in frame.columns:
        raise KeyError(f"the frame has no column {column!r} to label with")
    values = frame[column].dropna().astype(str).tolist()
    if not _has_cjk(values):
        return column, None
    font = find_cjk_font()
    if font is not None:
        return column, font
    english = _counterpart(column, "en")
    if english is None or english not in frame.columns:
        raise ValueError(
            f"{NO_CJK_MESSAGE}: but column {column!r} has Chinese text and no English "
            "counterpart; install a CJK font (e.g. Noto Sans CJK) or label another column"
        )
    warnings.warn(NO_CJK_MESSAGE, UserWarning, stacklevel=3)
    return english, None


def _use_font(texts: Sequence[Any], font: str | None) -> None:
    if font is not None:
        for text in texts:
            text.set_fontfamily([font, "DejaVu Sans"])


def unit_label(unit: str, *, per: int | None = None, annualised: bool = False) -> str:
    """Readable unit for axis labels.

    ``unit_label("person_time", per=10_000)`` gives 'person-times per 10,000
    residents'. Also reads the ``yuan_per_<unit>`` units of :func:`per_beneficiary`.
    """
    if unit.startswith("yuan_per_") and unit[len("yuan_per_") :] in _SINGULAR:
        text = f"yuan per {_SINGULAR[unit[len('yuan_per_') :]]}"
    elif unit in UNIT_LABELS:
        text = UNIT_LABELS[unit]
    else:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNIT_LABELS)}")
    if per is not None:
        text += " per resident" if per == 1 else f" per {per:,} residents"
    if annualised:
        text += " per year"
    return text


def _per_from_column(column: str) -> int | None:
    match = _PER_COLUMN.search(column)
    if match is None:
        return None
    label = match.group(1)
    if label == "capita":
        return 1
    factor = {"k": 1_000, "m": 1_000_000}.get(label[-1], 1)
    return int(label.rstrip("km")) * factor


def _frame_unit(frame: pd.DataFrame, unit: str | None) -> str:
    if unit is not None:
        return unit
    if "unit" not in frame.columns:
        raise KeyError("the frame has no 'unit' column; pass unit= so the axis can say it")
    units = sorted(set(frame["unit"].dropna().astype(str)))
    if len(units) != 1:
        raise UnitMixError(
            f"one axis cannot show figures in {len(units)} units ({', '.join(units) or 'none'}); "
            "select one unit or draw one panel per unit"
        )
    return units[0]


def axis_label(
    frame: pd.DataFrame, column: str = "value", *, label: str | None = None, unit: str | None = None
) -> str:
    """'<what> (<unit>)' for an axis showing ``column`` of ``frame``.

    ``what`` is ``label`` if given, else the frame's single indicator in words,
    else 'Value'. The unit reads per-capita columns (``value_per_10k``) and
    annualised frames.
    """
    text = _frame_unit(frame, unit)
    annualised = "annualised" in frame.columns and bool(frame["annualised"].fillna(False).any())
    unit_text = unit_label(text, per=_per_from_column(column), annualised=annualised)
    if label is None:
        if "beneficiary_unit" in frame.columns:
            label = "Funds per beneficiary"
        elif "indicator" in frame.columns and frame["indicator"].nunique() == 1:
            label = str(frame["indicator"].dropna().iloc[0]).replace("_", " ").capitalize()
        else:
            label = "Value"
    return f"{label} ({unit_text})"


# --------------------------------------------------------------------------- drawing bounds


def _bound_columns(column: str, low: str | None, high: str | None) -> tuple[str, str]:
    if low is None or high is None:
        if column.startswith("value"):
            rest = column[len("value") :]
            low, high = low or f"value_low{rest}", high or f"value_high{rest}"
        else:
            low, high = low or f"{column}_low", high or f"{column}_high"
    return low, high


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as floats, rounded to the precision policy before anything draws it."""
    return round_array(pd.to_numeric(frame[column], errors="coerce").astype("float64"))


def _draw_bounded(
    ax: Axes,
    positions: np.ndarray,
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    qualifier: np.ndarray,
    color: str,
    orient: Literal["h", "v"],
) -> None:
    """Points at ``value``, lines over [low, high], caps and arrowheads by qualifier."""

    def xy(along: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (along, pos) if orient == "h" else (pos, along)

    ranged = np.isfinite(low) & np.isfinite(high) & (high > low)
    if ranged.any():
        if orient == "h":
            lines = ax.hlines(positions[ranged], low[ranged], high[ranged], colors=color, lw=1)
        else:
            lines = ax.vlines(positions[ranged], low[ranged], high[ranged], colors=color, lw=1)
        lines.set_gid("bounds-interval")
    cap = "|" if orient == "h" else "_"
    capped = ranged & np.isin(qualifier, ["nearly", "about"])
    ends = [(low, capped), (high, ranged & (qualifier == "about"))]
    for along, which in ends:
        if which.any():
            (mark,) = ax.plot(
                *xy(along[which], positions[which]),
                ls="none",
                marker=cap,
                color=color,
                markersize=5,
            )
            mark.set_gid("bounds-cap")
    (points,) = ax.plot(
        *xy(value, positions), ls="none", marker="o", color=color, markersize=4, zorder=3
    )
    points.set_gid("bounds-point")
    open_ended = qualifier == "more_than"
    if open_ended.any():
        tip = np.where(np.isfinite(high), high, value)
        (arrows,) = ax.plot(
            *xy(tip[open_ended], positions[open_ended]),
            ls="none",
            marker=">" if orient == "h" else "^",
            color=color,
            markersize=4,
            zorder=3,
        )
        arrows.set_gid("bounds-open")


class _QualifierKey:
    """Legend proxy for one qualifier's glyph."""

    def __init__(self, qualifier: str, orient: str) -> None:
        self.qualifier = qualifier
        self.orient = orient


class _QualifierHandler(HandlerBase):
    """Draws the qualifier glyph (point, range, caps, arrowhead) in a legend entry."""

    def create_artists(
        self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
    ):
        q, orient = orig_handle.qualifier, orig_handle.orient
        if orient == "h":
            start, stop, across = -xdescent, width - xdescent, height / 2 - ydescent

            def at(t: float) -> tuple[list[float], list[float]]:
                return [start + t * (stop - start)], [across]
        else:
            start, stop, across = -ydescent, height - ydescent, width / 2 - xdescent

            def at(t: float) -> tuple[list[float], list[float]]:
                return [across], [start + t * (stop - start)]

        cap = "|" if orient == "h" else "_"
        tip = ">" if orient == "h" else "^"
        spans = {"more_than": (0.2, 1.0), "nearly": (0.0, 0.8), "about": (0.0, 1.0)}
        marks = {
            "exact": [(0.5, "o")],
            "more_than": [(0.2, "o"), (1.0, tip)],
            "nearly": [(0.0, cap), (0.8, "o")],
            "about": [(0.0, cap), (0.5, "o"), (1.0, cap)],
        }[q]
        artists: list[Line2D] = []
        if q in spans:
            (x0, y0), (x1, y1) = at(spans[q][0]), at(spans[q][1])
            artists.append(Line2D([*x0, *x1], [*y0, *y1], color="0.2", lw=1))
        for t, marker in marks:
            artists.append(
                Line2D(
                    *at(t),
                    ls="none",
                    marker=marker,
                    color="0.2",
                    markersize=5 if marker == cap else 4,
                )
            )
        for artist in artists:
            artist.set_transform(trans)
        return artists


def _legends(
    ax: Axes,
    qualifiers: Sequence[str],
    orient: Literal["h", "v"],
    hue_colors: Mapping[str, str] | None,
    font: str | None,
    extra: Sequence[tuple[Any, str]] = (),
    outside: bool = False,
) -> None:
    """One key: the qualifier glyphs, then the ``hue`` colours, then ``extra`` entries.

    A single legend lets ``loc="best"`` keep it off the data (matplotlib does not
    steer a second legend around the first); ``outside`` puts it right of the axes.
    """
    present = [q for q in QUALIFIER_LABELS if q in set(qualifiers)]
    handles: list[Any] = [_QualifierKey(q, orient) for q in present]
    labels = [QUALIFIER_LABELS[q] for q in present]
    colour_texts = range(len(labels), len(labels) + len(hue_colors or {}))
    for level, colour in (hue_colors or {}).items():
        handles.append(Line2D([], [], ls="none", marker="o", color=colour, markersize=4))
        labels.append(level)
    handles.extend(h for h, _ in extra)
    labels.extend(t for _, t in extra)
    key = ax.legend(
        handles,
        labels,
        handler_map={_QualifierKey: _QualifierHandler()},
        loc="upper left" if outside else "best",
        bbox_to_anchor=(1.02, 1.0) if outside else None,
        handleheight=1.6 if orient == "v" else 0.7,
        title=None if hue_colors else "Reported as",  # colour levels name themselves
    )
    texts = key.get_texts()
    _use_font([texts[i] for i in colour_texts], font)
    key.set_gid("legend-key")


def _thousands(axis) -> None:
    """Linear value axes read ``160,000`` rather than ``160000`` (or ``1.6e5``)."""
    lo, hi = axis.get_view_interval()
    if max(abs(lo), abs(hi)) >= 10_000:
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _colors(
    levels: Sequence[str], palette: Sequence[str] | Mapping[str, str] | None
) -> dict[str, str]:
    if isinstance(palette, Mapping):
        missing = [level for level in levels if level not in palette]
        if missing:
            raise KeyError(f"palette has no colour for {', '.join(missing)}")
        return {level: palette[level] for level in levels}
    colours = list(palette or OKABE_ITO)
    return {level: colours[i % len(colours)] for i, level in enumerate(levels)}


def _single_colour(palette: Sequence[str] | Mapping[str, str] | None) -> str:
    if palette is None or isinstance(palette, Mapping) or not len(palette):
        return OKABE_ITO[0]
    return palette[0]


def _drop_missing(frame: pd.DataFrame, column: str, name_column: str | None) -> pd.DataFrame:
    missing = frame[column].isna()
    if missing.any():
        source = frame.loc[missing, name_column] if name_column else frame.index[missing]
        warnings.warn(
            f"rows without {column} left out: {', '.join(map(str, source))}",
            UserWarning,
            stacklevel=3,
        )
    return frame.loc[~missing]


def _check_log(low: np.ndarray, value: np.ndarray, column: str) -> None:
    smallest = np.nanmin(np.concatenate([low, value])) if len(value) else 1.0
    if smallest <= 0:
        raise ValueError(f"log scale needs positive {column} and bounds; smallest is {smallest}")


def _hue_levels(frame: pd.DataFrame, hue: str | None, order: Sequence[str] | None) -> list[str]:
    if hue is None:
        return []
    if order is not None:
        return [str(h) for h in order]
    return list(dict.fromkeys(frame[hue].astype(str)))


# --------------------------------------------------------------------------- public plots


def plot_values(
    frame: pd.DataFrame,
    *,
    x: str = "value",
    y: str = "place_en",
    hue: str | None = None,
    ax: Axes | None = None,
    log: bool = False,
    lang: Literal["en", "zh"] = "en",
    order: Sequence[str] | None = None,
    hue_order: Sequence[str] | None = None,
    sort: bool = False,
    palette: Sequence[str] | Mapping[str, str] | None = None,
    label: str | None = None,
    unit: str | None = None,
    low: str | None = None,
    high: str | None = None,
    dodge: float = 0.3,
    legend: bool | Literal["outside"] = True,
) -> Axes:
    """Dot-and-interval chart: one row of the frame is one point on a category line.

    ``x`` is the value column; its bounds are ``value_low``/``value_high`` (or
    the matching per-capita columns such as ``value_low_per_10k``) unless
    ``low``/``high`` are given. ``y`` names the categories (English place names
    by default; ``lang="zh"`` uses ``place_zh`` when a CJK font exists). Rows
    sharing a ``y`` category are spread by ``hue``. ``more_than`` rows end in an
    arrowhead at ``value_high``; ``nearly`` and ``about`` rows carry caps at the
    interval ends. ``sort=True`` orders categories by their largest value. Rows
    with a missing ``x`` are left out with a warning. ``legend="outside"`` puts
    the keys to the right of the axes, for crowded panels.
    """
    low, high = _bound_columns(x, low, high)
    y, font = _label_column(frame, y, lang)
    hue_font = None
    if hue is not None:
        hue, hue_font = _label_column(frame, hue, lang)
    axis_text = axis_label(frame, x, label=label, unit=unit)
    data = _drop_missing(frame, x, y)
    if order is None:
        if sort:
            best = data.groupby(data[y].astype(str), sort=False)[x].max()
            order = list(best.sort_values(ascending=False, kind="stable").index)
        else:
            order = list(dict.fromkeys(data[y].astype(str)))
    order = [str(o) for o in order]
    outside = sorted(set(data[y].astype(str)) - set(order))
    if outside:
        raise ValueError(f"plot_values: order misses categories {', '.join(outside)}")
    if ax is None:
        _, ax = plt.subplots()
    levels = _hue_levels(data, hue, hue_order)
    colours = _colors(levels, palette) if hue else {"": _single_colour(palette)}
    position = {name: i for i, name in enumerate(order)}
    values, lows, highs = _numbers(data, x), _numbers(data, low), _numbers(data, high)
    if log:
        _check_log(lows, values, x)
    qualifier = data["qualifier"].astype(str).to_numpy()
    base = data[y].astype(str).map(position).to_numpy(dtype=float)
    groups = data[hue].astype(str).to_numpy() if hue else np.full(len(data), "")
    for i, level in enumerate(colours):
        shift = 0.0 if len(colours) == 1 else dodge * (i / (len(colours) - 1) - 0.5)
        rows = groups == level
        if rows.any():
            _draw_bounded(
                ax,
                base[rows] + shift,
                values[rows],
                lows[rows],
                highs[rows],
                qualifier[rows],
                colours[level],
                "h",
            )
    ax.set_yticks(range(len(order)), labels=order)
    _use_font(ax.get_yticklabels(), font)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel(axis_text)
    ax.set_ylabel("")
    if log:
        ax.set_xscale("log")
    else:
        _thousands(ax.xaxis)
    if legend:
        outside = legend == "outside"
        _legends(ax, qualifier, "h", colours if hue else None, hue_font, outside=outside)
    return ax


def plot_series(
    frame: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "value",
    hue: str | None = None,
    ax: Axes | None = None,
    log: bool = False,
    lang: Literal["en", "zh"] = "en",
    hue_order: Sequence[str] | None = None,
    palette: Sequence[str] | Mapping[str, str] | None = None,
    label: str | None = None,
    unit: str | None = None,
    low: str | None = None,
    high: str | None = None,
    connect: bool = True,
    legend: bool | Literal["outside"] = True,
) -> Axes:
    """A time series with each point's interval drawn vertically.

    Points at ``y`` are joined by a thin line per ``hue`` group (``connect``);
    ``more_than`` points end in an upward arrowhead at ``value_high``. Rows
    without ``x`` (e.g. unknown year) are left out with a warning.
    """
    low, high = _bound_columns(y, low, high)
    hue_font = None
    if hue is not None:
        hue, hue_font = _label_column(frame, hue, lang)
    axis_text = axis_label(frame, y, label=label, unit=unit)
    name = "metric_id" if "metric_id" in frame.columns else None
    data = _drop_missing(_drop_missing(frame, x, name), y, name)
    if ax is None:
        _, ax = plt.subplots()
    levels = _hue_levels(data, hue, hue_order)
    colours = _colors(levels, palette) if hue else {"": _single_colour(palette)}
    groups = data[hue].astype(str).to_numpy() if hue else np.full(len(data), "")
    qualifier = data["qualifier"].astype(str).to_numpy()
    xs, values = _numbers(data, x), _numbers(data, y)
    lows, highs = _numbers(data, low), _numbers(data, high)
    if log:
        _check_log(lows, values, y)
    for level, colour in colours.items():
        rows = groups == level
        if not rows.any():
            continue
        ordering = np.argsort(xs[rows], kind="stable")
        if connect:
            (line,) = ax.plot(
                xs[rows][ordering], values[rows][ordering], color=colour, lw=0.8, zorder=2
            )
            line.set_gid("series-line")
        _draw_bounded(
            ax, xs[rows], values[rows], lows[rows], highs[rows], qualifier[rows], colour, "v"
        )
    if x == "year" or pd.api.types.is_integer_dtype(data[x]):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Year" if x == "year" else x.replace("_", " ").capitalize())
    ax.set_ylabel(axis_text)
    if log:
        ax.set_yscale("log")
    else:
        _thousands(ax.yaxis)
    if legend:
        outside = legend == "outside"
        _legends(ax, qualifier, "v", colours if hue else None, hue_font, outside=outside)
    return ax


def _population_label(frame: pd.DataFrame, x: str) -> str:
    if x != "population":
        return x.replace("_", " ").capitalize()
    basis = None
    if "population_basis" in frame.columns:
        bases = sorted(set(frame["population_basis"].dropna().astype(str)))
        basis = ", ".join(b.replace("_", " ") for b in bases) or None
    return "Population (persons" + (f", {basis})" if basis else ")")


def _predict(
    fit: Any, x: str, grid: np.ndarray, alpha: float, xtransform: Callable | None
) -> pd.DataFrame:
    """Mean prediction and its confidence band from a statsmodels results object."""
    model = fit.model
    if getattr(model, "formula", None):
        exog: Any = pd.DataFrame({x: grid})
    else:
        if model.exog.shape[1] != 2:
            raise ValueError(
                "plot_scatter_fit: an array-based model must have exactly a constant and x; "
                "fit it with the formula API to use transforms or more terms"
            )
        column = xtransform(grid) if xtransform else grid
        exog = np.column_stack([np.ones_like(grid), column])
    frame = fit.get_prediction(exog).summary_frame(alpha=alpha)
    return frame[["mean", "mean_ci_lower", "mean_ci_upper"]]


def plot_scatter_fit(
    frame: pd.DataFrame,
    fit: Any = None,
    *,
    x: str = "population",
    y: str = "value",
    ax: Axes | None = None,
    logx: bool = True,
    logy: bool = True,
    inverse: Callable[[np.ndarray], np.ndarray] | None = None,
    xtransform: Callable[[np.ndarray], np.ndarray] | None = None,
    alpha: float = 0.05,
    annotate: str | None = None,
    lang: Literal["en", "zh"] = "en",
    label: str | None = None,
    unit: str | None = None,
    low: str | None = None,
    high: str | None = None,
    n_grid: int = 100,
    legend: bool | Literal["outside"] = True,
) -> Axes:
    """Figures against population with their bounds, plus a fitted line and CI band.

    ``fit`` is a statsmodels results object. With the formula API (e.g.
    ``smf.ols("np.log(value) ~ np.log(population)", data).fit()``) predictions
    are made from ``x`` directly; pass ``inverse=np.exp`` to draw a logged
    response on the original scale. A model fitted on arrays must hold a
    constant and one column, ``xtransform(x)``. The band is the
    ``1 - alpha`` confidence interval of the mean. ``annotate`` names a column
    (e.g. ``place_en``) to label points with.
    """
    low, high = _bound_columns(y, low, high)
    axis_text = axis_label(frame, y, label=label, unit=unit)
    data = _drop_missing(_drop_missing(frame, x, annotate), y, annotate)
    font = None
    if annotate is not None:
        annotate, font = _label_column(data, annotate, lang)
    if ax is None:
        _, ax = plt.subplots()
    xs, values = _numbers(data, x), _numbers(data, y)
    lows, highs = _numbers(data, low), _numbers(data, high)
    if logy:
        _check_log(lows, values, y)
    if logx and len(xs) and np.nanmin(xs) <= 0:
        raise ValueError(f"log scale needs positive {x}")
    qualifier = data["qualifier"].astype(str).to_numpy()
    _draw_bounded(ax, xs, values, lows, highs, qualifier, OKABE_ITO[0], "v")
    extra: list[tuple[Any, str]] = []
    if fit is not None and len(xs):
        lo, hi = float(np.nanmin(xs)), float(np.nanmax(xs))
        grid = np.geomspace(lo, hi, n_grid) if logx else np.linspace(lo, hi, n_grid)
        grid = round_array(grid)
        predicted = _predict(fit, x, grid, alpha, xtransform)
        back = inverse or (lambda v: v)

        def curve(column: str) -> np.ndarray:
            return round_array(back(predicted[column].to_numpy()))

        mean = curve("mean")
        band = ax.fill_between(
            grid,
            curve("mean_ci_lower"),
            curve("mean_ci_upper"),
            color=OKABE_ITO[2],
            alpha=0.3,
            lw=0,
        )
        band.set_gid("fit-ci")
        (line,) = ax.plot(grid, mean, color=OKABE_ITO[4], lw=1.2)
        line.set_gid("fit-line")
        level = round(100 * (1 - alpha))
        extra = [(line, "fitted mean"), (band, f"{level}% CI of the mean")]
    if annotate is not None:
        for text, px, py in zip(data[annotate].astype(str), xs, values, strict=True):
            note = ax.annotate(
                text, (px, py), xytext=(3, 3), textcoords="offset points", fontsize="small"
            )
            _use_font([note], font)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(_population_label(data, x))
    ax.set_ylabel(axis_text)
    if legend:
        _legends(ax, qualifier, "v", None, None, extra, outside=legend == "outside")
    return ax


def plot_estimates(
    frame: pd.DataFrame,
    *,
    x: str = "estimate",
    y: str = "response",
    low: str = "ci_low",
    high: str = "ci_high",
    ax: Axes | None = None,
    reference: float | None = None,
    label: str = "Estimate with confidence interval",
    color: str | None = None,
) -> Axes:
    """Forest plot: one row per estimate, drawn as a point with its interval.

    Made for :func:`unionanalysis.models.bounds_sensitivity` tables (one row per
    response: value, value_low, value_high). ``reference`` draws a dashed
    vertical line (e.g. 1 for a proportional elasticity, 0 for no growth).
    """
    for col in (x, y, low, high):
        if col not in frame.columns:
            raise KeyError(f"plot_estimates: the frame has no column {col!r}")
    if ax is None:
        _, ax = plt.subplots()
    pos = np.arange(len(frame))
    est, lows, highs = _numbers(frame, x), _numbers(frame, low), _numbers(frame, high)
    err = round_array(np.vstack([est - lows, highs - est]))
    ax.errorbar(est, pos, xerr=err, fmt="o", capsize=2, color=color or OKABE_ITO[0], lw=1)
    if reference is not None:
        ax.axvline(reference, color="0.5", lw=0.8, ls="--")
    ax.set_yticks(pos, [str(v) for v in frame[y]])
    ax.set_ylim(len(frame) - 0.5, -0.5)
    ax.set_xlabel(label)
    return ax


def _bin_labels(bins: Sequence[int]) -> list[str]:
    labels = []
    for lo, hi in zip(bins, [*bins[1:], None], strict=True):
        if hi is None:
            labels.append(f"{lo}+")
        elif hi - lo == 1:
            labels.append(str(lo))
        else:
            labels.append(f"{lo}\u2013{hi - 1}")
    return labels


def plot_coverage(
    frame: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "place_en",
    value: str = "figures",
    ax: Axes | None = None,
    order: Sequence[str] | None = None,
    columns: Sequence[int] | None = None,
    undated: bool = True,
    group: str | Mapping[str, Any] | None = None,
    group_labels: bool = True,
    bins: Sequence[int] = (1, 2, 3, 6),
    lang: Literal["en", "zh"] = "en",
    legend: bool | Literal["outside", "top"] = True,
    what: str = "figures",
) -> Axes:
    """A place × year grid: one filled cell where a place reports something in a year.

    ``frame`` is a :func:`unionanalysis.coverage.coverage` table (or any frame
    with ``x``, ``y`` and ``value``). Cells are coloured by ``value`` (figures per
    place and year by default) in the ``bins`` given (1, 2, 3–5, 6+). Rows with a
    missing ``x`` (undated figures) go in a last column marked "undated" when
    ``undated`` is true. ``order`` fixes the rows (top to bottom) so panels of
    several measures can share them; ``columns`` fixes the years shown (every
    year from the first to the last by default, so gaps show). With ``group``
    (a column such as ``province_en``, or a mapping from row label to group for
    panels whose rows are not all in their own frame), thin lines separate
    groups of consecutive rows and, with ``group_labels``, each group is named
    right of the grid. ``legend="top"`` puts the key above the whole figure.
    """
    y, font = _label_column(frame, y, lang)
    for column in (x, value):
        if column not in frame.columns:
            raise KeyError(f"plot_coverage: the frame has no column {column!r}")
    if len(bins) < 1 or list(bins) != sorted(set(bins)) or bins[0] < 1:
        raise ValueError(f"plot_coverage: bins must be increasing positive integers, got {bins}")
    data = frame.loc[frame[y].notna()]
    labels = data[y].astype(str)
    rows = [str(o) for o in order] if order is not None else list(dict.fromkeys(labels))
    unknown = sorted(set(labels) - set(rows))
    if unknown:
        raise ValueError(f"plot_coverage: order misses rows {', '.join(unknown[:5])}")
    years = pd.to_numeric(data[x], errors="coerce")
    if columns is None:
        dated = years.dropna()
        columns = list(range(int(dated.min()), int(dated.max()) + 1)) if len(dated) else []
    columns = [int(c) for c in columns]
    outside = sorted({int(v) for v in years.dropna()} - set(columns))
    if outside:
        raise ValueError(f"plot_coverage: columns miss years {', '.join(map(str, outside))}")
    has_undated = bool(undated)
    col_index = {c: i for i, c in enumerate(columns)}
    n_cols = len(columns) + (1 if has_undated else 0)
    grid = np.zeros((len(rows), n_cols))
    row_index = {name: i for i, name in enumerate(rows)}
    amounts = pd.to_numeric(data[value], errors="coerce").fillna(0).to_numpy(dtype=float)
    for name, year, amount in zip(labels, years, amounts, strict=True):
        if pd.isna(year):
            if not has_undated:
                continue
            j = n_cols - 1
        else:
            j = col_index[int(year)]
        grid[row_index[name], j] += amount
    colours = plt.get_cmap("cividis")(np.linspace(0.15, 0.95, len(bins)))
    cmap = ListedColormap(colours)
    edges = [*bins, max(bins[-1] + 1, float(grid.max()) + 1)]
    norm = BoundaryNorm(edges, cmap.N)
    if ax is None:
        _, ax = plt.subplots()
    masked = np.ma.masked_less(grid, bins[0])
    mesh = ax.pcolormesh(
        np.arange(n_cols + 1) - 0.5,
        np.arange(len(rows) + 1) - 0.5,
        masked,
        cmap=cmap,
        norm=norm,
        edgecolors="white",
        linewidth=0.3,
    )
    mesh.set_gid("coverage-cells")
    ticks = [str(c) for c in columns] + (["undated"] if has_undated else [])
    step = max(1, int(np.ceil(len(ticks) / 14)))
    shown = [i for i in range(n_cols) if i % step == 0 or (has_undated and i == n_cols - 1)]
    ax.set_xticks(shown, [ticks[i] for i in shown], rotation=90)
    ax.set_yticks(range(len(rows)), labels=rows)
    _use_font(ax.get_yticklabels(), font)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    if has_undated:
        ax.axvline(n_cols - 1.5, color="0.4", lw=0.6)
    ax.set_xlabel("Year" if x == "year" else x.replace("_", " ").capitalize())
    ax.tick_params(axis="both", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if group is not None:
        if isinstance(group, Mapping):
            names = [group.get(r) for r in rows]
            group_font = None
        else:
            if group not in frame.columns:
                raise KeyError(f"plot_coverage: the frame has no column {group!r}")
            group_col, group_font = group, None
            if group_labels:
                group_col, group_font = _label_column(frame, group, lang)
            first_rows = data.assign(_row=labels).drop_duplicates("_row").set_index("_row")
            names = [first_rows[group_col].get(r) for r in rows]
        names = [None if n is None or pd.isna(n) else str(n) for n in names]
        starts = [i for i in range(len(rows)) if i == 0 or names[i] != names[i - 1]]
        for start in starts[1:]:
            separator = ax.axhline(start - 0.5, color="0.6", lw=0.4)
            separator.set_gid("coverage-group")
        if group_labels:
            ends = [*starts[1:], len(rows)]
            for start, end in zip(starts, ends, strict=True):
                note = ax.text(
                    1.01,
                    (start + end - 1) / 2,
                    names[start] or "",
                    transform=ax.get_yaxis_transform(),
                    va="center",
                    ha="left",
                    fontsize="small",
                    color="0.3",
                )
                _use_font([note], group_font)
    if legend:
        handles = [Patch(facecolor=c, edgecolor="none") for c in colours]
        if legend == "top":
            key = ax.figure.legend(
                handles,
                _bin_labels(bins),
                title=what,
                loc="outside upper center",
                ncols=len(handles),
            )
        else:
            key = ax.legend(
                handles,
                _bin_labels(bins),
                title=what,
                loc="upper left" if legend == "outside" else "best",
                bbox_to_anchor=(1.02, 1.0) if legend == "outside" else None,
            )
        key.set_gid("legend-key")
    return ax


def plot_values_facets(
    frame: pd.DataFrame,
    *,
    col: str,
    y: str = "place_en",
    fig: Any = None,
    col_order: Sequence[str] | None = None,
    order: Sequence[str] | None = None,
    sort: bool = True,
    x: str = "value",
    legend: bool | Literal["outside"] = "outside",
    wrap: int = 20,
    **kwargs: Any,
) -> list[Axes]:
    """:func:`plot_values` once per level of ``col``, side by side on shared rows.

    For comparisons such as programme families across provinces: every panel
    lists the same ``y`` categories in the same order (by default sorted by
    each category's largest ``x`` over all panels, largest on top), so a row
    reads across. Levels of ``col`` without rows are left out. The legend goes
    on the last panel; titles and axis labels wrap at ``wrap`` characters, and
    all panels share one value axis. Other keyword arguments go to
    :func:`plot_values`.
    Returns the Axes, one per panel.
    """
    if col not in frame.columns:
        raise KeyError(f"plot_values_facets: the frame has no column {col!r}")
    data = _drop_missing(frame, x, y if y in frame.columns else None)
    present = list(dict.fromkeys(data[col].astype(str)))
    if col_order is None:
        levels = (
            [str(c) for c in data[col].cat.categories if str(c) in present]
            if isinstance(data[col].dtype, pd.CategoricalDtype)
            else sorted(present)
        )
    else:
        levels = [str(c) for c in col_order if str(c) in present]
    if order is None:
        labels = data[y].astype(str)
        if sort:
            best = data.groupby(labels, sort=False)[x].max()
            order = list(best.sort_values(ascending=False, kind="stable").index)
        else:
            order = list(dict.fromkeys(labels))
    if fig is None:
        fig = plt.figure()
    axes = fig.subplots(1, len(levels), sharey=True, sharex=True, squeeze=False)[0]
    for i, (ax, level) in enumerate(zip(axes, levels, strict=True)):
        part = data.loc[data[col].astype(str) == level]
        plot_values(
            part,
            x=x,
            y=y,
            ax=ax,
            order=order,
            legend=legend if i == len(levels) - 1 else False,
            **kwargs,
        )
        # narrow panels: wrap the title and the axis label rather than let them overlap
        ax.set_title(textwrap.fill(level, wrap), fontsize="medium")
        ax.set_xlabel(textwrap.fill(ax.get_xlabel(), wrap))
        if i:
            ax.tick_params(axis="y", left=False)
    return list(axes)
