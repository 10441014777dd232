"""The precision policy: derived numbers are written and drawn to 10 significant digits.

Ordinary least squares, logarithms and sums run through BLAS and SIMD kernels that numpy and
OpenBLAS choose by CPU, so the 15th–17th digit of an estimate differs from one machine to the
next. Every derived floating-point number that reaches a table or a figure (per-capita values,
shares, model estimates, confidence limits, p-values, R², fitted lines and bands) is therefore
rounded here, once, to :data:`SIGNIFICANT_DIGITS`: far more digits than a paper shows, far
fewer than floating-point noise. Counts and money stay exact: integral values are never
touched, and neither are integer or text columns.

p-values get :data:`P_VALUE_DIGITS` (4) instead: far in the tail (p = 1e-43 for a t of 30) the
relative error of a p-value is the relative error of t multiplied by about t², so its tenth
digit is noise. Columns named as statsmodels and this package name them (``p_value``,
``pvalue``, ``P>|t|``, ``P>|z|``) are treated as p-values.

Rounding goes through Python's correctly rounded decimal formatting (``format(x, ".10g")``),
which gives the same answer on every CPU; it does not use ``log10`` or ``numpy.round`` scaling,
whose last digits are themselves machine-dependent. ``save_table``, the plotting helpers and
the model helpers call these functions; notebooks need not.
"""

from __future__ import annotations

import math
from typing import Any, overload

import numpy as np
import pandas as pd

__all__ = [
    "P_VALUE_COLUMNS",
    "P_VALUE_DIGITS",
    "SIGNIFICANT_DIGITS",
    "round_array",
    "round_frame",
    "round_value",
]

SIGNIFICANT_DIGITS = 10
P_VALUE_DIGITS = 4
P_VALUE_COLUMNS = frozenset({"p_value", "pvalue", "P>|t|", "P>|z|"})


def round_value(x: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """``x`` to ``digits`` significant digits; integral, infinite and NaN values unchanged."""
    x = float(x)
    if not math.isfinite(x) or x.is_integer():
        return x
    return float(format(x, f".{digits}g"))


def round_array(values: Any, digits: int = SIGNIFICANT_DIGITS) -> np.ndarray:
    """A float64 copy of ``values`` with every element passed through :func:`round_value`."""
    array = np.array(values, dtype="float64")
    flat = array.reshape(-1)
    for i, x in enumerate(flat.tolist()):
        flat[i] = round_value(x, digits)
    return array


@overload
def round_frame(frame: pd.DataFrame, digits: int = ...) -> pd.DataFrame: ...
@overload
def round_frame(frame: pd.Series, digits: int = ...) -> pd.Series: ...


def round_frame(frame, digits: int = SIGNIFICANT_DIGITS):
    """A copy whose float columns (numpy or nullable ``Float64``) are rounded; others kept.

    p-value columns (:data:`P_VALUE_COLUMNS`) get at most :data:`P_VALUE_DIGITS` digits.
    """
    if isinstance(frame, pd.Series):
        return _round_series(frame, _digits_for(frame.name, digits))
    out = frame.copy()
    for column in out.columns:
        out[column] = _round_series(out[column], _digits_for(column, digits))
    return out


def _digits_for(column: object, digits: int) -> int:
    return min(digits, P_VALUE_DIGITS) if column in P_VALUE_COLUMNS else digits


def _round_series(series: pd.Series, digits: int) -> pd.Series:
    if not pd.api.types.is_float_dtype(series.dtype):
        return series
    present = series.notna()
    rounded = series.copy()
    if present.any():
        values = series[present].to_numpy(dtype="float64")
        rounded[present] = round_array(values, digits)
    return rounded
