"""The validator: a clean tiny dataset passes; each kind of damage is named precisely."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from unionanalysis import load_metrics, load_places, load_sources
from unionanalysis.cli import main
from unionanalysis.paths import PROJECT_ROOT
from unionanalysis.schema import ValidationError
from unionanalysis.validate import validate_dataset

ARTICLE = (
    "市总工会新闻\n"
    "截至目前,市总工会已累计投入800余万元,建成工会爱心驿站300个,服务职工2万余人次。\n"
    "版权所有 2008-2022\n"
)
ARTICLE_BYTES = ARTICLE.encode("utf-8")
SHA = hashlib.sha256(ARTICLE_BYTES).hexdigest()
OTHER_BYTES = (
    "省总工会主席谈工会工作,强调坚持以职工为中心,服务职工群众,不断推进工会改革。\n".encode()
)
SHA2 = hashlib.sha256(OTHER_BYTES).hexdigest()

SOURCES = f"""source_id,file,sha256,outlet,title,author,published,date_precision,url,place_zh,notes
c001,corpus/001.txt,{SHA},太原日报,市总工会新闻,,2023-08-25,day,,太原市,
c002,corpus/002.txt,{SHA2},太原日报,another,,2023,year,,太原市,programme statement without figures
"""

HEAD = (
    "metric_id,source_id,place_zh,place_en,place_level,province_zh,adcode,reporting_body,"
    "programme_zh,programme_en,measure,indicator,value,value_low,value_high,qualifier,unit,"
    "reported_text,quote,period_start,period_end,period_kind,year,notes\n"
)
QUOTE = "截至目前,市总工会已累计投入800余万元,建成工会爱心驿站300个"
ROWS = [
    f"c001-01,c001,太原市,Taiyuan,prefecture,山西省,140100,市总工会,工会驿站,union stations,"
    f'funds,funds_invested,8000000,8000000,9000000,more_than,yuan,800余万元,"{QUOTE}",'
    f",2023-08-25,cumulative,2023,",
    f"c001-02,c001,太原市,Taiyuan,prefecture,山西省,140100,市总工会,工会驿站,union stations,"
    f'stations,stations_total,300,300,300,exact,facility,300个,"{QUOTE}",,2023-08-25,as_of,2023,',
    "c001-03,c001,太原市,Taiyuan,prefecture,山西省,140100,市总工会,工会驿站,union stations,"
    "people,people_served,20000,20000,30000,more_than,person_time,2万余人次,"
    "服务职工2万余人次,,2023-08-25,cumulative,2023,",
]
METRICS = HEAD + "\n".join(ROWS) + "\n"
EXCLUSIONS = "source_id,reported_text,quote,reason,notes\n"
PLACES = (
    "place_zh,place_en,level,parent_zh,adcode,population,population_year,"
    "population_basis,population_source,notes\n"
    "太原市,Taiyuan,prefecture,山西省,140100,5304061,2020,census_2020,test figure,\n"
)


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, Path]:
    """A valid tiny dataset and its source folder."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "datapackage.json", data)
    (data / "sources.csv").write_text(SOURCES, encoding="utf-8")
    (data / "metrics.csv").write_text(METRICS, encoding="utf-8")
    (data / "exclusions.csv").write_text(EXCLUSIONS, encoding="utf-8")
    (data / "places.csv").write_text(PLACES, encoding="utf-8")
    src = tmp_path / "sources"
    (src / "corpus").mkdir(parents=True)
    (src / "corpus" / "001.txt").write_bytes(ARTICLE_BYTES)
    (src / "corpus" / "002.txt").write_bytes(OTHER_BYTES)
    (src / "manifest.tsv").write_text(
        f"file\tsha256\ncorpus/001.txt\t{SHA}\ncorpus/002.txt\t{SHA2}\n", encoding="utf-8"
    )
    return data, src


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(data: Path, src: Path | None = None) -> list:
    return validate_dataset(data, sources_dir=src, check_sources=src is not None).problems


