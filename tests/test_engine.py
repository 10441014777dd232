"""The engine on a real distributed LocalCluster: same answers as the local path, resumable."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from test_archive import BINARY, UNDECODABLE, make_tar, make_zip, texts

import unionanalysis as ua
from unionanalysis.cli import main
from unionanalysis.engine import ExtractTask, run
from unionanalysis.extract import extract_frame
from unionanalysis.paths import sources_dir

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes on loopback, shared by this module's tests."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def frame_of(output: Path) -> pd.DataFrame:
    return ua.load_candidates(output, lazy=False)


def mixed_archive(folder: Path) -> list[Path]:
    """A folder, a zip and a tar.gz of generated articles, each with one bad member."""
    folder.mkdir()
    for i, text in enumerate(texts(6)):
        (folder / f"{i}.txt").write_text(text * 3, encoding="utf-8")
    (folder / "bad.txt").write_bytes(UNDECODABLE)
    z = make_zip(
        folder.parent / "more.zip",
        {f"z/{i}.txt": t.encode("gb18030") for i, t in enumerate(texts(5))} | {"z/x.png": BINARY},
    )
    t = make_tar(
        folder.parent / "more.tar.gz", {f"t/{i}.txt": t.encode() for i, t in enumerate(texts(4))}
    )
    return [folder, z, t]


def test_dask_gives_the_local_engines_rows_and_reports_the_same_bad_members(client, tmp_path):
    inputs = mixed_archive(tmp_path / "in")
    task = ExtractTask()
    local = run(
        inputs, task, tmp_path / "local", engine="local", partition_bytes=300, root=tmp_path
    )
    dask = run(inputs, task, tmp_path / "dask", client=client, partition_bytes=300, root=tmp_path)
    assert dask.partitions == local.partitions > 3
    assert (dask.articles, dask.rows) == (local.articles, local.rows) == (15, 6 * 9 + 5 * 3 + 4 * 3)
    pd.testing.assert_frame_equal(frame_of(tmp_path / "dask"), frame_of(tmp_path / "local"))
    assert sorted(map(str, dask.skipped)) == sorted(map(str, local.skipped))
    assert {s.name for s in dask.skipped} == {"in/bad.txt", "more.zip:z/x.png"}
    # tar members are read by the client and sent with their partition
    assert "more.tar.gz:t/3.txt" in set(frame_of(tmp_path / "dask")["file"])


@pytest.mark.sources
def test_dask_equals_the_local_extractor_on_the_sources(client, tmp_path):
    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    summary = run([root], ExtractTask(), tmp_path / "out", client=client, partition_bytes=2**16)
    assert summary.partitions >= 4 and summary.skipped == [] and summary.failed == []
    got = frame_of(tmp_path / "out")
    paths = sorted(root.rglob("*.txt"), key=lambda p: p.relative_to(root).as_posix())
    want = extract_frame(paths)
    assert summary.articles == len(paths) and len(got) == len(want) > 1000
    assert (got["article_id"] == got["file"]).all()
    pd.testing.assert_frame_equal(
        got.drop(columns="article_id"), want, check_dtype=False, check_exact=True
    )


def test_a_half_written_partition_is_redone_and_complete_ones_are_skipped(client, tmp_path):
    inputs = mixed_archive(tmp_path / "in")
    out = tmp_path / "out"
    first = run(inputs, ExtractTask(), out, client=client, partition_bytes=300, root=tmp_path)
    before = frame_of(out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    # a crash while part-00001 was being written: its Parquet cut short, no marker, a temporary left
    victim = out / "part-00001.parquet"
    victim.write_bytes(victim.read_bytes()[:50])
    (out / "part-00001.json").unlink()
    (out / ".part-00001.parquet.dead.tmp").write_bytes(b"partial")
    again = run(inputs, ExtractTask(), out, client=client, partition_bytes=300, root=tmp_path)
    assert (again.already_complete, again.ran) == (first.partitions - 1, 1)
    changed = {p.name for p in out.glob("part-*") if p.stat().st_mtime_ns != stamps.get(p.name)}
    assert changed == {"part-00001.parquet", "part-00001.json"}
    assert not list(out.glob(".*.tmp"))
    pd.testing.assert_frame_equal(frame_of(out), before)
    # other options make other rows: every partition is redone
    body = run(
        inputs, ExtractTask(body_only=True), out, engine="local", partition_bytes=300, root=tmp_path
    )
    assert body.already_complete == 0 and body.ran == first.partitions


def test_cli_on_a_running_scheduler_writes_parquet_and_reports_skips(client, tmp_path, capsys):
    inputs = mixed_archive(tmp_path / "in")
    out = tmp_path / "out"
    args = ["extract", "--engine", "dask", "--scheduler", client.scheduler.address]
    code = main([*args, "--no-progress", "--output", str(out), *map(str, inputs)])
    err = capsys.readouterr().err
    assert code == 2  # complete output, but some members were skipped
    assert "skipped: " in err and "x.png: binary file" in err and "bad.txt: cannot decode" in err
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["articles"] == 15 and manifest["config"] == {
        "task": "extract",
        "body_only": False,
    }
    assert len(frame_of(out)) == manifest["rows"] == 81


def test_load_candidates_pushes_columns_and_filters_down(tmp_path):
    inputs = mixed_archive(tmp_path / "in")
    run(inputs, ExtractTask(), tmp_path / "out", engine="local", partition_bytes=300, root=tmp_path)
    everything = frame_of(tmp_path / "out")
    filters = [("unit", "==", "person"), ("value", ">=", 302)]
    lazy = ua.load_candidates(tmp_path / "out", columns=["file", "value"], filters=filters)
    assert type(lazy).__module__.startswith("dask")
    got = lazy.compute().reset_index(drop=True)
    want = everything[(everything.unit == "person") & (everything.value >= 302)]
    assert list(got.columns) == ["file", "value"] and len(got) == len(want) > 0
    assert got["value"].tolist() == want["value"].tolist()
    eager = ua.load_candidates(tmp_path / "out", columns=["value"], filters=filters, lazy=False)
    assert eager["value"].tolist() == want["value"].tolist()
    with pytest.raises(FileNotFoundError, match="no complete partition"):
        ua.load_candidates(tmp_path / "in")


def test_engine_options_that_make_no_sense_are_refused(tmp_path, capsys):
    assert main(["extract", "--engine", "dask", str(tmp_path)]) == 2
    assert "give --output DIR" in capsys.readouterr().err
    assert main(["extract", "--workers", "2", str(tmp_path)]) == 2
    assert "need --engine dask" in capsys.readouterr().err
    assert not os.listdir(tmp_path)


@pytest.mark.sources
def test_curate_on_dask_equals_curate_in_one_process(client, tmp_path):
    from unionanalysis.curation.propose import REVIEW_COLUMNS, propose_article
    from unionanalysis.engine import CurateTask

    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    picked = tmp_path / "in"
    picked.mkdir()
    names = [
        "corpus2/003.txt",
        "corpus2/120.txt",
        "corpus/004.txt",
        "seeds/000_724886c98c96e1a2.txt",
    ]
    for name in names:
        (picked / name.replace("/", "_")).write_bytes((root / name).read_bytes())
    out = tmp_path / "out"
    summary = run([picked], CurateTask(), out, client=client, partition_bytes=4096, root=tmp_path)
    assert summary.partitions >= 2 and summary.failed == [] and summary.articles == 4
    got = frame_of(tmp_path / "out").drop(columns="article_id")
    want = pd.concat(
        [
            propose_article(p, file=f"in/{p.name}").rows[REVIEW_COLUMNS]
            for p in sorted(picked.iterdir())
        ],
        ignore_index=True,
    )
    assert len(got) == len(want) > 20
    assert set(got["decision"]) == {"metric", "exclusion"}
    for column in ("file", "decision", "reported_text", "indicator", "quote", "why"):
        assert got[column].tolist() == want[column].fillna("").astype(str).tolist(), column
    pd.testing.assert_series_equal(
        got["value"], pd.to_numeric(want["value"]).astype("float64"), check_names=False
    )
