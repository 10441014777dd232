"""What the report site shows of each figure: its files, caption, table and notebook.

Read from the build's own record (``figures/MANIFEST.csv``) and from the notebooks: the
caption of a figure is the markdown cell above the code cell that saves it, and the table
behind it is the one saved under the same name or, failing that, the last table its
notebook saved before it.
"""

from __future__ import annotations

import ast
import csv
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

__all__ = ["Figure", "figure_gallery"]

FIGURE_FORMATS = ("pdf", "svg", "png")


@dataclass
class Figure:
    """One figure of the gallery; paths are relative to ``figures/``."""

    name: str
    notebook: str
    files: dict[str, str] = field(default_factory=dict)  # format -> file name
    caption: str = ""
    table: str | None = None  # CSV file behind the figure


def _manifest(figures: Path) -> list[tuple[str, str]]:
    path = figures / "MANIFEST.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["file"], row["notebook"]) for row in csv.DictReader(fh)]


def _name_parameters(tree: ast.AST, function: str) -> dict[str, tuple[int, str]]:
    """Functions that pass one of their parameters on as the name of ``function``.

    ``def panels(x, name): ... save_figure(fig, name)`` maps ``panels`` to
    ``(1, "name")``: a later ``panels("value", "people_by_unit")`` saves that figure.
    """
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = [a.arg for a in node.args.posonlyargs + node.args.args]
        for call in ast.walk(node):
            if not isinstance(call, ast.Call) or _called(call) != function or len(call.args) < 2:
                continue
            name = call.args[1]
            if isinstance(name, ast.Name) and name.id in params:
                found[node.name] = (params.index(name.id), name.id)
    return found


def _called(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(source)
    except SyntaxError:  # IPython magics and the like: such a cell saves nothing we can see
        return None


def _saved_names(
    source: str, function: str, wrappers: dict[str, tuple[int, str]] | None = None
) -> list[str]:
    """Names passed to ``function(thing, "name", ...)`` in a cell, in order of appearance.

    ``wrappers`` (from :func:`_name_parameters`) adds calls of notebook functions that
    hand a constant name on to ``function``.
    """
    tree = _parse(source)
    if tree is None:
        return []
    calls = {function: (1, "")} | (wrappers or {})
    names = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or (called := _called(node)) not in calls:
            continue
        position, keyword = calls[called]
        args = {kw.arg: kw.value for kw in node.keywords}
        name = node.args[position] if len(node.args) > position else args.get(keyword)
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.append((node.lineno, node.col_offset, name.value))
    return [n for *_, n in sorted(names)]


def _notebook_notes(path: Path) -> tuple[dict[str, str], dict[str, str | None]]:
    """Caption and table of every figure the notebook saves, by figure name."""
    captions: dict[str, str] = {}
    tables: dict[str, str | None] = {}
    if not path.is_file():
        return captions, tables
    nb = nbformat.read(path, as_version=4)
    wrappers: dict[str, tuple[int, str]] = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and (tree := _parse(cell.source)) is not None:
            wrappers |= _name_parameters(tree, "save_figure")
    markdown, last_table = "", None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            markdown = cell.source.strip()
            continue
        if cell.cell_type != "code":
            continue
        saved_tables = _saved_names(cell.source, "save_table")
        for name in _saved_names(cell.source, "save_figure", wrappers):
            captions[name] = markdown
            tables[name] = saved_tables[-1] if saved_tables else last_table
        if saved_tables:
            last_table = saved_tables[-1]
    return captions, tables


def figure_gallery(project: Path) -> list[Figure]:
    """Every figure in the manifest, in file-name order, with what the site links to."""
    figures = project / "figures"
    found: dict[str, Figure] = {}
    for file, notebook in _manifest(figures):
        stem, _, ext = file.rpartition(".")
        if ext in FIGURE_FORMATS:
            found.setdefault(stem, Figure(name=stem, notebook=notebook)).files[ext] = file
    notes: dict[str, tuple[dict[str, str], dict[str, str | None]]] = {}
    for fig in found.values():
        if fig.notebook not in notes:
            notes[fig.notebook] = _notebook_notes(project / "notebooks" / fig.notebook)
        captions, tables = notes[fig.notebook]
        fig.caption = captions.get(fig.name, "")
        table = fig.name if (figures / f"{fig.name}.csv").is_file() else tables.get(fig.name)
        fig.table = f"{table}.csv" if table and (figures / f"{table}.csv").is_file() else None
    return [found[name] for name in sorted(found)]
