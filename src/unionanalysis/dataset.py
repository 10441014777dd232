"""Load the curated tables in ``data/`` as typed, schema-checked DataFrames.

Each loader reads one CSV, checks it against ``data/datapackage.json`` (types,
required values, codes, patterns, lengths, ranges, unique ids) and the row
rules that need nothing else (``value_low <= value <= value_high``, the
reported text inside its quote, periods in order), then returns real dtypes:
categoricals for coded columns, nullable integers and floats, dates. Every
problem is collected before raising, so one run shows them all.

Checks that need other tables or the raw articles live in
:mod:`unionanalysis.validate`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import data_dir as default_data_dir
from .schema import Problem, Resource, ValidationError, read_package

__all__ = [
    "LOADER_FILES",
    "check_table",
    "load_exclusions",
    "load_metrics",
    "load_places",
    "load_sources",
    "read_table",
]

# Which files each loader reads (relative to data/). The build uses this to
# know which notebooks a data change affects.
LOADER_FILES: dict[str, tuple[str, ...]] = {
    "load_metrics": ("metrics.csv", "datapackage.json"),
    "load_sources": ("sources.csv", "datapackage.json"),
    "load_places": ("places.csv", "datapackage.json"),
    "load_exclusions": ("exclusions.csv", "datapackage.json"),
}


def read_table(path: Path, resource: Resource) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as strings, with a ``_line`` column holding each row's file line.

    Returns ``(None, problems)`` when the file cannot be read as a table: not
    UTF-8, malformed CSV, or required columns missing.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, "", "file", f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                name,
                line,
                "",
                "encoding",
                f"not UTF-8: byte {raw[exc.start]:#04x} at byte column {col} "
                "(save the file as UTF-8)",
            )
        ]
    text = text.removeprefix("\ufeff")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else 0
        return None, [Problem(name, line, "", "csv", f"malformed CSV: {exc}".strip())]

    problems: list[Problem] = []
    header = list(frame.columns)
    for col in resource.columns:
        if col not in header:
            problems.append(Problem(name, 1, col, "missing_column", "required column is missing"))
    for i, col in enumerate(header, start=1):
        if col not in resource.columns:
            problems.append(
                Problem(name, 1, str(col), "unknown_column", f"column {i} is not in the schema")
            )
    if any(p.rule == "missing_column" for p in problems):
        return None, problems
    frame = frame[resource.columns]
    frame.insert(0, "_line", _line_numbers(text, len(frame)))
    return frame, problems


def _line_numbers(text: str, n_rows: int) -> np.ndarray:
    """Physical line of each data row; fast path when no field spans lines."""
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if n_lines == n_rows + 1:
        return np.arange(2, n_rows + 2)
    import csv

    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    starts = []
    line = reader.line_num + 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[:n_rows])


def check_table(frame: pd.DataFrame, resource: Resource, file: str) -> list[Problem]:
    """Check every schema constraint of ``resource`` on a string frame from :func:`read_table`."""
    problems: list[Problem] = []
    lines = frame["_line"].to_numpy()

    def report(mask: pd.Series, column: str, rule: str, message: str) -> None:
        if not mask.any():
            return
        idx = np.flatnonzero(mask.to_numpy())
        values = frame[column].to_numpy()
        problems.extend(
            Problem(file, int(lines[i]), column, rule, message, str(values[i])) for i in idx
        )

    for f in resource.fields:
        col = frame[f.name]
        empty = col == ""
        present = ~empty
        if f.required:
            report(empty, f.name, "required", "value is required")
        if f.type in ("number", "integer"):
            num = pd.to_numeric(col.where(present), errors="coerce")
            bad = present & num.isna()
            report(bad, f.name, "type", f"not a valid {f.type}")
            if f.type == "integer":
                report(present & ~bad & (num % 1 != 0), f.name, "type", "not a whole number")
            if f.minimum is not None:
                report(num < f.minimum, f.name, "minimum", f"below the minimum {f.minimum:g}")
            if f.maximum is not None:
                report(num > f.maximum, f.name, "maximum", f"above the maximum {f.maximum:g}")
        elif f.type == "date":
            parsed = pd.to_datetime(col.where(present), format="%Y-%m-%d", errors="coerce")
            report(present & parsed.isna(), f.name, "type", "not an ISO date (YYYY-MM-DD)")
        if f.enum is not None:
            allowed = ", ".join(f.enum[:10])
            if len(f.enum) > 10:
                allowed += f", … ({len(f.enum)} codes: see datapackage.json)"
            report(present & ~col.isin(f.enum), f.name, "code", f"unknown code; allowed: {allowed}")
        if f.pattern is not None:
            ok = col.str.fullmatch(f.pattern)
            report(present & ~ok.astype(bool), f.name, "pattern", f"does not match {f.pattern}")
        if f.max_length is not None:
            report(
                col.str.len() > f.max_length,
                f.name,
                "max_length",
                f"longer than {f.max_length} characters",
            )
        if f.unique:
            dup = present & col.duplicated(keep="first")
            if dup.any():
                first = frame.loc[present].groupby(col[present], sort=False)["_line"].first()
                for i in np.flatnonzero(dup.to_numpy()):
                    value = frame[f.name].iat[i]
                    problems.append(
                        Problem(
                            file,
                            int(lines[i]),
                            f.name,
                            "duplicate",
                            f"duplicate id, first used on line {int(first[value])}",
                            value,
                        )
                    )
    return problems


def _row_rules(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Rules within one metrics row that need no other table."""
    problems: list[Problem] = []
    lines = frame["_line"].to_numpy()
    value = pd.to_numeric(frame["value"], errors="coerce")
    low = pd.to_numeric(frame["value_low"], errors="coerce")
    high = pd.to_numeric(frame["value_high"], errors="coerce")
    for mask, col, msg, shown in (
        (low > value, "value_low", "value_low is above value", frame["value_low"]),
        (value > high, "value_high", "value_high is below value", frame["value_high"]),
        (low > high, "value_low", "value_low is above value_high", frame["value_low"]),
    ):
        for i in np.flatnonzero(mask.to_numpy()):
            problems.append(Problem(file, int(lines[i]), col, "bounds_order", msg, shown.iat[i]))
    rep = frame["reported_text"].to_numpy()
    quote = frame["quote"].to_numpy()
    for i in range(len(frame)):
        if rep[i] and quote[i] and rep[i] not in quote[i]:
            problems.append(
                Problem(
                    file,
                    int(lines[i]),
                    "reported_text",
                    "reported_in_quote",
                    "reported_text does not occur in quote",
                    rep[i],
                )
            )
    start = pd.to_datetime(frame["period_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(frame["period_end"], format="%Y-%m-%d", errors="coerce")
    for i in np.flatnonzero((start > end).to_numpy()):
        problems.append(
            Problem(
                file,
                int(lines[i]),
                "period_start",
                "period_order",
                "period_start is after period_end",
                frame["period_start"].iat[i],
            )
        )
    return problems


def _coerce(frame: pd.DataFrame, resource: Resource) -> pd.DataFrame:
    """Give each column its real dtype; empty strings become missing values."""
    out = {}
    for f in resource.fields:
        col = frame[f.name]
        missing = col == ""
        if f.type == "number":
            out[f.name] = pd.to_numeric(col.mask(missing), errors="coerce").astype("Float64")
        elif f.type == "integer":
            out[f.name] = pd.to_numeric(col.mask(missing), errors="coerce").astype("Int64")
        elif f.type == "date":
            out[f.name] = pd.to_datetime(col.mask(missing), format="%Y-%m-%d", errors="coerce")
        elif f.enum is not None:
            out[f.name] = pd.Categorical(col.mask(missing), categories=list(f.enum))
        else:
            out[f.name] = col.mask(missing).astype("string")
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def _load(name: str, data_dir: Path | str | None, validate: bool) -> pd.DataFrame:
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    resource = read_package(base)[name]
    path = base / resource.path
    if not path.is_file():
        raise FileNotFoundError(f"{path}: table '{name}' is missing")
    frame, problems = read_table(path, resource)
    if frame is None:
        raise ValidationError(problems)
    if validate:
        problems += check_table(frame, resource, path.name)
        if name == "metrics":
            problems += _row_rules(frame, path.name)
        if problems:
            raise ValidationError(problems)
    return _coerce(frame, resource)


def load_metrics(data_dir: Path | str | None = None, *, validate: bool = True) -> pd.DataFrame:
    """The reported figures, one row per figure (``data/metrics.csv``)."""
    return _load("metrics", data_dir, validate)


def load_sources(data_dir: Path | str | None = None, *, validate: bool = True) -> pd.DataFrame:
    """The articles, one row per source file (``data/sources.csv``)."""
    return _load("sources", data_dir, validate)


def load_places(data_dir: Path | str | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Places with population, one row per place (``data/places.csv``)."""
    return _load("places", data_dir, validate)


def load_exclusions(data_dir: Path | str | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Numbers in article bodies deliberately not coded as metrics."""
    return _load("exclusions", data_dir, validate)
