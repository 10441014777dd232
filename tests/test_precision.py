"""The precision policy: derived floats are written and drawn to 10 significant digits.

Perturbation tests multiply every float input by (1 + 1e-12). The values are chosen so that
their 11th and 12th significant digits are far from a rounding boundary (…x12 or …x34, never
…x5 or …x49): such a perturbation moves only digits that the policy rounds away. A value whose
11th digit is 5 could round either way under any policy; that is the price of rounding, and
10 digits make it rare (about one chance in 10^5 per number for noise of 1e-15).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from unionanalysis import plots
from unionanalysis.figures import save_figure, save_table
from unionanalysis.models import bounds_sensitivity, growth_rate
from unionanalysis.paths import PROJECT_ROOT
from unionanalysis.precision import (
    P_VALUE_DIGITS,
    SIGNIFICANT_DIGITS,
    round_array,
    round_frame,
    round_value,
)

NUDGE = 1 + 1e-12


def test_round_value_keeps_ten_significant_digits():
    assert SIGNIFICANT_DIGITS == 10
    assert round_value(0.47851928782260084) == 0.4785192878
    assert round_value(-0.053873980426518864) == -0.05387398043
    assert round_value(1.23456789012345e-20) == 1.234567890e-20
    assert round_value(3.14159265358979e8) == 314159265.4


def test_counts_money_and_non_finite_values_are_untouched():
    assert round_value(1_411_778_724.0) == 1_411_778_724.0
    assert round_value(123_456_789_012.0) == 123_456_789_012.0  # money beyond 10 digits
    assert np.isnan(round_value(float("nan")))
    assert round_value(float("inf")) == float("inf")


def test_round_array_keeps_shape_and_does_not_change_its_input():
    values = np.array([[0.123456789012, 2.0], [np.nan, 7.123456789034]])
    out = round_array(values)
    assert out.shape == (2, 2)
    assert out[0, 0] == 0.123456789 and out[0, 1] == 2.0 and np.isnan(out[1, 0])
    assert values[0, 0] == 0.123456789012


def test_round_frame_rounds_float_columns_only_and_p_values_to_four_digits():
    frame = pd.DataFrame(
        {
            "name": ["a", "b"],
            "n": [58, 8],
            "estimate": [0.47851928782260084, 0.2730863739123],
            "share": pd.array([0.333333333333, None], dtype="Float64"),
            "p_value": [1.4914674883e-43, 0.0781316359061],
        }
    )
    out = round_frame(frame)
    assert out["name"].tolist() == ["a", "b"] and out["n"].tolist() == [58, 8]
    assert out["estimate"].tolist() == [0.4785192878, 0.2730863739]
    assert out["share"].dtype == "Float64" and out["share"].iloc[0] == 0.3333333333
    assert out["share"].isna().iloc[1]
    assert P_VALUE_DIGITS == 4 and out["p_value"].tolist() == [1.491e-43, 0.07813]
    assert frame["estimate"].iloc[0] == 0.47851928782260084  # the input is not modified


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "place": ["Datong", "Xuzhou"],
            "value": [73.0, 602.0],
            "value_per_10k": [0.235059929012, 0.662718975234],
            "estimate": [0.478519287812, -0.053873980434],
        }
    )


def test_save_table_bytes_survive_a_relative_perturbation_of_1e_12(tmp_path):
    table = _table()
    nudged = table.copy()
    for column in ("value_per_10k", "estimate"):
        nudged[column] = nudged[column] * NUDGE
    assert not nudged["estimate"].equals(table["estimate"])
    first = [p.read_bytes() for p in save_table(table, "t", directory=tmp_path / "a")]
    second = [p.read_bytes() for p in save_table(nudged, "t", directory=tmp_path / "b")]
    assert first == second
    assert b"0.235059929," in first[0] and b"0.4785192878" in first[0]
    assert b",73.0," in first[0]  # counts keep their value


def _scatter_frame(analysis_make_metrics, factor: float) -> tuple[pd.DataFrame, object]:
    populations = [123_456.0, 345_678.0, 1_234_567.0, 3_456_789.0, 12_345_678.0]
    values = [212_345.0, 512_345.0, 2_512_345.0, 5_123_456.0, 22_123_456.0]
    frame = analysis_make_metrics(
        [
            dict(measure="funds", indicator="funds_disbursed", unit="yuan", value=v * factor)
            for v in values
        ]
    )
    frame["population"] = [p * factor for p in populations]
    fit = smf.ols("np.log(value) ~ np.log(population)", frame.astype({"value": float})).fit()
    return frame, fit


def _figure_bytes(fig, folder) -> dict[str, bytes]:
    return {p.suffix: p.read_bytes() for p in save_figure(fig, "f", directory=folder)}


def test_drawing_helpers_give_identical_bytes_under_a_1e_12_perturbation(
    tmp_path, analysis_make_metrics
):
    outputs = []
    for i, factor in enumerate((1.0, NUDGE)):
        frame, fit = _scatter_frame(analysis_make_metrics, factor)
        estimates = pd.DataFrame(
            {
                "response": ["value", "value_low", "value_high"],
                "estimate": [0.478519287812 * factor, 0.477406949712 * factor, 0.4678713312],
                "ci_low": [-0.053873980434 * factor, -0.056237063512, -0.065487862812],
                "ci_high": [1.010912556012 * factor, 1.011050963012, 1.001230537112],
            }
        )
        fig, (left, right) = plt.subplots(1, 2, figsize=(7, 3))
        plots.plot_scatter_fit(frame, fit, ax=left, inverse=np.exp)
        plots.plot_estimates(estimates, ax=right, reference=1.0)
        outputs.append(_figure_bytes(fig, tmp_path / str(i)))
        plt.close(fig)
    assert set(outputs[0]) == {".pdf", ".svg", ".png"}
    assert outputs[0] == outputs[1]


def test_model_tables_survive_a_relative_perturbation_of_1e_12():
    rng = np.random.default_rng(7)
    population = np.array([1.2e5, 4.3e5, 9.1e5, 1.6e6, 2.5e6, 3.7e6, 5.2e6, 8.8e6])
    value = 3.1 * population**0.52 * np.exp(rng.normal(0, 0.2, len(population)))
    frame = pd.DataFrame(
        {
            "population": population,
            "value": value,
            "value_low": value * 0.9,
            "value_high": value * 1.15,
        }
    )
    nudged = frame * NUDGE
    formula = "np.log({y}) ~ np.log(population)"
    first = bounds_sensitivity(frame, formula, term="np.log(population)")
    second = bounds_sensitivity(nudged, formula, term="np.log(population)")
    pd.testing.assert_frame_equal(first, second)
    assert growth_rate(first).equals(growth_rate(second))
    assert first["estimate"].map(lambda x: len(repr(x).lstrip("-0.").rstrip("0"))).max() <= 10


_MODEL_SCRIPT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import unionanalysis as ua
    from unionanalysis import analysis, models
    from unionanalysis.figures import save_table

    metrics, places = ua.load_metrics(), ua.load_places()
    flows = analysis.select(
        metrics,
        indicator=["funds_disbursed", "people_aided", "people_consoled", "students_aided",
                   "workers_cooled", "people_served"],
        period_kind=["campaign", "annual"],
        level=["province", "prefecture", "county", "district"],
    )
    flows = analysis.per_capita(flows, places).dropna(subset=["population"])
    flows["series"] = flows["indicator"].astype(str) + ":" + flows["unit"].astype(str)
    table = models.bounds_sensitivity(
        flows, "np.log({y}) ~ np.log(population) + C(series)",
        term="np.log(population)", cluster="source_id",
    )
    stations = analysis.select(metrics, indicator="stations_total", level="national").copy()
    end = stations["period_end"]
    stations["t"] = end.dt.year + (end.dt.day_of_year - 1) / 365.25
    growth = models.growth_rate(models.bounds_sensitivity(stations, "np.log({y}) ~ t", term="t"))
    save_table(table, "elasticity", directory=sys.argv[1])
    save_table(growth, "growth", directory=sys.argv[1])
    """
)


