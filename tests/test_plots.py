"""Plots draw what the frame says: one point per row, honest bounds, units on the axes."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from matplotlib import font_manager

from unionanalysis import analysis, plots
from unionanalysis.analysis import UnitMixError


@pytest.fixture
def no_cjk_font(monkeypatch):
    monkeypatch.setattr(plots, "find_cjk_font", lambda sample="工会": None)


@pytest.fixture
def places_frame(analysis_make_metrics):
    return analysis_make_metrics(
        [
            dict(value=100),
            dict(
                place_zh="南京市",
                place_en="Nanjing",
                value=200,
                value_high=300,
                qualifier="more_than",
            ),
            dict(
                place_zh="合肥市",
                place_en="Hefei",
                value=50,
                value_low=45,
                value_high=55,
                qualifier="about",
            ),
            dict(
                place_zh="合肥市",
                place_en="Hefei",
                value=80,
                value_low=70,
                qualifier="nearly",
                year=2021,
            ),
        ]
    )


def lines(ax, gid):
    return [line for line in ax.lines if line.get_gid() == gid]


def drawn(ax, gid):
    """All (x, y) marker positions of the artists with ``gid``."""
    found = [np.column_stack([ln.get_xdata(), ln.get_ydata()]) for ln in lines(ax, gid)]
    return np.concatenate(found) if found else np.empty((0, 2))


def render_quietly(fig):
    """Draw the figure and return font warnings (missing glyphs) raised while drawing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [
        str(w.message)
        for w in caught
        if "missing from" in str(w.message) or "Glyph" in str(w.message)
    ]


# --------------------------------------------------------------------------- style


def test_paper_context_sets_and_restores_settings():
    before = plt.rcParams["figure.figsize"]
    with plots.paper_context("double") as size:
        assert size[0] == 7.2 and tuple(plt.rcParams["figure.figsize"]) == size
        assert plt.rcParams["pdf.fonttype"] == 42 and plt.rcParams["ps.fonttype"] == 42
        assert plt.rcParams["svg.fonttype"] == "path" and plt.rcParams["svg.hashsalt"]
        assert 8 <= plt.rcParams["font.size"] <= 10
        assert 8 <= plt.rcParams["xtick.labelsize"] <= 10
        colours = [c["color"].upper() for c in plt.rcParams["axes.prop_cycle"]]
        assert colours == list(plots.OKABE_ITO)
    with plots.paper_context("single", height=2.0) as size:
        assert size == (3.5, 2.0)
    assert plt.rcParams["figure.figsize"] == before
    with pytest.raises(ValueError, match="single"):
        with plots.paper_context("triple"):
            pass


@pytest.mark.parametrize(
    ("unit", "kwargs", "text"),
    [
        ("person_time", {}, "person-times"),
        ("household", {"per": 10_000}, "households per 10,000 residents"),
        ("yuan", {"annualised": True}, "yuan per year"),
        ("yuan_per_person_time", {}, "yuan per person-time"),
        ("facility", {"per": 1}, "facilities per resident"),
    ],
)
def test_unit_label(unit, kwargs, text):
    assert plots.unit_label(unit, **kwargs) == text


def test_unit_label_rejects_unknown_units():
    with pytest.raises(ValueError, match="unknown unit 'persons'"):
        plots.unit_label("persons")


# --------------------------------------------------------------------------- plot_values


def test_plot_values_draws_one_point_per_row_with_honest_bounds(places_frame):
    ax = plots.plot_values(places_frame)
    points = drawn(ax, "bounds-point")
    assert len(points) == len(places_frame)
    assert sorted(points[:, 0]) == sorted(places_frame["value"].astype(float))
    # the more_than row ends in a right-pointing arrowhead at value_high
    [arrow] = lines(ax, "bounds-open")
    assert arrow.get_marker() == ">"
    assert arrow.get_xdata().tolist() == [300.0]
    # nearly: one cap at value_low; about: caps at both ends
    caps = sorted(drawn(ax, "bounds-cap")[:, 0].tolist())
    assert caps == [45.0, 55.0, 70.0]
    intervals = [c for c in ax.collections if c.get_gid() == "bounds-interval"]
    assert sum(len(c.get_segments()) for c in intervals) == 3  # the exact row has none
    assert "(persons)" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Wuhan", "Nanjing", "Hefei"]
    assert render_quietly(ax.figure) == []


def test_plot_values_legend_explains_the_markers(places_frame):
    ax = plots.plot_values(places_frame, hue="year")
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[:4] == [
        plots.QUALIFIER_LABELS[q] for q in ("exact", "more_than", "nearly", "about")
    ]
    assert texts[4:] == ["2020", "2021"]
    exact_only = places_frame.iloc[[0]]
    ax = plots.plot_values(exact_only)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["exact"]


