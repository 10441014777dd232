"""The explorer as one standalone HTML page: chart, rows and libraries all inline.

Vega, Vega-Lite and vega-embed come from vl-convert's bundle and DataTables from itables'
offline bundle, so the page opens from ``file://`` with no network. Every curated row is
embedded once, in the chart's data; the table below the chart lists the same rows and
narrows to the points a reader selects. The page is the same bytes for the same rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from unionanalysis.build.state import atomic_write_bytes
from unionanalysis.explorer.chart import SELECTION, explorer_chart
from unionanalysis.explorer.rows import explorer_rows
from unionanalysis.explorer.table import TABLE_COLUMNS, offline_table, offline_table_init

__all__ = ["TABLE_ID", "explorer_page", "write_explorer_page"]

TABLE_ID = "explorer-rows"
TITLE = "unionanalysis explorer"
INTRO = (
    "Curated, cited figures on Chinese trade-union service programmes: stations built, "
    "people helped, funds spent, as local news reported them."
)


def _vega_bundle() -> str:
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    return vlc.javascript_bundle(vl_version=vl_version_for_vl_convert())


def _script_safe(text: str) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def explorer_page(rows: pd.DataFrame | None = None) -> str:
    """The page's HTML for ``rows`` (default: every curated row, see :func:`explorer_rows`)."""
    rows = explorer_rows() if rows is None else rows
    chart = explorer_chart(rows)
    spec = chart.to_dict()
    spec_json = json.dumps(
        spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    env = Environment(
        loader=PackageLoader("unionanalysis.explorer", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )
    from markupsafe import Markup

    template = env.get_template("explorer.html.j2")
    init, global_name = offline_table_init()
    return template.render(
        title=TITLE,
        intro=INTRO,
        n_rows=len(rows),
        n_sources=rows["source_id"].nunique(),
        vega_bundle=Markup(_vega_bundle()),
        spec_json=Markup(_script_safe(spec_json)),
        table_init=Markup(init),
        table=Markup(offline_table(rows[list(TABLE_COLUMNS)], table_id=TABLE_ID)),
        table_id=TABLE_ID,
        itables_global=global_name,
        selection=SELECTION,
        vega_lite_version=alt.SCHEMA_VERSION,
    )


def write_explorer_page(path: Path | str, rows: pd.DataFrame | None = None) -> Path:
    """Write :func:`explorer_page` to ``path`` atomically; returns the path."""
    path = Path(path)
    atomic_write_bytes(path, explorer_page(rows).encode("utf-8"))
    return path
