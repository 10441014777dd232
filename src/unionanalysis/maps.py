"""Choropleth maps of China by prefecture: one reported figure per place, bounds kept.

:func:`map_values` picks, for one indicator in one unit, the latest figure of every
prefecture-level place (municipalities count as prefectures) and adds per-10,000 values;
:func:`plot_choropleth` colours each prefecture by it, draws prefectures without a figure as
such (light grey, hatched, in the legend) and cites the boundary data on the figure. County
and district figures are not summed into their prefecture: that would add different
programmes' counts.
"""

from __future__ import annotations

from typing import Literal

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm, Normalize
from matplotlib.patches import Patch

from unionanalysis import analysis
from unionanalysis.boundaries import BOUNDARY_CITATION, boundaries, map_adcode
from unionanalysis.plots import axis_label

__all__ = ["CHINA_ALBERS", "map_values", "plot_choropleth"]

# Albers equal-area conic for China (standard parallels 25° N and 47° N, centred on 105° E).
CHINA_ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=WGS84 +units=m +no_defs"
NO_DATA_COLOUR = "#eeeeee"


def map_values(
    metrics: pd.DataFrame,
    places: pd.DataFrame,
    *,
    indicator: str,
    unit: str | None = None,
    level: str | list[str] = ("prefecture", "province"),
) -> pd.DataFrame:
    """Latest figure of ``indicator`` per prefecture polygon, with per-10,000 columns.

    Rows are keyed by ``map_adcode`` (the polygon's adcode). ``unit`` is required when the
    indicator is reported in several units, since one map cannot mix them. Province figures
    are kept only for municipalities (they are the prefecture there).
    """
    rows = analysis.select(metrics, indicator=indicator, level=list(level))
    units = sorted(set(rows["unit"].dropna().astype(str)))
    if unit is None:
        if len(units) > 1:
            raise analysis.UnitMixError(
                f"map_values: {indicator} is reported in {', '.join(units)}; pass unit="
            )
        unit = units[0] if units else None
    if unit is not None:
        rows = rows.loc[rows["unit"].astype(str) == unit]
    known = set(boundaries()["adcode"])
    rows = rows.assign(map_adcode=[map_adcode(a, known) for a in rows["adcode"]])
    rows = rows.loc[rows["map_adcode"].notna()]
    latest = analysis.latest(rows, by="map_adcode", undated="fallback")
    latest = latest.sort_values("map_adcode", kind="stable")
    out = analysis.per_capita(latest, places, on="adcode")
    return out.reset_index(drop=True)


def plot_choropleth(
    frame: pd.DataFrame,
    column: str = "value",
    *,
    ax: Axes | None = None,
    log: bool | None = None,
    label: str | None = None,
    lang: Literal["en", "zh"] = "en",
    cmap: str = "cividis",
    cite: bool = True,
) -> Axes:
    """Colour every prefecture by ``column`` of ``frame`` (one row per ``map_adcode``).

    Prefectures without a value are drawn light grey and hatched, with a legend entry;
    ``log`` (default: when values span two orders of magnitude) uses a log colour scale. The
    colour bar says the unit (per 10,000 residents for ``value_per_10k``); ``cite`` writes
    the boundary source under the map.
    """
    if "map_adcode" not in frame.columns:
        raise KeyError("plot_choropleth: the frame needs map_adcode; make it with map_values()")
    if frame["map_adcode"].duplicated().any():
        raise ValueError("plot_choropleth: several rows for one prefecture; keep one each")
    shapes = boundaries().to_crs(CHINA_ALBERS)
    provinces = boundaries("province").to_crs(CHINA_ALBERS)
    values = frame.set_index("map_adcode")[column].astype("float64")
    shapes["shown"] = shapes["adcode"].map(values)
    present = shapes["shown"].notna()
    positive = shapes.loc[present, "shown"]
    if log is None:
        log = bool(
            len(positive) and (positive > 0).all() and positive.max() >= 100 * positive.min()
        )
    if ax is None:
        _, ax = plt.subplots()
    shapes.loc[~present].plot(
        ax=ax, color=NO_DATA_COLOUR, edgecolor="#bbbbbb", linewidth=0.1, hatch="////"
    )
    if present.any():
        lo, hi = float(positive.min()), float(positive.max())
        norm = LogNorm(lo, hi) if log and lo > 0 else Normalize(min(lo, 0.0), hi)
        if hi == lo:
            norm = Normalize(lo * 0.9, hi * 1.1 if hi else 1.0)
        shapes.loc[present].plot(
            ax=ax, column="shown", cmap=cmap, norm=norm, edgecolor="#555555", linewidth=0.2
        )
        mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
        bar = ax.figure.colorbar(mappable, ax=ax, shrink=0.6, pad=0.01)
        bar.set_label(axis_label(frame, column, label=label), fontsize="small")
        bar.ax.tick_params(labelsize="x-small")
    provinces.boundary.plot(ax=ax, color="#777777", linewidth=0.3)
    ax.set_axis_off()
    ax.set_aspect("equal")
    missing = Patch(facecolor=NO_DATA_COLOUR, edgecolor="#bbbbbb", hatch="////")
    ax.legend(
        [missing],
        ["无数据" if lang == "zh" else f"no figure ({int((~present).sum())} of {len(shapes)})"],
        loc="lower left",
        fontsize="x-small",
    )
    if cite:
        note = ax.annotate(
            BOUNDARY_CITATION.replace("; cf.", ";\ncf."),
            (1, 0),
            xycoords="axes fraction",
            fontsize=4.5,
            ha="right",
            va="bottom",
            color="0.35",
        )
        note.set_in_layout(False)  # a long source line must not shrink the map
    return ax
