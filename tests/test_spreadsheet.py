"""Text cells that spreadsheets would run as formulas: flagged in data/, written as text."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from unionanalysis.figures import save_table
from unionanalysis.paths import PROJECT_ROOT
from unionanalysis.spreadsheet import as_text_cell, is_formula_like
from unionanalysis.validate import validate_dataset


@pytest.mark.parametrize("text", ["=SUM(A1)", "+86 10", "-1+2", "@cmd", "\t=1", "\r=1"])
def test_formula_like_text_is_written_as_text(text):
    assert is_formula_like(text)
    assert as_text_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["全国工会驿站", "2023年", "", 3.5, -2, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert not is_formula_like(value)
    assert as_text_cell(value) == value


def test_save_table_writes_formula_like_cells_as_text_and_never_touches_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            "quote": pd.array(['=HYPERLINK("x")', "建成驿站602个"], dtype="string"),
            "note": ["@import", "fine"],
            "value": [-5.0, 602.0],
        }
    )
    csv_path, _ = save_table(frame, "t", directory=tmp_path)
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == '\'=HYPERLINK(""x""),\'@import,-5.0' or lines[1].startswith("\"'=HYPERLINK(")
    assert lines[2] == "建成驿站602个,fine,602.0"
    back = pd.read_csv(csv_path)
    assert back["value"].tolist() == [-5.0, 602.0]
    assert back["note"].tolist() == ["'@import", "fine"]


def test_validate_names_file_line_and_column_of_a_formula_like_cell(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    path = data / "exclusions.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert all(len(row) == len(rows[0]) for row in rows)  # one physical line per row
    rows[5][rows[0].index("notes")] = '=HYPERLINK("http://x")'
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = validate_dataset(data, check_sources=False)
    found = [p for p in report.problems if p.rule == "spreadsheet_formula"]
    assert [(p.file, p.line, p.column) for p in found] == [("exclusions.csv", 6, "notes")]
    assert found[0].value == '=HYPERLINK("http://x")'
