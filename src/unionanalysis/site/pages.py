"""Write the report site: ``reports/index.html`` and ``reports/explorer.html``.

The front page says what the compendium is, gives the dataset in numbers, links every
executed notebook and shows a gallery of every figure (thumbnail, caption from the notebook,
links to PDF, SVG, PNG and the table behind it). Links are relative (``../figures/``), so
the site works from ``file://`` wherever the checkout is, and the same inputs give the same
bytes. Both pages are written atomically.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import mistune
import nbformat
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from unionanalysis.build.state import atomic_write_bytes
from unionanalysis.site.gallery import FIGURE_FORMATS, figure_gallery
from unionanalysis.site.numbers import dataset_numbers

__all__ = ["add_arguments", "index_page", "run", "write_site"]


@dataclass
class _Notebook:
    file: str
    title: str
    href: str


def _title(path: Path) -> str:
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def _notebooks(project: Path) -> list[_Notebook]:
    return [
        _Notebook(file=p.name, title=_title(p), href=f"{p.stem}.html")
        for p in sorted((project / "notebooks").glob("*.ipynb"))
        if not p.name.startswith(".")
    ]


def index_page(project: Path) -> str:
    """HTML of ``reports/index.html`` for the project at ``project``."""
    env = Environment(
        loader=PackageLoader("unionanalysis.site", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    render = mistune.create_markdown(escape=True)
    figures = figure_gallery(project)
    reports = project / "reports"
    for fig in figures:
        fig.caption_html = Markup(render(fig.caption))  # type: ignore[attr-defined]
        report = f"{Path(fig.notebook).stem}.html"
        fig.report = report if (reports / report).is_file() else None  # type: ignore[attr-defined]
    return env.get_template("index.html.j2").render(
        numbers=dataset_numbers(project / "data"),
        notebooks=_notebooks(project),
        figures=figures,
        formats=FIGURE_FORMATS,
        figures_href="../figures",
    )


def write_site(project: Path, *, out=None) -> list[Path]:
    """Write both pages into ``project/reports``; returns their paths."""
    from unionanalysis.dataset import load_metrics, load_places, load_sources
    from unionanalysis.explorer.page import explorer_page
    from unionanalysis.explorer.rows import explorer_rows

    data = project / "data"
    reports = project / "reports"
    rows = explorer_rows(load_metrics(data), load_sources(data), load_places(data))
    pages = {
        reports / "index.html": index_page(project),
        reports / "explorer.html": explorer_page(rows),
    }
    for path, html in pages.items():
        atomic_write_bytes(path, html.encode("utf-8"))
        if out is not None:
            print(f"wrote reports/{path.name}", file=out)
    return list(pages)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``unionanalysis site``."""
    parser.add_argument(
        "--project", type=Path, default=None, metavar="DIR", help="project root (default: here)"
    )


def run(args: argparse.Namespace) -> int:
    """``unionanalysis site``: write the report site from the current figures and data."""
    from unionanalysis.paths import PROJECT_ROOT

    write_site((args.project or PROJECT_ROOT).resolve(), out=sys.stdout)
    return 0