def test_plot_values_per_capita_and_log_scale(places_frame, analysis_make_places):
    places = analysis_make_places(
        [
            dict(population=1_000_000),
            dict(place_zh="南京市", place_en="Nanjing", population=2_000_000),
            dict(place_zh="合肥市", place_en="Hefei", population=500_000),
        ]
    )
    frame = analysis.per_capita(places_frame, places)
    ax = plots.plot_values(frame, x="value_per_10k", log=True, sort=True)
    assert ax.get_xscale() == "log"
    assert "(persons per 10,000 residents)" in ax.get_xlabel()
    [arrow] = lines(ax, "bounds-open")
    assert arrow.get_xdata().tolist() == [pytest.approx(1.5)]  # 300 / 2,000,000 * 10,000
    # sorted by the largest value per place: Hefei 1.6, Nanjing 1.0, Wuhan 1.0 (stable)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hefei", "Wuhan", "Nanjing"]


def test_plot_values_refuses_mixed_units(analysis_make_metrics):
    frame = analysis_make_metrics([dict(unit="person"), dict(unit="person_time")])
    with pytest.raises(UnitMixError, match="person, person_time"):
        plots.plot_values(frame)


def test_plot_values_leaves_out_rows_without_a_value(places_frame):
    frame = places_frame.copy()
    frame.loc[0, "value"] = pd.NA
    with pytest.warns(UserWarning, match="Wuhan"):
        ax = plots.plot_values(frame)
    assert len(drawn(ax, "bounds-point")) == len(frame) - 1


# --------------------------------------------------------------------------- fonts


