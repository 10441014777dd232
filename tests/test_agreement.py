"""Inter-coder agreement: matching two codings by the number they code, per-field agreement."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from unionanalysis.curation.agreement import (
    agreement_markdown,
    agreement_table,
    disagreements,
    match_codings,
    read_coding,
)
from unionanalysis.paths import PROJECT_ROOT, sources_dir

ARTICLE = "市总工会慰问困难职工1200户,发放慰问金300万元。其中,资助学生50名。"


def _coding(tmp_path, name, metrics, exclusions):
    folder = tmp_path / name
    folder.mkdir()
    pd.DataFrame(
        [{"source_id": "x001", "file": "corpus/x.txt"}], columns=["source_id", "file"]
    ).to_csv(folder / "sources.csv", index=False)
    columns = ["source_id", "reported_text", "quote", "decision_note", *_FIELDS]
    pd.DataFrame(metrics, columns=columns).to_csv(folder / "metrics.csv", index=False)
    pd.DataFrame(exclusions, columns=["source_id", "reported_text", "quote", "reason"]).to_csv(
        folder / "exclusions.csv", index=False
    )
    return read_coding(folder)


_FIELDS = ["value", "qualifier", "unit", "measure", "indicator", "period_kind", "year"]


def _metric(text, quote, value, unit, indicator, measure="people", period="annual"):
    return ["x001", text, quote, "", value, "exact", unit, measure, indicator, period, "2020"]


def test_known_answer_for_two_small_codings(tmp_path):
    root = tmp_path / "sources"
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    a = _coding(
        tmp_path,
        "a",
        [
            _metric("1200户", "慰问困难职工1200户", "1200", "household", "people_consoled"),
            _metric("300万元", "发放慰问金300万元", "3000000", "yuan", "funds_disbursed", "funds"),
            _metric("50名", "资助学生50名", "50", "person", "students_aided_subset"),
        ],
        [],
    )
    b = _coding(
        tmp_path,
        "b",
        [
            # same number, another quote cut: still one match
            _metric("1200户", "市总工会慰问困难职工1200户", "1200.0", "household", "people_aided"),
            _metric("300万元", "慰问金300万元", "3e6", "yuan", "funds_disbursed", "funds"),
        ],
        [["x001", "50名", "资助学生50名", "other"]],
    )
    matched = match_codings(a, b, root)
    assert len(matched) == 3
    table = agreement_table(matched).set_index("field")
    assert table.loc["decision", ["compared", "agreed"]].tolist() == [3, 2]
    assert table.loc["value", ["compared", "agreed"]].tolist() == [2, 2]  # 1200 == 1200.0
    assert table.loc["indicator", ["compared", "agreed"]].tolist() == [2, 1]
    assert table.loc["unit", "share"] == 1.0
    found = disagreements(matched)
    assert found[["reported_text", "fields"]].values.tolist() == [
        ["1200户", "indicator"],
        ["50名", "decision"],
    ]
    assert found.iloc[0]["coder_b"] == "indicator=people_aided"


@pytest.mark.sources
def test_the_codebook_table_is_the_one_the_committed_codings_give():
    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    folder = PROJECT_ROOT / "data" / "agreement"
    matched = match_codings(read_coding(folder / "coder_a"), read_coding(folder / "coder_b"), root)
    codebook = (PROJECT_ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- agreement-table -->\n(.*?)<!-- /agreement-table -->", codebook, re.S)
    assert shown is not None, "docs/codebook.md has no agreement table between the markers"
    assert shown.group(1) == agreement_markdown(agreement_table(matched))
    assert matched["source_id"].nunique() == 20