@pytest.mark.parametrize("coretype", ["Prescott", "Sandybridge"])
def test_model_tables_are_identical_under_another_cpus_blas_kernels(tmp_path, coretype):
    """OPENBLAS_CORETYPE makes OpenBLAS run another CPU's kernels (the issue's 15th-digit diff)."""
    outputs = {}
    for label, extra in (("native", {}), (coretype, {"OPENBLAS_CORETYPE": coretype})):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"} | extra
        folder = tmp_path / label
        subprocess.run(
            [sys.executable, "-c", _MODEL_SCRIPT, str(folder)],
            check=True,
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
        )
        outputs[label] = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert set(outputs["native"]) == {
        "elasticity.csv",
        "elasticity.tex",
        "growth.csv",
        "growth.tex",
    }
    assert outputs["native"] == outputs[coretype]


def test_save_figure_freezes_the_layout_at_rounded_positions(tmp_path, monkeypatch):
    """Constrained layout's last digits vary by run (kiwisolver); they never reach the files."""
    fig, axes = plt.subplots(3, 1, figsize=(3.3, 4.1), layout="constrained")
    for ax, label in zip(axes, ("Datong", "Xuzhou, a long label", "Mianyang Anzhou"), strict=True):
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_ylabel(label)
    fig.suptitle("stations per 10,000 residents")
    seen = []
    original = type(fig).savefig

    def spy(self, *args, **kwargs):
        seen.append([tuple(a.get_position().bounds) for a in self.axes])
        assert self.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(fig), "savefig", spy)
    save_figure(fig, "frozen", directory=tmp_path)
    assert len(seen) == 3 and seen[0] == seen[1] == seen[2]  # one layout for every format
    for bounds in seen[0]:
        assert all(x == round_value(x) for x in bounds)
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"  # restored