def test_chinese_labels_fall_back_to_english_without_a_cjk_font(places_frame, no_cjk_font):
    with pytest.warns(UserWarning, match="no CJK font found; falling back to English labels"):
        ax = plots.plot_values(places_frame, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Wuhan", "Nanjing", "Hefei"]
    assert render_quietly(ax.figure) == []


def test_chinese_labels_with_a_cjk_font(places_frame, monkeypatch):
    monkeypatch.setattr(plots, "find_cjk_font", lambda sample="工会": "Fake CJK Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.plot_values(places_frame, lang="zh")
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == ["武汉市", "南京市", "合肥市"]
    assert all(t.get_fontfamily()[0] == "Fake CJK Sans" for t in labels)


def test_chinese_text_in_an_english_chart_also_falls_back(places_frame, no_cjk_font):
    with pytest.warns(UserWarning, match="no CJK font found"):
        ax = plots.plot_values(places_frame, y="place_zh")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Wuhan", "Nanjing", "Hefei"]


def test_find_cjk_font_ignores_the_last_resort_font(monkeypatch):
    last_resort = [f for f in font_manager.fontManager.ttflist if "Last Resort" in f.name]
    if not last_resort:
        pytest.skip("this matplotlib ships no Last Resort font")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", last_resort)
    plots.find_cjk_font.cache_clear()
    try:
        assert plots.find_cjk_font() is None
    finally:
        plots.find_cjk_font.cache_clear()


# --------------------------------------------------------------------------- plot_series


def stations(make):
    rows = [
        (2018, 50_000, 50_000, 50_000, "exact"),
        (2019, 80_000, 80_000, 90_000, "more_than"),
        (2020, 120_000, 115_000, 125_000, "about"),
        (2021, 150_000, 140_000, 150_000, "nearly"),
        (None, 10, 10, 10, "exact"),
    ]
    return make(
        [
            dict(
                place_zh="全国",
                place_en="China",
                measure="stations",
                indicator="stations_total",
                unit="facility",
                period_kind="as_of",
                year=y,
                value=v,
                value_low=lo,
                value_high=hi,
                qualifier=q,
            )
            for y, v, lo, hi, q in rows
        ]
    )


def test_plot_series_draws_points_intervals_and_open_ends(analysis_make_metrics):
    frame = stations(analysis_make_metrics)
    with pytest.warns(UserWarning, match="c001-05"):
        ax = plots.plot_series(frame)
    points = drawn(ax, "bounds-point")
    assert points[:, 0].tolist() == [2018, 2019, 2020, 2021]
    [arrow] = lines(ax, "bounds-open")
    assert arrow.get_marker() == "^" and arrow.get_ydata().tolist() == [90_000.0]
    [line] = lines(ax, "series-line")
    assert line.get_ydata().tolist() == [50_000, 80_000, 120_000, 150_000]
    assert ax.get_ylabel() == "Stations total (facilities)"
    assert ax.get_xlabel() == "Year"
    assert render_quietly(ax.figure) == []


def test_plot_series_by_hue(analysis_make_metrics):
    frame = stations(analysis_make_metrics).dropna(subset=["year"])
    frame["place_en"] = ["China", "China", "Hubei", "Hubei"]
    ax = plots.plot_series(frame, hue="place_en", palette={"China": "#000000", "Hubei": "#E69F00"})
    assert len(lines(ax, "series-line")) == 2
    assert len(drawn(ax, "bounds-point")) == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2:] == ["China", "Hubei"]


# --------------------------------------------------------------------------- plot_scatter_fit


def test_plot_scatter_fit_draws_the_fit_and_its_band(analysis_make_metrics):
    populations = [1e5, 3e5, 1e6, 3e6, 1e7]
    values = [2e5, 5e5, 2.5e6, 5e6, 2.2e7]
    frame = analysis_make_metrics(
        [
            dict(
                measure="funds",
                indicator="funds_disbursed",
                unit="yuan",
                value=v,
                value_high=v * 1.1,
                qualifier="more_than" if i == 2 else "exact",
            )
            for i, v in enumerate(values)
        ]
    )
    frame["population"] = populations
    fit = smf.ols("np.log(value) ~ np.log(population)", frame.astype({"value": float})).fit()
    ax = plots.plot_scatter_fit(frame, fit, inverse=np.exp, annotate="place_en")
    assert len(drawn(ax, "bounds-point")) == len(frame)
    assert len(lines(ax, "bounds-open")) == 1
    [line] = lines(ax, "fit-line")
    x0, y0 = line.get_xdata()[0], line.get_ydata()[0]
    assert x0 == pytest.approx(1e5)
    assert y0 == pytest.approx(np.exp(fit.params.iloc[0] + fit.params.iloc[1] * np.log(1e5)))
    [band] = [c for c in ax.collections if c.get_gid() == "fit-ci"]
    lower, upper = (
        band.get_paths()[0].vertices[:, 1].min(),
        band.get_paths()[0].vertices[:, 1].max(),
    )
    assert lower < y0 < upper
    assert ax.get_ylabel() == "Funds disbursed (yuan)"
    assert ax.get_xlabel().startswith("Population (persons")
    assert "95% CI of the mean" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert render_quietly(ax.figure) == []


def test_linear_value_axes_use_thousands_separators():
    import pandas as pd

    from unionanalysis import plots

    frame = pd.DataFrame(
        {
            "year": pd.array([2021, 2022], dtype="Int64"),
            "value": [78217.0, 186100.0],
            "value_low": [78217.0, 186100.0],
            "value_high": [78217.0, 186100.0],
            "qualifier": ["exact", "exact"],
            "unit": ["facility", "facility"],
            "indicator": ["stations_total", "stations_total"],
        }
    )
    ax = plots.plot_series(frame)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("," in label for label in labels), labels
    assert all("e" not in label for label in labels)
    plt.close(ax.figure)


# --------------------------------------------------------------------------- coverage grid


def test_plot_coverage_fills_one_cell_per_place_and_year(analysis_make_metrics):
    from unionanalysis import analysis

    metrics = analysis_make_metrics(
        [
            dict(source_id="a", year=2020),
            dict(source_id="b", year=2020),
            dict(source_id="c", year=2023),
            dict(source_id="d", year=None),
            dict(source_id="e", year=2021, place_zh="南京市", place_en="Nanjing",
                 province_zh="江苏省", adcode="320100"),
        ]
    )  # fmt: skip
    table = analysis.coverage(metrics)
    ax = plots.plot_coverage(
        table, order=["Wuhan", "Nanjing", "Hefei"], group="province_zh", group_labels=False
    )
    # Hubei | Jiangsu | (Hefei has no row in the table): two separators
    assert sum(line.get_gid() == "coverage-group" for line in ax.lines) == 2
    [mesh] = [c for c in ax.collections if c.get_gid() == "coverage-cells"]
    cells = mesh.get_array()
    # 3 rows x (2020..2023 + undated) columns; Wuhan 2020 (2 figures), 2023, undated; Nanjing 2021
    assert cells.size == 15
    assert int(cells.count()) == 4
    filled = cells.filled(0).reshape(3, 5)
    assert filled.tolist() == [[2, 0, 0, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 0, 0]]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["2020", "2021", "2022", "2023", "undated"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Wuhan", "Nanjing", "Hefei"]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["1", "2", "3\u20135", "6+"]
    with pytest.raises(ValueError, match="order misses rows Nanjing"):
        plots.plot_coverage(table, order=["Wuhan"])
    with pytest.raises(ValueError, match="columns miss years 2023"):
        plots.plot_coverage(table, columns=[2020, 2021])
    no_undated = plots.plot_coverage(table, undated=False, legend=False)
    [mesh] = [c for c in no_undated.collections if c.get_gid() == "coverage-cells"]
    assert int(mesh.get_array().count()) == 3


def test_plot_values_facets_share_rows_across_panels(analysis_make_metrics):
    frame = analysis_make_metrics(
        [
            dict(value=10, programme_en="A"),
            dict(value=500, programme_en="B", place_en="Nanjing"),
            dict(value=20, programme_en="B"),
            dict(value=30, programme_en="A", place_en="Hefei"),
        ]
    )
    fig = plt.figure()
    axes = plots.plot_values_facets(frame, col="programme_en", fig=fig, log=True)
    assert [ax.get_title() for ax in axes] == ["A", "B"]
    # rows sorted by each place's largest value over both panels
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["Nanjing", "Hefei", "Wuhan"]
    assert axes[1].get_shared_y_axes().joined(axes[0], axes[1])
    counts = [sum(len(line.get_xdata()) for line in ax.lines if line.get_gid() == "bounds-point")
              for ax in axes]  # fmt: skip
    assert counts == [2, 2]
    assert axes[0].get_legend() is None and axes[1].get_legend() is not None
