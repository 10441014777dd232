"""`build --check` says how a file differs: first cell, pixel counts, first line or object."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from unionanalysis.build.compare import compare_trees
from unionanalysis.build.explain import describe_difference
from unionanalysis.figures import save_figure


def test_csv_names_row_column_both_values_and_relative_difference(tmp_path):
    (tmp_path / "a.csv").write_text("term,estimate\nslope,0.4785192878\nci,1.0\n")
    (tmp_path / "b.csv").write_text("term,estimate\nslope,0.4785192879\nci,1.0\n")
    text = describe_difference(tmp_path / "a.csv", tmp_path / "b.csv")
    assert text == (
        "first difference at row 1 (line 2), column estimate: built '0.4785192878', "
        "committed '0.4785192879', relative difference 2.1e-10"
    )


def test_csv_with_a_changed_text_cell_and_with_more_rows(tmp_path):
    (tmp_path / "a.csv").write_text("place,n\nDatong,73\n")
    (tmp_path / "b.csv").write_text("place,n\nTaiyuan,73\n")
    text = describe_difference(tmp_path / "a.csv", tmp_path / "b.csv")
    assert "column place: built 'Datong', committed 'Taiyuan'" in text
    assert "relative" not in text
    (tmp_path / "c.csv").write_text("place,n\nDatong,73\nXuzhou,602\n")
    assert describe_difference(tmp_path / "c.csv", tmp_path / "a.csv") == (
        "built has 2 data rows, committed 1"
    )


def _png(path, values):
    plt.imsave(path, np.asarray(values, dtype=float), cmap="gray", vmin=0, vmax=1)


def test_png_counts_the_pixels_that_differ_and_the_largest_change(tmp_path):
    base = np.zeros((10, 10))
    changed = base.copy()
    changed[2, 3] = 1.0
    changed[5, 5] = 0.2
    _png(tmp_path / "a.png", changed)
    _png(tmp_path / "b.png", base)
    text = describe_difference(tmp_path / "a.png", tmp_path / "b.png")
    assert text.startswith("2 of 100 pixels differ (2.00%), by at most 255 of 255")
    _png(tmp_path / "c.png", np.zeros((10, 12)))
    assert describe_difference(tmp_path / "c.png", tmp_path / "b.png") == (
        "image size differs: built 12x10, committed 10x10"
    )


def _figure(tmp_path, name, y):
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1, 2], y)
    paths = save_figure(fig, "f", directory=tmp_path / name, formats=("svg", "pdf"))
    plt.close(fig)
    return {p.suffix: p for p in paths}


def test_svg_and_pdf_name_the_first_differing_line_or_object(tmp_path):
    a = _figure(tmp_path, "a", [0, 1, 4])
    b = _figure(tmp_path, "b", [0, 1, 3])
    svg = describe_difference(a[".svg"], b[".svg"])
    assert svg.startswith("first difference at line ")
    assert "built '" in svg and "committed '" in svg
    pdf = describe_difference(a[".pdf"], b[".pdf"])
    assert pdf.startswith("first difference in PDF object ")
    # the content stream is decompressed: the message shows drawing operators, not zlib bytes
    assert " l" in pdf or " m" in pdf


def test_compare_trees_describes_every_differing_file(tmp_path):
    built, committed = tmp_path / "built", tmp_path / "committed"
    for folder, value in ((built, "0.25"), (committed, "0.5")):
        folder.mkdir()
        (folder / "t.csv").write_text(f"x\n{value}\n")
        (folder / "same.csv").write_text("x\n1\n")
    result = compare_trees(built, committed)
    assert result.differs == ["t.csv"] and result.matching == 1
    assert result.details == {
        "t.csv": "first difference at row 1 (line 2), column x: built '0.25', committed '0.5', "
        "relative difference 0.5"
    }
