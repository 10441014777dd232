"""The explorer's map: China by prefecture for one indicator, raw or per 10,000 residents.

A Vega-Lite layer over the same embedded rows as the chart: every prefecture is drawn grey
("no figure"), and those with a figure of the chosen indicator and unit are coloured by the
latest one by the rule of :func:`unionanalysis.maps.map_values` (raw or per 10,000
residents, a control switches). The tooltip gives the place,
year, value with its bounds and qualifier, and the quote. Boundaries are simplified further
than the paper map's, to keep the page small.
"""

from __future__ import annotations

import warnings

import altair as alt
import pandas as pd
import shapely

from unionanalysis import analysis
from unionanalysis.boundaries import BOUNDARY_CITATION, boundaries, map_adcode

__all__ = ["MAP_TOLERANCE", "add_map_keys", "explorer_map"]

MAP_TOLERANCE = 0.05  # degrees (about 5 km): enough for a screen-sized map of China
PER_OPTIONS = ("figure as reported", "per 10,000 residents")


def add_map_keys(rows: pd.DataFrame) -> pd.DataFrame:
    """``map_adcode`` (the polygon a row is drawn on, prefecture rows only) and ``map_key``."""
    known = set(boundaries()["adcode"])
    drawable = rows["place_level"].astype(str).isin(["prefecture", "province"])
    codes = [
        map_adcode(a, known) if d else None for a, d in zip(rows["adcode"], drawable, strict=True)
    ]
    out = rows.assign(map_adcode=pd.array(codes, dtype="string"))
    out["map_key"] = (out["indicator"].astype(str) + " · " + out["unit"].astype(str)).where(
        out["map_adcode"].notna()
    )
    # the row each polygon shows: the latest report, by the rule the paper map uses
    # (maps.map_values), so the page and the figure never disagree
    keyed = out.loc[out["map_key"].notna()]
    chosen: set[str] = set()
    if len(keyed):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # undated rows set aside: the page shows no warnings
            picked = analysis.latest(keyed, by=["map_key", "map_adcode"], undated="fallback")
        chosen = set(picked["metric_id"].astype(str))
    out["map_latest"] = out["metric_id"].astype(str).isin(chosen)
    return out


def _features() -> list[dict]:
    shapes = boundaries(tolerance=MAP_TOLERANCE)
    features = []
    for adcode, name, geometry in zip(
        shapes["adcode"], shapes["name_zh"], shapes.geometry, strict=True
    ):
        rounded = shapely.set_precision(geometry, 0.001)  # three decimals: about 100 m
        geo = shapely.geometry.mapping(rounded)
        features.append(
            {"type": "Feature", "properties": {"adcode": adcode, "name": name}, "geometry": geo}
        )
    return features


def explorer_map(rows: pd.DataFrame, *, width: int = 520) -> alt.LayerChart:
    """The map layer; ``rows`` must come through :func:`add_map_keys`."""
    keys = rows["map_key"].dropna()
    if not len(keys):
        raise ValueError("explorer_map: no row can be drawn on the prefecture map")
    counts = rows.dropna(subset=["map_key"]).groupby("map_key")["map_adcode"].nunique()
    options = sorted(counts.index)
    default = max(options, key=lambda k: (counts[k], k))
    chosen = alt.param(
        name="map_indicator",
        value=default,
        bind=alt.binding_select(options=options, name="map: indicator · unit "),
    )
    per = alt.param(
        name="map_per",
        value=PER_OPTIONS[0],
        bind=alt.binding_radio(options=list(PER_OPTIONS), name="map shows "),
    )
    shapes = alt.Data(values=_features())
    background = (
        alt.Chart(shapes)
        .mark_geoshape(fill="#eeeeee", stroke="#bbbbbb", strokeWidth=0.3)
        .encode(tooltip=[alt.Tooltip("properties.name:N", title="no figure for")])
    )
    shown = (
        alt.Chart(alt.NamedData(name="rows"))  # a lookup needs its layer's data named here
        .transform_filter("datum.map_key == map_indicator && datum.map_latest")
        .transform_calculate(
            shown=f"map_per == '{PER_OPTIONS[1]}' ? datum.value_per_10k : datum.value"
        )
        .transform_filter("isValid(datum.shown)")
        .transform_lookup(
            lookup="map_adcode",
            from_=alt.LookupData(data=shapes, key="properties.adcode", fields=["geometry", "type"]),
        )
        .mark_geoshape(stroke="#555555", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "shown:Q", scale=alt.Scale(type="log", scheme="cividis"), title="value"
            ),
            tooltip=[
                alt.Tooltip("place_en:N", title="place"),
                alt.Tooltip("place_zh:N", title="地名"),
                alt.Tooltip("year:O", title="year"),
                alt.Tooltip("value:Q", title="value", format=","),
                alt.Tooltip("value_low:Q", title="low", format=","),
                alt.Tooltip("value_high:Q", title="high", format=","),
                alt.Tooltip("qualifier:N", title="reported as"),
                alt.Tooltip("value_per_10k:Q", title="per 10,000 residents", format=",.4~g"),
                alt.Tooltip("unit:N", title="unit"),
                alt.Tooltip("quote:N", title="quote"),
                alt.Tooltip("metric_id:N", title="metric"),
            ],
        )
    )
    return (
        alt.layer(background, shown)
        .project(type="conicEqualArea", parallels=[25, 47], rotate=[-105, 0, 0])
        .add_params(chosen, per)
        .properties(
            width=width,
            height=int(width * 0.75),
            title=alt.TitleParams(
                "Latest figure per prefecture (grey: no figure)", subtitle=BOUNDARY_CITATION
            ),
        )
    )
