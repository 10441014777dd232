"""Where the project's folders and the raw source texts live.

The raw articles are third-party material kept outside the repository. Code
finds them through ``UNIONANALYSIS_SOURCES``; without it, ``../shared/sources``
beside the project is used when present.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["LOADER_FILES", "PROJECT_ROOT", "data_dir", "figures_dir", "sources_dir"]

SOURCES_ENV = "UNIONANALYSIS_SOURCES"
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Which files in data/ each loader of unionanalysis.dataset reads. Kept here, in a
# module without pandas, so the build can tell which notebooks a data change affects
# without importing the loaders.
LOADER_FILES: dict[str, tuple[str, ...]] = {
    "load_metrics": ("metrics.csv", "datapackage.json"),
    "load_sources": ("sources.csv", "datapackage.json"),
    "load_places": ("places.csv", "datapackage.json"),
    "load_exclusions": ("exclusions.csv", "datapackage.json"),
}


def data_dir() -> Path:
    """The curated tables (``data/``), overridable by ``UNIONANALYSIS_DATA``."""
    return Path(os.environ.get("UNIONANALYSIS_DATA", PROJECT_ROOT / "data"))


def figures_dir() -> Path:
    """Where figures and tables go, overridable by ``UNIONANALYSIS_FIGURES``."""
    return Path(os.environ.get("UNIONANALYSIS_FIGURES", PROJECT_ROOT / "figures"))


def sources_dir(required: bool = False) -> Path | None:
    """The folder of raw article texts, or ``None`` when it is not available.

    With ``required=True`` a missing folder raises ``FileNotFoundError`` that
    says how to point the project at the texts.
    """
    env = os.environ.get(SOURCES_ENV)
    path = Path(env) if env else PROJECT_ROOT.parent / "shared" / "sources"
    if path.is_dir():
        return path
    if required:
        raise FileNotFoundError(
            f"raw source texts not found at {path}; set {SOURCES_ENV} to the folder "
            "that holds manifest.tsv, seeds/ and corpus/"
        )
    return None
