"""Saving paper figures and tables: where, how, and the same bytes every time.

``tests/test_save.py`` covers a plain figure; these tests save the figures the
plotting module makes (custom legend glyphs, paper settings) and the table path.
"""

from __future__ import annotations

import stat

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from unionanalysis import plots
from unionanalysis.figures import save_figure, save_table


@pytest.fixture
def bounded_figure(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            dict(value=100),
            dict(place_en="Nanjing", value=200, value_high=300, qualifier="more_than"),
            dict(place_en="Hefei", value=50, value_low=45, value_high=55, qualifier="about"),
        ]
    )
    with plots.paper_context("single"):
        ax = plots.plot_values(frame)
    return ax.figure


def png_chunks(data: bytes) -> list[bytes]:
    """Chunk types of a PNG file, in order."""
    chunks, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        chunks.append(data[at + 4 : at + 8])
        at += 12 + length
    return chunks


def test_plot_saved_twice_is_byte_identical(tmp_path, bounded_figure):
    first = save_figure(bounded_figure, "values", directory=tmp_path / "a")
    second = save_figure(bounded_figure, "values", directory=tmp_path / "b")
    assert [p.name for p in first] == ["values.pdf", "values.svg", "values.png"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    pdf, svg, png = (p.read_bytes() for p in first)
    assert b"/FontFile2" in pdf  # TrueType fonts embedded (pdf.fonttype 42)
    assert b"CreationDate" not in pdf and b"ModDate" not in pdf
    assert b"<dc:date>" not in svg and b"<text" not in svg  # text stored as paths
    assert b"tIME" not in png_chunks(png)
    assert str(tmp_path).encode() not in pdf + svg + png


def test_default_folder_comes_from_the_environment(tmp_path, monkeypatch, bounded_figure):
    monkeypatch.setenv("UNIONANALYSIS_FIGURES", str(tmp_path / "figs"))
    written = save_figure(bounded_figure, "values", formats=("svg",))
    assert written == [tmp_path / "figs" / "values.svg"]
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["values.svg"]


def test_saved_files_are_readable_by_others(tmp_path, bounded_figure):
    written = save_figure(bounded_figure, "values", directory=tmp_path, formats=("png",))
    written += save_table(pd.DataFrame({"a": [1]}), "table", directory=tmp_path)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name


def test_unsupported_format_is_refused_before_writing(tmp_path, bounded_figure):
    with pytest.raises(ValueError, match="unsupported format"):
        save_figure(bounded_figure, "values", directory=tmp_path, formats=("pdf", "eps"))
    assert list(tmp_path.iterdir()) == []


def test_table_bytes_are_stable_and_unix_lines(tmp_path):
    frame = pd.DataFrame({"place_zh": ["武汉市", "南京市"], "value_per_10k": [2.5, 1.0 / 3.0]})
    csv_a, tex_a = save_table(frame, "per_capita", directory=tmp_path / "a")
    csv_b, tex_b = save_table(frame, "per_capita", directory=tmp_path / "b")
    assert csv_a.read_bytes() == csv_b.read_bytes()
    assert tex_a.read_bytes() == tex_b.read_bytes()
    csv = csv_a.read_bytes()
    assert b"\r" not in csv and csv.decode("utf-8").splitlines()[1].startswith("武汉市,2.5")
    assert pd.read_csv(csv_a)["value_per_10k"].iloc[1] == pytest.approx(1.0 / 3.0)
    tex = tex_a.read_text(encoding="utf-8")
    assert "\\toprule" in tex and "value\\_per\\_10k" in tex


def test_failed_table_write_keeps_the_previous_table(tmp_path, monkeypatch):
    old = pd.DataFrame({"a": [1]})
    written = save_table(old, "table", directory=tmp_path)
    before = {p.name: p.read_bytes() for p in written}

    def broken(self, *args, **kwargs):
        raise RuntimeError("latex writer failed")

    monkeypatch.setattr(pd.DataFrame, "to_latex", broken)
    with pytest.raises(RuntimeError, match="latex writer failed"):
        save_table(pd.DataFrame({"a": [2]}), "table", directory=tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("name", ["sub/table", "..", "/abs", "a\\b"])
def test_table_names_are_checked(tmp_path, name):
    with pytest.raises(ValueError, match="plain file stem"):
        save_table(pd.DataFrame({"a": [1]}), name, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []
