"""Models: known slopes are recovered, and refits at the bounds move the way they must."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from unionanalysis.models import bounds_sensitivity, fit_ols, growth_rate


@pytest.fixture
def elastic() -> pd.DataFrame:
    """value = 3 * population**0.5 exactly; bounds are ±10 % (low) / +20 % (high)."""
    pop = np.array([1e5, 4e5, 9e5, 1.6e6, 2.5e6, 3.6e6])
    value = 3 * np.sqrt(pop)
    return pd.DataFrame(
        {
            "population": pd.array(pop.astype(int), dtype="Int64"),
            "value": pd.array(value, dtype="Float64"),
            "value_low": pd.array(value * 0.9, dtype="Float64"),
            "value_high": pd.array(value * 1.2, dtype="Float64"),
            "source_id": ["a", "a", "b", "b", "c", "c"],
        }
    )


def test_fit_recovers_a_known_elasticity(elastic):
    fit = fit_ols(elastic, "np.log({y}) ~ np.log(population)")
    assert fit.params["np.log(population)"] == pytest.approx(0.5)
    assert fit.params["Intercept"] == pytest.approx(np.log(3))
    assert int(fit.nobs) == 6


def test_sensitivity_rows_shift_intercept_not_slope(elastic):
    table = bounds_sensitivity(
        elastic, "np.log({y}) ~ np.log(population)", term="np.log(population)"
    )
    assert table["response"].tolist() == ["value", "value_low", "value_high"]
    assert table["estimate"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert (table["n"] == 6).all()
    assert table.attrs["confidence"] == pytest.approx(0.95)
    shifted = bounds_sensitivity(elastic, "np.log({y}) ~ np.log(population)", term="Intercept")
    assert shifted["estimate"].tolist() == pytest.approx([np.log(3), np.log(2.7), np.log(3.6)])


def test_cluster_errors_and_missing_rows(elastic):
    elastic.loc[0, "population"] = pd.NA
    fit = fit_ols(elastic, "np.log({y}) ~ np.log(population)", cluster="source_id")
    assert int(fit.nobs) == 5
    assert fit.cov_type == "cluster"


def test_growth_rate_from_a_log_linear_trend():
    years = np.arange(2020, 2025)
    frame = pd.DataFrame({"year": years, "value": 100 * 1.25 ** (years - 2020)})
    frame["value_low"], frame["value_high"] = frame["value"] * 0.9, frame["value"] * 1.1
    table = growth_rate(bounds_sensitivity(frame, "np.log({y}) ~ year", term="year"))
    assert table["growth_estimate"].tolist() == pytest.approx([0.25, 0.25, 0.25])


def test_formula_must_name_the_response(elastic):
    with pytest.raises(ValueError, match="must name the response"):
        fit_ols(elastic, "np.log(value) ~ np.log(population)")
    with pytest.raises(KeyError, match="no term 'year'"):
        bounds_sensitivity(elastic, "np.log({y}) ~ np.log(population)", term="year")
