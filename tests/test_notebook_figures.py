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


def places_drawn(frame, column: str = "value") -> int:
    return frame.dropna(subset=[column])["place_zh"].nunique()


@pytest.mark.slow
def test_station_figures(executed):
    ns, saved, _, _ = executed["02_stations"]
    [ax] = saved["stations_national_series"].axes
    assert points(ax) == len(ns["national"]) >= 4
    assert "facilities" in ax.get_ylabel()
    local, panels = ns["local"], ns["panels"]
    axes = saved["stations_by_place"].axes
    assert len(axes) == 2 * len(panels)
    for (raw, per), indicator in zip(zip(axes[::2], axes[1::2], strict=True), panels, strict=True):
        rows = local[local["indicator"] == indicator]
        assert points(raw) == len(rows)
        assert open_ended(raw) == more_than(rows)
        assert points(per) == rows["value_per_10k"].notna().sum()
    assert "per 10,000 residents" in axes[-1].get_xlabel()
    # every place with a station count is drawn (the data hold fewer than 40 such places)
    metrics = ns["metrics"]
    counted = metrics[
        metrics["indicator"].isin(ns["STATION_COUNTS"])
        & metrics["place_level"].isin(ns["local_levels"])
        & (metrics["unit"] == "facility")
    ]
    # analysis.latest keeps a group's undated report only when it is the group's only one
    groups = counted.groupby(["place_zh", "indicator"], observed=True)["period_end"]
    kept = groups.agg(lambda ends: ends.notna().any() or len(ends) == 1)
    assert places_drawn(local) == kept[kept].index.get_level_values("place_zh").nunique()


@pytest.mark.slow
def test_coverage_grid_has_a_cell_per_place_and_year(executed):
    ns, saved, _, _ = executed["01_dataset"]
    grid = ns["grid"]
    axes = saved["dataset_coverage"].axes
    assert len(axes) == len(ns["MAIN"]) == 3
    for ax, measure in zip(axes, ns["MAIN"], strict=True):
        [mesh] = [c for c in ax.collections if c.get_gid() == "coverage-cells"]
        part = grid[grid["measure"] == measure]
        assert int(mesh.get_array().count()) == len(part)  # one row of the table per cell
        assert int(mesh.get_array().sum()) == part["figures"].sum()
    assert len(axes[0].get_yticklabels()) == grid["place_zh"].nunique() >= 40
    cov = ns["cov"]
    assert cov["figures"].sum() == len(ns["metrics"])


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
        drawn = shown[shown["unit"].isin(ns["UNITS"])]
        available = drawn.dropna(subset=[column])["place_zh"].nunique()
        assert places_drawn(drawn, column) >= min(40, available)
    assert places_drawn(shown) >= 40  # the data hold over 100 places with people counts
    across = ns["across"]
    axes = saved["people_families_by_province"].axes
    assert sum(points(ax) for ax in axes) == len(across)
    assert (across["unit"] == "person").all()
    for ax in axes:
        assert "persons per" in ax.get_xlabel().replace("\n", " ")


@pytest.mark.slow
def test_funds_figures(executed):
    ns, saved, _, _ = executed["04_funds"]
    funds_all = ns["funds_all"]
    for fig_name, column in (("funds_by_place", "value"), ("funds_per_capita", "value_per_10k")):
        drawn = funds_all.dropna(subset=[column])
        axes = saved[fig_name].axes
        indicators = [i for i in ns["FUNDS"] if (drawn["indicator"] == i).any()]
        assert len(axes) == len(indicators)
        for ax, indicator in zip(axes, indicators, strict=True):
            rows = drawn[drawn["indicator"] == indicator]
            assert points(ax) == len(rows)
            assert open_ended(ax) == more_than(rows, column)
            assert "yuan" in ax.get_xlabel()
        assert places_drawn(drawn, column) == drawn["place_zh"].nunique()
    assert places_drawn(funds_all) >= 40
    assert "yuan per 10,000 residents" in saved["funds_per_capita"].axes[0].get_xlabel()
    assert sum(points(ax) for ax in saved["funds_families_by_province"].axes) == len(ns["across"])
    [ax] = saved["funds_per_beneficiary"].axes
    assert points(ax) == len(ns["pairs"])
    assert "yuan" in ax.get_xlabel()
    [ax] = saved["funds_place_series"].axes
    assert points(ax) == len(ns["long"])


@pytest.mark.slow
def test_model_figures_show_all_three_fits(executed):
    ns, saved, _, _ = executed["05_models"]
    left, right = saved["model_sensitivity"].axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["value", "value_low", "value_high"]
    assert len(right.get_yticklabels()) == 3
    assert ns["elasticity"]["n"].nunique() == 1  # the bounds refits use the same rows
    comparison = ns["comparison"].set_index("sample")
    assert comparison.loc["all articles", "n"].tolist() == [
        len(ns["flows"]),
        len(ns["stations"]),
    ]
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
    axes = saved["stations_by_place"].axes
    assert sum(points(raw) for raw in axes[::2]) == len(listed["stations_by_place.pdf"])