def test_clean_dataset_passes_and_loads_with_real_dtypes(dataset):
    data, src = dataset
    report = validate_dataset(data, sources_dir=src)
    assert report.problems == []
    assert report.summary().startswith("ok: 2 sources, 3 metrics, 0 exclusions, 1 places")
    m = load_metrics(data)
    assert isinstance(m["unit"].dtype, pd.CategoricalDtype)
    assert list(m["unit"].cat.categories)[:3] == ["yuan", "person", "person_time"]
    assert str(m["value"].dtype) == "Float64"
    assert str(m["year"].dtype) == "Int64"
    assert m["period_end"].dtype.kind == "M"
    assert m["period_start"].isna().all()
    assert m.loc[0, "value_high"] == 9_000_000
    assert str(load_places(data)["population"].dtype) == "Int64"
    assert load_sources(data)["published"].tolist() == ["2023-08-25", "2023"]


def test_bad_code_is_named_with_file_line_and_column(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",more_than,yuan,", ",more_than,dollars,")
    [p] = problems(data)
    assert (p.file, p.line, p.column, p.rule, p.value) == (
        "metrics.csv",
        2,
        "unit",
        "code",
        "dollars",
    )
    assert "allowed: yuan" in str(p)


def test_bad_number(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",300,300,300,", ",300,3o0,300,")
    found = {(p.line, p.column, p.rule) for p in problems(data)}
    assert (3, "value_low", "type") in found


def test_value_that_disagrees_with_reported_text(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",300,300,300,exact", ",30,30,30,exact")
    [p] = problems(data)
    assert (p.line, p.column, p.rule) == (3, "value", "value_mismatch")
    assert "'300个' reads as 300" in p.message


def test_bounds_that_break_the_codebook_rule(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",20000,20000,30000,", ",20000,20000,21000,")
    [p] = problems(data)
    assert (p.line, p.rule) == (4, "bounds_rule")
    assert "[20000, 30000]" in p.message


def test_low_above_high(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",8000000,8000000,9000000,", ",8000000,9500000,9000000,")
    rules = {(p.line, p.column, p.rule) for p in problems(data)}
    assert (2, "value_low", "bounds_order") in rules


