"""Load the curated tables in ``data/`` as typed, schema-checked DataFrames.

Each loader reads one CSV, checks it against ``data/datapackage.json`` (types,
required values, codes, patterns, lengths, ranges, unique ids) and, for the
metrics, the row rules that need nothing else (``value_low <= value <=
value_high``, periods in order), then returns real dtypes: categoricals for
coded columns, nullable integers and floats, dates. Every problem is collected
before raising, so one run shows them all.

Arrow's CSV reader parses straight into the schema's types, which keeps a
million-row table within seconds and well under a gigabyte. Only when that
fails does a slower path read every cell as text to say which cells are
wrong. Checks that need other tables or the raw articles live in
:mod:`unionanalysis.validate`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .paths import LOADER_FILES
from .paths import data_dir as default_data_dir
from .schema import Field, Problem, Resource, ValidationError, read_package

__all__ = [
    "LOADER_FILES",
    "Table",
    "check_table",
    "load_exclusions",
    "load_metrics",
    "load_places",
    "load_sources",
    "read_table",
    "row_rules",
    "to_frame",
]


_NUMBER = r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$"
_INTEGER = r"^[-+]?\d+$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"


@dataclass
class Table:
    """A table as read from its CSV.

    ``data`` holds the schema's types (missing or unparsable cells are null);
    ``lines`` the file line of each row; ``text`` every cell as written, kept
    only when some cell did not parse, so messages can quote it.
    """

    file: str
    data: pa.Table
    lines: np.ndarray
    text: pa.Table | None = None

    def __len__(self) -> int:
        return self.data.num_rows

    def shown(self, column: str, i: int) -> str:
        """The cell as the file has it (or as near as the typed value allows)."""
        source = self.text if self.text is not None else self.data
        value = source.column(column)[i].as_py()
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)


def _arrow_type(f: Field) -> pa.DataType:
    if f.type == "number":
        return pa.float64()
    if f.type == "integer":
        return pa.int64()
    if f.type == "date":
        return pa.timestamp("s")
    if f.enum is not None:
        return pa.dictionary(pa.int32(), pa.string())
    return pa.large_string()


def _read_csv(path: Path, types: dict[str, pa.DataType], multiline: bool) -> pa.Table:
    convert = pacsv.ConvertOptions(
        column_types=types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    parse = pacsv.ParseOptions(newlines_in_values=multiline)
    return pacsv.read_csv(str(path), parse_options=parse, convert_options=convert)


def read_table(path: Path, resource: Resource) -> tuple[Table | None, list[Problem]]:
    """Read a CSV into the schema's types; problems of type are reported here.

    Returns ``(None, problems)`` when the file cannot be read as a table: not
    UTF-8, malformed CSV, or required columns missing.
    """
    name = path.name
    try:
        with path.open("rb") as fh:
            first = fh.readline().removeprefix(codecs.BOM_UTF8)
        header = next(csv.reader([first.decode("utf-8").rstrip("\r\n")]), [])
    except OSError as exc:
        return None, [Problem(name, 0, "", "file", f"cannot read file: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        return None, [_where_broken(name, path.read_bytes(), exc)]
    problems = _header_problems(name, header, resource)
    if any(p.rule in ("missing_column", "csv") for p in problems):
        return None, problems

    types = {f.name: _arrow_type(f) for f in resource.fields}
    types.update({h: pa.large_string() for h in header if h not in types})
    text = None
    try:
        data = _read_typed(path, types)
    except pa.ArrowInvalid:
        try:
            text = _read_typed(path, dict.fromkeys(types, pa.large_string()))
        except pa.ArrowInvalid as exc:
            return None, [*problems, _where_broken(name, path.read_bytes(), exc)]
        data = _parse_text(text, resource)
    data = data.select(resource.columns)
    table = Table(name, data, _line_numbers(path, data.num_rows), text)
    if text is not None:
        problems += _type_problems(table, resource)
    return table, problems


def _read_typed(path: Path, types: dict[str, pa.DataType]) -> pa.Table:
    """Arrow parses in parallel unless told that quoted fields span lines."""
    try:
        return _read_csv(path, types, multiline=False)
    except pa.ArrowInvalid as exc:
        if "CSV parse error" not in str(exc):
            raise
        return _read_csv(path, types, multiline=True)


def _header_problems(name: str, header: list[str], resource: Resource) -> list[Problem]:
    problems = []
    if not header or header == [""]:
        return [Problem(name, 1, "", "csv", "empty file: no header row")]
    for col in resource.columns:
        if col not in header:
            problems.append(Problem(name, 1, col, "missing_column", "required column is missing"))
    for i, col in enumerate(header, start=1):
        if col not in resource.columns:
            problems.append(
                Problem(name, 1, str(col), "unknown_column", f"column {i} is not in the schema")
            )
    return problems


def _parse_text(text: pa.Table, resource: Resource) -> pa.Table:
    """Typed columns from an all-text table; cells that do not parse become null."""
    columns = []
    for f in resource.fields:
        col = text.column(f.name)
        if f.type in ("number", "integer"):
            ok = pc.match_substring_regex(col, _NUMBER if f.type == "number" else _INTEGER)
            col = pc.if_else(ok, col, None).cast(_arrow_type(f))
        elif f.type == "date":
            ok = pc.match_substring_regex(col, _DATE)
            parsed = pc.strptime(col, format="%Y-%m-%d", unit="s", error_is_null=True)
            # strptime rolls 2023-02-30 over to March: keep only dates that round-trip
            same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), col.cast(pa.string()))
            col = pc.if_else(pc.and_(ok, same), parsed, None)
        elif f.enum is not None:
            col = col.cast(pa.string()).dictionary_encode()
        columns.append(col)
    return pa.table(columns, names=resource.columns)


def _type_problems(table: Table, resource: Resource) -> list[Problem]:
    problems = []
    what = {
        "number": "not a valid number",
        "integer": "not a whole number",
        "date": "not an ISO date (YYYY-MM-DD)",
    }
    for f in resource.fields:
        if f.type not in what:
            continue
        lost = pc.and_(
            pc.is_valid(table.text.column(f.name)), pc.is_null(table.data.column(f.name))
        )
        for i in _rows(lost):
            problems.append(
                Problem(
                    table.file,
                    int(table.lines[i]),
                    f.name,
                    "type",
                    what[f.type],
                    table.shown(f.name, i),
                )
            )
    return problems


def _where_broken(name: str, raw: bytes, exc: Exception) -> Problem:
    """Locate the first undecodable byte or malformed row of a file Arrow rejected."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = raw[: bad.start].count(b"\n") + 1
        col = bad.start - (raw.rfind(b"\n", 0, bad.start) + 1) + 1
        return Problem(
            name,
            line,
            "",
            "encoding",
            f"not UTF-8: byte {raw[bad.start]:#04x} at byte column {col} (save the file as UTF-8)",
        )
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return Problem(name, 1, "", "csv", "empty file: no header row")
    line = reader.line_num + 1
    for row in reader:
        if len(row) != len(header):
            return Problem(
                name,
                line,
                "",
                "csv",
                f"malformed CSV: {len(row)} fields where the header has {len(header)}",
            )
        line = reader.line_num + 1
    return Problem(name, 0, "", "csv", f"malformed CSV: {exc}")


