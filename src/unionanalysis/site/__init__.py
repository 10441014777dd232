"""The report site: a front page with a gallery of every figure, and the explorer page."""

from __future__ import annotations

from unionanalysis.site.pages import index_page, write_site

__all__ = ["index_page", "write_site"]