def test_duplicate_id_names_the_first_line(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", "c001-02,", "c001-01,")
    dup = [p for p in problems(data) if p.rule == "duplicate"]
    assert len(dup) == 1
    assert (dup[0].line, dup[0].column, dup[0].value) == (3, "metric_id", "c001-01")
    assert "first used on line 2" in dup[0].message


def test_missing_column(dataset):
    data, _ = dataset
    frame = pd.read_csv(data / "metrics.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="qualifier").to_csv(data / "metrics.csv", index=False)
    [p] = problems(data)
    assert (p.file, p.line, p.column, p.rule) == ("metrics.csv", 1, "qualifier", "missing_column")
    with pytest.raises(ValidationError, match="qualifier"):
        load_metrics(data)


def test_non_utf8_file(dataset):
    data, _ = dataset
    text = (data / "places.csv").read_text(encoding="utf-8")
    (data / "places.csv").write_bytes(text.encode("gb18030"))
    [p] = problems(data)
    assert (p.file, p.line, p.rule) == ("places.csv", 2, "encoding")  # first non-ASCII row
    assert "not UTF-8" in p.message


def test_quote_not_in_source_and_hash_mismatch(dataset):
    data, src = dataset
    edit(data / "metrics.csv", "服务职工2万余人次,", "服务工人2万余人次,")
    (src / "corpus" / "002.txt").write_bytes(OTHER_BYTES + b"\n")
    found = {(p.file, p.line, p.rule) for p in problems(data, src)}
    assert ("metrics.csv", 4, "quote_not_in_source") in found
    assert ("sources.csv", 3, "sha256_mismatch") in found


def test_uncovered_body_number_is_reported(dataset):
    data, src = dataset
    text = (data / "metrics.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "metrics.csv").write_text("".join(text[:3]), encoding="utf-8")  # drop 2万余人次
    uncovered = [p for p in problems(data, src) if p.rule == "uncovered_number"]
    assert [(p.line, p.value) for p in uncovered] == [(2, "2万余人次")]
    assert "c001: body number at offset" in uncovered[0].message
    # an exclusion covers it again
    edit(
        data / "exclusions.csv",
        "notes\n",
        "notes\nc001,2万余人次,服务职工2万余人次,other,test\n",
    )
    assert [p for p in problems(data, src) if p.rule == "uncovered_number"] == []


def test_source_without_metrics_needs_a_note(dataset):
    data, _ = dataset
    edit(data / "sources.csv", "programme statement without figures", "")
    [p] = problems(data)
    assert (p.file, p.line, p.column, p.rule) == ("sources.csv", 3, "notes", "no_metrics")


def test_unknown_source_and_place(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", "c001-03,c001,太原市", "c001-03,c009,大同市")
    rules = {(p.line, p.column, p.rule) for p in problems(data)}
    assert {(4, "source_id", "unknown_reference"), (4, "place_zh", "unknown_reference")} <= rules


def test_cli_exit_codes_and_output(dataset, capsys):
    data, src = dataset
    assert main(["validate", "--data", str(data), "--sources", str(src)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: ")
    edit(data / "metrics.csv", ",more_than,yuan,", ",more_than,dollars,")
    assert main(["validate", "--data", str(data), "--no-sources"]) == 1
    captured = capsys.readouterr()
    assert "metrics.csv:2: column unit: value 'dollars'" in captured.out
    assert "1 problem(s) found" in captured.err


def test_bad_date_and_period_order(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", ",,2023-08-25,as_of,", ",2023-02-30,2023-08-25,as_of,")
    edit(
        data / "metrics.csv",
        ",,2023-08-25,cumulative,2023,",
        ",2024-01-01,2023-08-25,cumulative,2023,",
    )
    found = {(p.line, p.column, p.rule, p.value) for p in problems(data)}
    assert (3, "period_start", "type", "2023-02-30") in found
    assert (2, "period_start", "period_order", "2024-01-01") in found


def test_malformed_row_names_its_line(dataset):
    data, _ = dataset
    with (data / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write("大同市,Datong,prefecture\n")
    [p] = problems(data)
    assert (p.file, p.line, p.rule) == ("places.csv", 3, "csv")
    assert "3 fields where the header has 10" in p.message


def test_whole_number_and_empty_file(dataset):
    data, _ = dataset
    edit(data / "places.csv", ",5304061,2020,", ",5304061.5,2020,")
    [p] = problems(data)
    assert (p.line, p.column, p.rule, p.value) == (2, "population", "type", "5304061.5")
    (data / "exclusions.csv").write_text("", encoding="utf-8")
    assert ("exclusions.csv", 1, "csv") in {(q.file, q.line, q.rule) for q in problems(data)}


def test_lines_stay_right_after_a_multiline_field(dataset):
    data, _ = dataset
    edit(data / "metrics.csv", "cumulative,2023,\nc001-02", 'cumulative,2023,"two\nlines"\nc001-02')
    edit(data / "metrics.csv", ",20000,20000,30000,", ",20000,20000,21000,")
    [p] = problems(data)
    assert (p.line, p.rule) == (5, "bounds_rule")  # row 3 of data starts on line 5


# --- the shipped dataset --------------------------------------------------------


def test_shipped_dataset_validates():
    from unionanalysis.paths import sources_dir

    root = sources_dir()
    report = validate_dataset(check_sources=root is not None)
    assert report.problems == [], "\n".join(map(str, report.problems[:20]))
    # every article of manifest.tsv (47) and corpus2/manifest.tsv (200) is curated
    assert report.counts["metrics"] > 1300 and report.counts["sources"] == 247
    if root is None:
        pytest.skip("raw source texts not available: schema and rules checked, evidence not")
    assert report.texts_checked == 247


SHIPPED = PROJECT_ROOT / "data"


@pytest.mark.parametrize(
    ("table", "line", "column", "old", "new", "rule"),
    [
        ("metrics.csv", 2, "unit", ",exact,event,", ",exact,events,", "code"),
        ("metrics.csv", 2, "value_low", ",156,156,156,", ",156,200,156,", "bounds_order"),
        ("metrics.csv", 3, "metric_id", "seed000-02,", "seed000-01,", "duplicate"),
        ("sources.csv", 2, "sha256", ",e139c1ff", ",x139c1ff", "pattern"),
        ("places.csv", 2, "level", ",national,", ",nation,", "code"),
    ],
)
def test_broken_copies_of_the_shipped_data(tmp_path, table, line, column, old, new, rule):
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    lines = (data / table).read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], f"test setup: {old!r} not on line {line} of {table}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    (data / table).write_text("\n".join(lines), encoding="utf-8")
    found = [(p.file, p.line, p.column, p.rule) for p in problems(data)]
    assert (table, line, column, rule) in found, found


# --- places.csv: codes, levels and parents agree --------------------------------

PROVINCE_ROW = "山西省,Shanxi,province,,140000,34915616,2020,census_2020,test figure,\n"


@pytest.mark.parametrize(
    ("row", "column", "rule", "value"),
    [
        # 大同 given Hebei's prefecture code while its parent is 山西省 (140000)
        (
            "大同市,Datong,prefecture,山西省,130200,,,,,\n",
            "adcode",
            "adcode_parent",
            "130200",
        ),
        # a county code on a prefecture row
        ("大同市,Datong,prefecture,山西省,140213,,,,,\n", "adcode", "adcode_level", "140213"),
        # a Datong district filed under Taiyuan
        ("平城区,Pingcheng,county,太原市,140213,,,,,\n", "adcode", "adcode_parent", "140213"),
        # a prefecture whose parent is another prefecture
        ("大同市,Datong,prefecture,太原市,140200,,,,,\n", "parent_zh", "parent_level", "太原市"),
        # a population with no source
        (
            "大同市,Datong,prefecture,山西省,140200,3105591,2020,census_2020,,\n",
            "population_source",
            "unsourced_population",
            "3105591",
        ),
    ],
)
def test_place_rows_that_disagree_with_their_parent(dataset, row, column, rule, value):
    data, _ = dataset
    with (data / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write(PROVINCE_ROW + row)
    found = [(p.file, p.line, p.column, p.rule, str(p.value)) for p in problems(data)]
    assert ("places.csv", 4, column, rule, value) in found, found
    assert {(f[0], f[1]) for f in found} == {("places.csv", 4)}, found


def test_place_rows_that_agree_pass(dataset):
    data, _ = dataset
    with (data / "places.csv").open("a", encoding="utf-8") as fh:
        fh.write(PROVINCE_ROW)
        fh.write("古交市,Gujiao,county,太原市,140181,,,,,\n")
        fh.write("大同市,Datong,prefecture,山西省,140200,3105591,2020,census_2020,a bulletin,\n")
    assert problems(data) == []


def test_articles_of_both_manifests_must_be_curated(dataset):
    data, src = dataset
    (src / "corpus2").mkdir()
    (src / "corpus2" / "manifest.tsv").write_text(
        f"file\tsha256\ncorpus/002.txt\t{SHA2}\ncorpus2/007.txt\t{SHA}\n", encoding="utf-8"
    )
    found = [p for p in problems(data, src) if p.rule == "source_not_curated"]
    assert [(p.file, p.column, p.value) for p in found] == [
        ("sources.csv", "file", "corpus2/007.txt")
    ]
    assert "article in corpus2/manifest.tsv has no row" in found[0].message


def test_reconcile_findings_are_warnings_with_ids_and_exit_zero(dataset, capsys):
    data, _src = dataset
    # a second, later article reports fewer stations than c001: a falling stock
    later = ROWS[1].replace("c001-02,c001,", "c002-01,c002,").replace("2023-08-25", "2023-12-31")
    later = later.replace(",300,300,300,", ",200,200,200,").replace("300个", "200个")
    edit(
        data / "metrics.csv",
        ROWS[2],
        ROWS[2] + "\n" + later.replace(QUOTE, "建成工会爱心驿站200个"),
    )
    report = validate_dataset(data, check_sources=False)
    assert report.problems == []
    assert [w.finding_id for w in report.warnings] == ["stock_falls:c001-02>c002-01"]
    assert str(report.warnings[0]).startswith(
        "metrics.csv:5: warning [stock_falls:c001-02>c002-01]: stock stations_total for 太原市"
    )
    assert main(["validate", "--data", str(data), "--no-sources"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(report.warnings[0])
    assert out[-1].endswith("1 reconcile warning(s) (findings, not errors)")


def test_shipped_dataset_warns_about_the_falling_station_investment():
    report = validate_dataset(check_sources=False)
    assert report.ok
    ids = {w.finding_id: w for w in report.warnings}
    assert "cumulative_falls:c042-02>c041-08" in ids
    lines = (SHIPPED / "metrics.csv").read_text(encoding="utf-8").split("\n")
    row_of_later = next(i for i, line in enumerate(lines, start=1) if line.startswith("c041-08,"))
    assert ids["cumulative_falls:c042-02>c041-08"].line == row_of_later