def _line_numbers(path: Path, n_rows: int) -> np.ndarray:
    """Physical line of each data row; fast path when no field spans lines."""
    newlines, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 24):
            newlines += block.count(b"\n")
            last = block[-1:]
    if newlines + (last != b"\n") == n_rows + 1:
        return np.arange(2, n_rows + 2)
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    next(reader, None)
    starts = []
    line = reader.line_num + 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[:n_rows])


def _rows(mask: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Indices where a boolean Arrow mask is true (null counts as false)."""
    flags = pc.fill_null(mask, False)
    if isinstance(flags, pa.ChunkedArray):
        flags = flags.combine_chunks() if flags.num_chunks else pa.array([], pa.bool_())
    return np.flatnonzero(flags.to_numpy(zero_copy_only=False))


def _distinct(col: pa.ChunkedArray) -> list:
    """Distinct non-null values of a (possibly dictionary-encoded) column."""
    unique = pc.unique(col)
    if pa.types.is_dictionary(unique.type):
        unique = unique.dictionary_decode()
    return [v for v in unique.to_pylist() if v is not None]


def check_table(table: Table, resource: Resource) -> list[Problem]:
    """Check the constraints of ``resource`` (required, codes, patterns, lengths, ranges, ids)."""
    problems: list[Problem] = []

    def report(mask, f: Field, rule: str, message: str) -> None:
        problems.extend(
            Problem(table.file, int(table.lines[i]), f.name, rule, message, table.shown(f.name, i))
            for i in _rows(mask)
        )

    for f in resource.fields:
        col = table.data.column(f.name)
        raw = table.text.column(f.name) if table.text is not None else col
        if f.required:
            report(pc.is_null(raw), f, "required", "value is required")
        if f.minimum is not None:
            report(pc.less(col, f.minimum), f, "minimum", f"below the minimum {f.minimum:g}")
        if f.maximum is not None:
            report(pc.greater(col, f.maximum), f, "maximum", f"above the maximum {f.maximum:g}")
        if f.type == "string" and f.enum is None and f.pattern is not None:
            report(_breaks(col, f, "pattern"), f, "pattern", f"does not match {f.pattern}")
        elif f.enum is not None:
            # coded columns are dictionary-encoded: check each distinct value
            # once, and look for the rows only when one is bad
            bad = [v for v in _distinct(col) if not _allowed(v, f)]
            if bad:
                strings = col.cast(pa.large_string())
                mask = pc.is_in(strings, value_set=pa.array(bad, pa.large_string()))
                for rule, message in _why(f):
                    report(pc.and_(mask, _breaks(strings, f, rule)), f, rule, message)
        if f.max_length is not None and not pa.types.is_dictionary(col.type):
            too_long = pc.greater(pc.utf8_length(col), f.max_length)
            report(too_long, f, "max_length", f"longer than {f.max_length} characters")
        if f.unique:
            problems += _duplicates(table, f)
    return problems


def _allowed(value: str, f: Field) -> bool:
    if f.enum is not None and value not in f.enum:
        return False
    return f.pattern is None or re.fullmatch(f.pattern, value) is not None


def _why(f: Field) -> list[tuple[str, str]]:
    out = []
    if f.enum is not None:
        allowed = ", ".join(f.enum[:10])
        if len(f.enum) > 10:
            allowed += f", … ({len(f.enum)} codes: see datapackage.json)"
        out.append(("code", f"unknown code; allowed: {allowed}"))
    if f.pattern is not None:
        out.append(("pattern", f"does not match {f.pattern}"))
    return out


def _breaks(strings: pa.ChunkedArray, f: Field, rule: str) -> pa.ChunkedArray:
    if rule == "code":
        return pc.invert(pc.is_in(strings, value_set=pa.array(f.enum, pa.large_string())))
    pattern = f.pattern if f.pattern.startswith("^") else f"^(?:{f.pattern})$"
    return pc.invert(pc.match_substring_regex(strings, pattern))


def _duplicates(table: Table, f: Field) -> list[Problem]:
    col = pc.drop_null(table.data.column(f.name))
    if len(col) < 2:
        return []
    # sorting finds any repeat faster than hashing a million ids
    ordered = pc.take(col, pc.sort_indices(col))
    if not pc.any(pc.equal(ordered[1:], ordered[:-1])).as_py():
        return []
    col = table.data.column(f.name)
    series = pd.Series(col.to_pylist())
    dup = series.notna() & series.duplicated(keep="first")
    first_line = {}
    out = []
    for i, value in enumerate(series):
        if value is None:
            continue
        if value not in first_line:
            first_line[value] = int(table.lines[i])
        elif dup.iat[i]:
            out.append(
                Problem(
                    table.file,
                    int(table.lines[i]),
                    f.name,
                    "duplicate",
                    f"duplicate id, first used on line {first_line[value]}",
                    str(value),
                )
            )
    return out


def row_rules(table: Table) -> list[Problem]:
    """Rules within one metrics row: bounds in order, period in order."""
    problems: list[Problem] = []
    d = table.data
    value, low, high = d.column("value"), d.column("value_low"), d.column("value_high")
    checks = (
        (pc.greater(low, value), "value_low", "bounds_order", "value_low is above value"),
        (pc.greater(value, high), "value_high", "bounds_order", "value_high is below value"),
        (pc.greater(low, high), "value_low", "bounds_order", "value_low is above value_high"),
        (
            pc.greater(d.column("period_start"), d.column("period_end")),
            "period_start",
            "period_order",
            "period_start is after period_end",
        ),
    )
    for mask, col, rule, message in checks:
        problems.extend(
            Problem(table.file, int(table.lines[i]), col, rule, message, table.shown(col, i))
            for i in _rows(mask)
        )
    return problems


def _pandas_type(t: pa.DataType):
    if pa.types.is_large_string(t) or pa.types.is_string(t):
        return pd.StringDtype("pyarrow")
    if pa.types.is_floating(t):
        return pd.Float64Dtype()
    if pa.types.is_integer(t):
        return pd.Int64Dtype()
    return None


def to_frame(table: Table, resource: Resource) -> pd.DataFrame:
    """The typed pandas view: categoricals in schema order, nullable numbers, dates."""
    frame = table.data.to_pandas(types_mapper=_pandas_type)
    for f in resource.fields:
        if f.enum is not None:
            frame[f.name] = frame[f.name].astype("category").cat.set_categories(list(f.enum))
    return frame


def _load(name: str, data_dir: Path | str | None, validate: bool) -> pd.DataFrame:
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    resource = read_package(base)[name]
    path = base / resource.path
    if not path.is_file():
        raise FileNotFoundError(f"{path}: table '{name}' is missing")
    table, problems = read_table(path, resource)
    if table is None:
        raise ValidationError(problems)
    if validate:
        problems += check_table(table, resource)
        if name == "metrics":
            problems += row_rules(table)
        if problems:
            raise ValidationError(problems)
    return to_frame(table, resource)


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
