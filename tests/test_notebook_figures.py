"""Each notebook runs top to bottom and its figures draw what they should.

The notebooks' code cells run in-process (the build runs them in fresh kernels;
this test looks inside the figures). ``save_figure`` is wrapped so every saved
figure can be inspected: labels name their unit, one point is drawn per row of
the frame the notebook plotted, "more than" rows carry their open-ended marker,
and no glyph was missing from the fonts.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import unionanalysis.figures
from unionanalysis.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))
SAVE_FIGURE = unionanalysis.figures.save_figure
DRAWN: dict = {}  # figure name -> the data= it was saved with


def run(path: Path, tmp_path: Path, monkeypatch) -> tuple[dict, dict, list[str]]:
    """Execute a notebook's code cells; return its namespace, saved figures, warnings."""
    saved: dict = {}

    def keep(fig, name, **kwargs):
        saved[name] = fig
        DRAWN[name] = kwargs.get("data")
        return SAVE_FIGURE(fig, name, directory=tmp_path)

    monkeypatch.setattr(unionanalysis.figures, "save_figure", keep)
    monkeypatch.setenv("UNIONANALYSIS_FIGURES", str(tmp_path))
    monkeypatch.chdir(path.parent)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__notebook__"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                exec(compile(source, f"{path.name}[{i}]", "exec"), namespace)
    messages = [str(w.message) for w in caught]
    return namespace, saved, messages


def points(ax) -> int:
    return sum(len(line.get_xdata()) for line in ax.lines if line.get_gid() == "bounds-point")


def open_ended(ax) -> int:
    return sum(len(line.get_xdata()) for line in ax.lines if line.get_gid() == "bounds-open")


def more_than(frame, column: str = "value") -> int:
    return int((frame.dropna(subset=[column])["qualifier"] == "more_than").sum())


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook once for all the checks below."""
    out = {}
    mp = pytest.MonkeyPatch()
    try:
        for path in NOTEBOOKS:
            folder = tmp_path_factory.mktemp(path.stem)
            out[path.stem] = (*run(path, folder, mp), folder)
    finally:
        mp.undo()
        os.chdir(PROJECT_ROOT)
    yield out
    plt.close("all")


@pytest.mark.slow
def test_every_notebook_saves_its_figures_without_missing_glyphs(executed):
    assert set(executed) == {p.stem for p in NOTEBOOKS}
    for name, (_, saved, messages, folder) in executed.items():
        assert saved, f"{name} saved no figure"
        glyphs = [m for m in messages if "Glyph" in m or "missing from font" in m]
        assert glyphs == [], f"{name}: {glyphs}"
        for fig_name, fig in saved.items():
            for ext in ("pdf", "svg", "png"):
                assert (folder / f"{fig_name}.{ext}").stat().st_size > 0
            for ax in fig.axes:
                assert ax.get_xlabel() or ax.get_ylabel(), f"{fig_name}: an axis has no label"


@pytest.mark.slow
def test_station_figures(executed):
    ns, saved, _, _ = executed["02_stations"]
    [ax] = saved["stations_national_series"].axes
    assert points(ax) == len(ns["national"]) >= 4
    assert "facilities" in ax.get_ylabel()
    raw, per = saved["stations_by_place"].axes
    assert points(raw) == len(ns["local"])
    assert points(per) == ns["local"]["value_per_10k"].notna().sum()
    assert "per 10,000 residents" in per.get_xlabel()


@pytest.mark.slow
def test_people_panels_keep_units_apart(executed):
    ns, saved, _, _ = executed["03_people"]
    shown = ns["shown"]
    for fig_name, column in (
        ("people_by_unit", "value"),
        ("people_by_unit_per_10k", "value_per_10k"),
    ):
        axes = saved[fig_name].axes
        assert len(axes) == 3
        for ax, unit, word in zip(
            axes, ns["UNITS"], ("persons", "person-times", "households"), strict=True
        ):
            rows = shown[shown["unit"] == unit].dropna(subset=[column])
            assert word in ax.get_xlabel()
            assert points(ax) == len(rows)
            assert open_ended(ax) == more_than(rows, column)


@pytest.mark.slow
def test_funds_figures(executed):
    ns, saved, _, _ = executed["04_funds"]
    [ax] = saved["funds_per_capita"].axes
    assert points(ax) == len(ns["funds"])
    assert "yuan per 10,000 residents" in ax.get_xlabel()
    [ax] = saved["funds_per_beneficiary"].axes
    assert points(ax) == len(ns["pairs"])
    assert "yuan" in ax.get_xlabel()


@pytest.mark.slow
def test_model_figures_show_all_three_fits(executed):
    ns, saved, _, _ = executed["05_models"]
    left, right = saved["model_sensitivity"].axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["value", "value_low", "value_high"]
    assert len(right.get_yticklabels()) == 3
    assert ns["elasticity"]["n"].nunique() == 1  # the bounds refits use the same rows
    [ax] = saved["model_funds_vs_population"].axes
    assert points(ax) == int(ns["funds_fit"].nobs)
    assert any(line.get_gid() == "fit-line" for line in ax.lines)


@pytest.mark.slow
def test_figures_list_exactly_the_rows_they_draw(executed):
    import csv

    from unionanalysis.papers.provenance import ids_of

    with (PROJECT_ROOT / "figures" / "SOURCES.csv").open(encoding="utf-8", newline="") as fh:
        listed: dict[str, set] = {}
        for row in csv.DictReader(fh):
            listed.setdefault(row["file"], set()).add((row["metric_id"], row["source_id"]))
    for name in (n for _, saved, _, _ in executed.values() for n in saved):
        assert DRAWN[name] is not None, f"{name} saved without data="
        assert listed[f"{name}.svg"] == set(ids_of(DRAWN[name])), name
    ns, saved, _, _ = executed["02_stations"]
    [ax] = saved["stations_national_series"].axes
    assert points(ax) == len(listed["stations_national_series.svg"]) == len(ns["national"])
    raw, _ = saved["stations_by_place"].axes
    assert points(raw) == len(listed["stations_by_place.pdf"])
