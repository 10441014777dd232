"""Rows as an interactive table (sortable, searchable, CSV download), with no network.

itables renders DataTables; in offline mode its JavaScript bundle ships in the Python
package, so tables work on a locked-down machine. The table id is fixed (itables would
otherwise draw a random one), which keeps pages byte-for-byte repeatable.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["TABLE_COLUMNS", "TABLE_OPTIONS", "offline_table", "offline_table_init"]

# What a reader needs to judge a figure, first the id the chart's selection filters on.
TABLE_COLUMNS = (
    "metric_id",
    "place_en",
    "place_zh",
    "year",
    "indicator",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "value_per_10k",
    "reported_text",
    "quote",
    "programme_zh",
    "title",
    "outlet",
    "published",
    "url",
    "source_id",
)
TABLE_OPTIONS = {
    "buttons": ["csvHtml5"],
    "layout": {
        "topStart": "buttons",
        "topEnd": "search",
        "bottomStart": "info",
        "bottomEnd": "paging",
    },
    "maxBytes": 0,  # never downsample: every row is evidence
    "showIndex": False,
    "classes": "display compact",
    "pageLength": 10,
    "lengthMenu": [10, 25, 100, 1000],
}


def offline_table(frame: pd.DataFrame, *, table_id: str) -> str:
    """HTML of a DataTable over ``frame``; needs :func:`offline_table_init` once in the page."""
    from itables import to_html_datatable

    return to_html_datatable(frame, connected=False, table_id=table_id, **TABLE_OPTIONS)


def offline_table_init() -> tuple[str, str]:
    """The page-level HTML that loads itables' bundled DataTables, and the global it sets."""
    from itables import javascript
    from itables import options as itables_options

    html = javascript.generate_init_offline_itables_html(itables_options.dt_bundle)
    return html, javascript._itables_underscore_version()
