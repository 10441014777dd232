"""unionanalysis: curated, cited figures on Chinese trade-union service programmes.

The loaders are re-exported here (``unionanalysis.load_metrics()``) and
imported on first use, so light modules such as :mod:`unionanalysis.text`
do not pull in pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_metrics": "unionanalysis.dataset",
    "load_sources": "unionanalysis.dataset",
    "load_places": "unionanalysis.dataset",
    "load_exclusions": "unionanalysis.dataset",
    "validate_dataset": "unionanalysis.validate",
    "ValidationError": "unionanalysis.schema",
    "clean": "unionanalysis.text",
    "parse_quantity": "unionanalysis.quantities",
    "extract": "unionanalysis.extract",
    "load_candidates": "unionanalysis.engine",
    "save_figure": "unionanalysis.figures",
    "save_table": "unionanalysis.figures",
    "cite": "unionanalysis.papers.cite",
    "explore": "unionanalysis.explorer",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'unionanalysis' has no attribute {name!r}")
