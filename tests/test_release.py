"""unionanalysis release: a deterministic, validated, checksummed archive of the dataset."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
import yaml
from frictionless import validate

import unionanalysis as ua
from unionanalysis.cli import main
from unionanalysis.papers.release import ReleaseError, release
from unionanalysis.paths import PROJECT_ROOT

VERSION = ua.__version__
FOLDER = f"unionanalysis-data-{VERSION}"
EXPECTED = [
    "CITATION.cff",
    "LICENSE.md",
    "SHA256SUMS",
    "codebook.md",
    "datapackage.json",
    "exclusions.csv",
    "metrics.csv",
    "places.csv",
    "sources.csv",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The release built twice, into two folders."""
    first = release(tmp_path_factory.mktemp("one"))
    second = release(tmp_path_factory.mktemp("two"))
    return first, second


def test_built_twice_gives_identical_bytes(built):
    first, second = built
    assert first.name == f"unionanalysis-data-{VERSION}.zip"
    assert first.read_bytes() == second.read_bytes()
    assert stat.S_IMODE(first.stat().st_mode) == 0o644


def test_members_are_sorted_fixed_and_complete(built):
    with zipfile.ZipFile(built[0]) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names[:-1] == sorted(names[:-1]) and names[-1] == f"{FOLDER}/SHA256SUMS"
    assert sorted(n.split("/", 1)[1] for n in names) == sorted(EXPECTED)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {stat.S_IMODE(i.external_attr >> 16) for i in infos} == {0o644}


def test_archive_holds_the_shipped_files_with_their_checksums(built, tmp_path):
    with zipfile.ZipFile(built[0]) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / FOLDER
    for table in ("metrics.csv", "sources.csv", "datapackage.json", "LICENSE.md"):
        assert (root / table).read_bytes() == (PROJECT_ROOT / "data" / table).read_bytes()
    assert (root / "codebook.md").read_bytes() == (PROJECT_ROOT / "docs/codebook.md").read_bytes()
    sums = {}
    for line in (root / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    assert sorted(sums) == sorted(set(EXPECTED) - {"SHA256SUMS"})
    for name, digest in sums.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest


def test_extracted_archive_validates_with_frictionless(built, tmp_path):
    with zipfile.ZipFile(built[0]) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / FOLDER / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert report.stats["tasks"] == 4


def test_broken_table_fails_naming_the_problem_and_writes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    metrics = data / "metrics.csv"
    text = metrics.read_text(encoding="utf-8")
    metrics.write_text(text.replace(",156,156,156,exact,event,", ",156,156,156,exact,events,", 1))
    out = tmp_path / "dist"
    with pytest.raises(ReleaseError, match=r"metrics:2: .*events"):
        release(out, data=data)
    assert not out.exists() or list(out.iterdir()) == []
    assert main(["release", "--out", str(out), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "do not validate" in err and "metrics.csv:2: column unit: value 'events'" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_a_failed_release_keeps_the_previous_archive(built, tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    previous = out / built[0].name
    previous.write_bytes(built[0].read_bytes())
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    (data / "places.csv").unlink()
    with pytest.raises(ReleaseError, match=r"missing places\.csv"):
        release(out, data=data)
    assert previous.read_bytes() == built[0].read_bytes()
    assert [p.name for p in out.iterdir()] == [previous.name]


def test_zenodo_and_citation_metadata_agree_on_version():
    zenodo = json.loads((PROJECT_ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert zenodo["version"] == cff["version"] == VERSION
    assert zenodo["upload_type"] == "dataset" and zenodo["license"] == "cc-by-4.0"
    assert zenodo["publication_date"] == cff["date-released"]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]]
