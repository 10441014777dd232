"""The report site's gallery: captions from notebooks, tables behind figures, the build hook."""

from __future__ import annotations

import io

import nbformat

from unionanalysis.build import site as build_site
from unionanalysis.site.gallery import figure_gallery


def _project(root):
    (root / "figures").mkdir(parents=True)
    (root / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell('save_table(frame[["a", "b"]], "counts")'),
        nbformat.v4.new_markdown_cell("## Counts by year\n\nWhat the *figure* shows."),
        nbformat.v4.new_code_cell('fig = draw()\nsave_figure(fig, "counts_by_year")'),
        nbformat.v4.new_code_cell('save_figure(fig, "alone")\n%matplotlib inline'),
    ]
    nbformat.write(nb, root / "notebooks" / "a.ipynb")
    rows = ["file,notebook,sha256,data_sha256"]
    for name in ("counts.csv", "counts_by_year.png", "counts_by_year.pdf", "alone.svg"):
        (root / "figures" / name).write_text("x")
        rows.append(f"{name},a.ipynb,0,0")
    (root / "figures" / "MANIFEST.csv").write_text("\n".join(rows) + "\n")
    return root


def test_gallery_takes_captions_and_tables_from_the_notebook(tmp_path):
    figures = {f.name: f for f in figure_gallery(_project(tmp_path))}
    assert sorted(figures) == ["alone", "counts_by_year"]
    fig = figures["counts_by_year"]
    assert fig.files == {"png": "counts_by_year.png", "pdf": "counts_by_year.pdf"}
    assert fig.caption.startswith("## Counts by year")
    assert fig.table == "counts.csv"  # the notebook's last table before the figure
    assert figures["alone"].files == {"svg": "alone.svg"}
    assert figures["alone"].caption == ""  # a cell with IPython magic cannot be read


def test_build_skips_the_site_of_a_project_without_one(tmp_path):
    out = io.StringIO()
    assert build_site.update_site(tmp_path, tmp_path / ".build-cache", out=out) is False
    assert out.getvalue() == ""


def test_site_digest_follows_what_the_site_shows(tmp_path):
    root = _project(tmp_path)
    (root / "data").mkdir()
    (root / "data" / "metrics.csv").write_text("a\n1\n")
    first = build_site.site_digest(root)
    assert build_site.site_digest(root) == first
    (root / "data" / "metrics.csv").write_text("a\n2\n")
    second = build_site.site_digest(root)
    assert second != first
    (root / "reports").mkdir()
    (root / "reports" / "a.html").write_text("<html></html>")
    third = build_site.site_digest(root)
    assert third != second
    (root / "reports" / "index.html").write_text("written by the site itself")
    assert build_site.site_digest(root) == third  # its own pages are not its inputs


def test_gallery_follows_names_handed_to_a_notebook_function(tmp_path):
    """``def panels(x, name): save_figure(fig, name)`` then ``panels("v", "by_unit")``."""
    (tmp_path / "figures").mkdir()
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## People by unit"),
        nbformat.v4.new_code_cell(
            "def panels(x, name):\n    fig = draw(x)\n    save_figure(fig, name, data=frame)\n\n\n"
            'panels("value", "by_unit")'
        ),
        nbformat.v4.new_markdown_cell("Per 10,000 residents."),
        nbformat.v4.new_code_cell('panels(x="value_per_10k", name="by_unit_per_10k")'),
        nbformat.v4.new_code_cell("panels(column, label)"),  # names unknown until run
    ]
    nbformat.write(nb, tmp_path / "notebooks" / "a.ipynb")
    rows = ["file,notebook,sha256,data_sha256"]
    for name in ("by_unit.png", "by_unit_per_10k.png"):
        (tmp_path / "figures" / name).write_text("x")
        rows.append(f"{name},a.ipynb,0,0")
    (tmp_path / "figures" / "MANIFEST.csv").write_text("\n".join(rows) + "\n")
    figures = {f.name: f.caption for f in figure_gallery(tmp_path)}
    assert figures == {"by_unit": "## People by unit", "by_unit_per_10k": "Per 10,000 residents."}
