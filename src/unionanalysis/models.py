"""Regression models of programme scale, refitted at the bounds of each figure.

A reported "more than 20,000" is an interval, not a point. The models here
fit the same formula three times, on ``value``, ``value_low`` and
``value_high``, so a reader sees whether a conclusion survives the wording
of the sources. The tables they return are rounded to the precision policy
(:mod:`unionanalysis.precision`), since BLAS kernels differ by CPU in the last digits.
Formulas are statsmodels (patsy) formulas with ``{y}``
standing for the response column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from .precision import round_frame

__all__ = ["BOUNDS", "bounds_sensitivity", "fit_ols", "growth_rate"]

BOUNDS: tuple[str, str, str] = ("value", "value_low", "value_high")


def _model_frame(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Numeric float copies of the columns a formula uses, rows with all of them present."""
    out = frame.copy()
    for col in columns:
        if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype("float64")
    return out


def fit_ols(
    frame: pd.DataFrame,
    formula: str,
    *,
    y: str = "value",
    cov_type: str = "HC1",
    cluster: str | None = None,
):
    """Fit ``formula`` (with ``{y}`` replaced by ``y``) by OLS with robust errors.

    ``cluster`` names a column whose groups share errors (e.g. ``source_id``:
    figures from one article are not independent); otherwise ``cov_type``
    (heteroskedasticity-robust HC1 by default). Rows with a missing value in
    any model variable are dropped by statsmodels; ``result.nobs`` says how
    many were used.
    """
    if "{y}" not in formula:
        raise ValueError(f"fit_ols: the formula must name the response as {{y}}: {formula!r}")
    data = _model_frame(frame, [*BOUNDS, y, "population"])
    if cluster is not None:
        data = data.dropna(subset=[cluster])
        model = smf.ols(formula.format(y=y), data=data)
        groups = pd.factorize(data.loc[model.data.row_labels, cluster])[0]
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups})
    return smf.ols(formula.format(y=y), data=data).fit(cov_type=cov_type)


def bounds_sensitivity(
    frame: pd.DataFrame,
    formula: str,
    *,
    term: str,
    alpha: float = 0.05,
    cov_type: str = "HC1",
    cluster: str | None = None,
    bounds: Sequence[str] = BOUNDS,
) -> pd.DataFrame:
    """One row per response column: the estimate of ``term``, its CI, n and R².

    The first row (``value``) is the main estimate; the others refit the model
    with every figure at the low and at the high end of its interval.
    """
    rows = []
    for col in bounds:
        fit = fit_ols(frame, formula, y=col, cov_type=cov_type, cluster=cluster)
        if term not in fit.params.index:
            raise KeyError(f"bounds_sensitivity: no term {term!r}; terms: {list(fit.params.index)}")
        low, high = fit.conf_int(alpha=alpha).loc[term]
        rows.append(
            {
                "response": col,
                "term": term,
                "estimate": fit.params[term],
                "ci_low": low,
                "ci_high": high,
                "p_value": fit.pvalues[term],
                "n": int(fit.nobs),
                "r_squared": fit.rsquared,
            }
        )
    out = round_frame(pd.DataFrame(rows))
    out.attrs["formula"] = formula
    out.attrs["confidence"] = 1 - alpha
    return out


def growth_rate(sensitivity: pd.DataFrame) -> pd.DataFrame:
    """Turn log-linear slopes on a year term into annual growth rates (exp(b) - 1)."""
    out = sensitivity.copy()
    for col in ("estimate", "ci_low", "ci_high"):
        out[f"growth_{col}"] = np.expm1(out[col])
    return round_frame(out)
