"""The code's vocabularies are the schema's."""

from __future__ import annotations

from unionanalysis import codes
from unionanalysis.paths import PROJECT_ROOT
from unionanalysis.quantities import UNITS as EXTRACTOR_UNITS
from unionanalysis.schema import read_package


def test_codes_match_the_data_package():
    package = read_package(PROJECT_ROOT / "data")
    metrics, places = package["metrics"], package["places"]
    assert codes.LEVELS == metrics.field("place_level").enum == places.field("level").enum
    assert codes.MEASURES == metrics.field("measure").enum
    assert codes.QUALIFIERS == metrics.field("qualifier").enum
    assert codes.PERIOD_KINDS == metrics.field("period_kind").enum
    assert codes.UNITS == metrics.field("unit").enum
    assert EXTRACTOR_UNITS == (*codes.UNITS, "unknown")
