"""Provenance: every output lists the curated rows it was drawn from, and the build collects it."""

from __future__ import annotations

import csv
from collections import defaultdict

import bibtexparser
import pandas as pd
import pytest

import unionanalysis as ua
from unionanalysis import analysis
from unionanalysis.build import state as bs
from unionanalysis.figures import save_table
from unionanalysis.papers import provenance
from unionanalysis.papers.cite import DATA_KEY, SOFTWARE_KEY, source_key
from unionanalysis.paths import PROJECT_ROOT

FIGURES = PROJECT_ROOT / "figures"


def _csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def drawn() -> dict[str, set[tuple[str, str]]]:
    rows = _csv(FIGURES / "SOURCES.csv")
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        out[row["file"]].add((row["metric_id"], row["source_id"]))
    return out


def test_every_file_in_the_manifest_is_accounted_for(drawn):
    manifest = {row["file"]: row for row in _csv(FIGURES / "MANIFEST.csv")}
    own = {bs.SOURCES_NAME, bs.REFERENCES_NAME}
    assert own <= set(manifest), "SOURCES.csv and references.bib must be in MANIFEST.csv"
    for name in own:
        assert manifest[name]["notebook"] == bs.BUILD_NOTEBOOK
        assert manifest[name]["sha256"] == bs.file_sha256(FIGURES / name)
    outputs = set(manifest) - own
    assert set(drawn) == outputs
    undeclared = sorted(f for f, rows in drawn.items() if (("undeclared",) * 2) in rows)
    assert undeclared == [], f"saved without data=: {undeclared}"


def test_listed_ids_are_curated_rows(drawn):
    metrics = ua.load_metrics()
    known = set(
        zip(metrics["metric_id"].astype(str), metrics["source_id"].astype(str), strict=True)
    )
    sources = set(ua.load_sources()["source_id"].astype(str))
    for file, rows in drawn.items():
        for metric_id, source_id in rows:
            assert (metric_id, source_id) in known or (metric_id == "" and source_id in sources), (
                file,
                metric_id,
                source_id,
            )


def test_national_series_lists_exactly_its_points(drawn):
    national = analysis.series(ua.load_metrics(), indicator="stations_total")
    expected = set(zip(national["metric_id"], national["source_id"].astype(str), strict=True))
    for ext in ("pdf", "svg", "png", "csv", "tex"):
        assert drawn[f"stations_national_series.{ext}"] == expected
    # one point per year is drawn (tests/test_notebook_figures counts them in the figure)
    assert len(expected) == national["year"].nunique()


def test_sources_table_is_drawn_from_every_metric_and_exclusion_source(drawn):
    metrics, exclusions = ua.load_metrics(), ua.load_exclusions()
    rows = drawn["dataset_provenance.csv"]
    assert {m for m, _ in rows if m} == set(metrics["metric_id"])
    assert {s for _, s in rows} == set(ua.load_sources()["source_id"].astype(str))
    assert set(exclusions["source_id"].astype(str)) <= {s for _, s in rows}


def test_references_bib_cites_every_source_used_and_the_project(drawn):
    library = bibtexparser.parse_string((FIGURES / "references.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    used = {s for rows in drawn.values() for _, s in rows if s}
    assert [e.key for e in library.entries] == [
        *sorted(source_key(s) for s in used),
        DATA_KEY,
        SOFTWARE_KEY,
    ]


# --------------------------------------------------------------------------- the pieces


def test_ids_of_frames_columns_and_lists(analysis_make_metrics):
    frame = analysis_make_metrics(
        [{"source_id": "c001"}, {"source_id": "c002"}, {"source_id": "c002"}]
    )
    lookup = dict(zip(frame["metric_id"], frame["source_id"], strict=True))
    assert provenance.ids_of(frame, metric_sources=lookup) == [
        ("c001-01", "c001"),
        ("c002-02", "c002"),
        ("c002-03", "c002"),
    ]
    totals = pd.DataFrame({"metric_ids": ["c001-01; c002-02"], "funds_metric_id": ["c002-03"]})
    assert len(provenance.ids_of(totals, metric_sources=lookup)) == 3
    only_sources = pd.DataFrame({"source_id": ["c009", "c001"]})
    assert provenance.ids_of([only_sources, frame.iloc[:1]], metric_sources=lookup) == [
        ("", "c009"),
        ("c001-01", "c001"),
    ]
    assert provenance.ids_of([], metric_sources=lookup) == []
    with pytest.raises(KeyError, match="c404-01"):
        provenance.ids_of(pd.DataFrame({"metric_id": ["c404-01"]}), metric_sources=lookup)
    with pytest.raises(TypeError, match="takes DataFrames"):
        provenance.ids_of(["c001-01"], metric_sources=lookup)


def test_save_records_a_sidecar_only_in_a_build(tmp_path, monkeypatch):
    metrics = ua.load_metrics()
    picked = metrics[metrics["indicator"] == "stations_total"].head(3)
    monkeypatch.delenv(provenance.PROVENANCE_ENV, raising=False)
    save_table(picked[["metric_id", "value"]], "t", directory=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.tex"]
    sidecars = tmp_path / "stage" / provenance.SIDECAR_DIR
    monkeypatch.setenv(provenance.PROVENANCE_ENV, str(sidecars))
    save_table(picked[["value"]], "t", directory=tmp_path / "stage", data=picked)
    save_table(picked[["value"]], "none", directory=tmp_path / "stage", data=[])
    recorded = provenance.read_sidecars(tmp_path / "stage")
    expected = sorted(zip(picked["metric_id"], picked["source_id"].astype(str), strict=True))
    assert recorded == {"t.csv": expected, "t.tex": expected, "none.csv": [], "none.tex": []}
    assert (
        provenance.sources_bytes({"a.csv": [], "b.pdf": None, "c.csv": expected[:1]})
        == (
            "file,metric_id,source_id\n"
            "a.csv,,\n"
            "b.pdf,undeclared,undeclared\n"
            f"c.csv,{expected[0][0]},{expected[0][1]}\n"
        ).encode()
    )


def test_sources_csv_round_trips_for_a_fresh_clone(tmp_path):
    data = provenance.sources_bytes({"a.csv": [("c001-01", "c001")], "b.csv": []})
    (tmp_path / "SOURCES.csv").write_bytes(data)
    assert provenance.load_sources_csv(tmp_path / "SOURCES.csv") == {
        "a.csv": [("c001-01", "c001")],
        "b.csv": [],
    }
