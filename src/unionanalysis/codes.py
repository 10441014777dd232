"""The codebook's vocabularies, for code that needs them without reading data/.

``data/datapackage.json`` is the authority for the tables;
``tests/test_codes.py`` keeps these tuples equal to its enums.
"""

from __future__ import annotations

__all__ = ["LEVELS", "MEASURES", "PERIOD_KINDS", "QUALIFIERS", "UNITS"]

LEVELS = ("national", "province", "prefecture", "county", "district")
MEASURES = ("stations", "people", "funds", "events", "organisations", "members", "other")
QUALIFIERS = ("exact", "more_than", "nearly", "about")
PERIOD_KINDS = ("annual", "cumulative", "campaign", "as_of", "unknown")
UNITS = (
    "yuan",
    "person",
    "person_time",
    "household",
    "facility",
    "organisation",
    "event",
    "item",
    "percent",
    "square_metre",
)
