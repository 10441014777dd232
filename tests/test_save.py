"""save_figure / save_table: deterministic bytes, atomic replacement, clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from unionanalysis.figures import save_figure, save_table


def _figure():
    fig, ax = plt.subplots(figsize=(3.5, 2.5))
    ax.plot([2021, 2022, 2023], [78217, 95000, 121700], marker="o", label="stations")
    ax.set_xlabel("year")
    ax.set_ylabel("facilities")
    ax.legend()
    return fig


def test_same_figure_saved_twice_gives_identical_bytes(tmp_path):
    fig = _figure()
    first = {p.suffix: p.read_bytes() for p in save_figure(fig, "demo", directory=tmp_path / "a")}
    second = {p.suffix: p.read_bytes() for p in save_figure(fig, "demo", directory=tmp_path / "b")}
    plt.close(fig)
    assert set(first) == {".pdf", ".svg", ".png"}
    assert first == second
    assert b"CreationDate" not in first[".pdf"]
    assert b"<dc:date>" not in first[".svg"]


def test_png_is_300_dpi(tmp_path):
    fig = _figure()
    [png] = save_figure(fig, "demo", directory=tmp_path, formats=("png",))
    plt.close(fig)
    image = plt.imread(png)
    assert image.shape[:2] == (750, 1050)  # 2.5 x 3.5 inches at 300 dpi


def test_failed_save_leaves_previous_files_intact(tmp_path, monkeypatch):
    fig = _figure()
    save_figure(fig, "demo", directory=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = fig.savefig
    calls = []

    def flaky(path, **kwargs):
        calls.append(kwargs["format"])
        if kwargs["format"] == "svg":
            raise OSError("disk full")
        real(path, **kwargs)

    monkeypatch.setattr(fig, "savefig", flaky)
    fig.axes[0].set_title("changed")
    with pytest.raises(OSError, match="disk full"):
        save_figure(fig, "demo", directory=tmp_path)
    plt.close(fig)
    assert calls == ["pdf", "svg"]
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before  # no half-written file, no temporary left behind


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "x."])
def test_bad_names_are_refused(tmp_path, name):
    fig = _figure()
    with pytest.raises(ValueError, match="plain file stem"):
        save_figure(fig, name, directory=tmp_path)
    plt.close(fig)
    assert list(tmp_path.iterdir()) == []


def test_table_as_csv_and_latex(tmp_path):
    frame = pd.DataFrame({"place_en": ["Xi'an", "Heze & co"], "value": [1029.0, 2.5e6]})
    csv_path, tex_path = save_table(frame, "tab", directory=tmp_path)
    assert (
        csv_path.read_text(encoding="utf-8")
        == "place_en,value\nXi'an,1029.0\nHeze & co,2500000.0\n"
    )
    tex = tex_path.read_text(encoding="utf-8")
    assert "\\toprule" in tex and "Heze \\& co" in tex and "2,500,000" in tex
    assert save_table(frame, "tab", directory=tmp_path) == [csv_path, tex_path]
    assert tex_path.read_text(encoding="utf-8") == tex


def test_table_dates_are_days(tmp_path):
    frame = pd.DataFrame({"period_end": pd.to_datetime(["2020-12-31", None])})
    csv_path, tex_path = save_table(frame, "dates", directory=tmp_path)
    assert csv_path.read_text(encoding="utf-8").splitlines()[:2] == ["period_end", "2020-12-31"]
    assert "2020-12-31 &" not in tex_path.read_text() and "00:00:00" not in tex_path.read_text()
