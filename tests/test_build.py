"""Tests of ``unionanalysis build`` on a tiny project of three notebooks.

The notebooks use plain Python (no ``unionanalysis.figures``) and write into the folder named
by ``UNIONANALYSIS_FIGURES``, as the real ones do through ``save_figure``. Tests marked
``slow`` start Jupyter kernels; the others check hashing, planning and bookkeeping directly.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import nbformat
import numpy as np
import pytest

from unionanalysis.build import state as bs
from unionanalysis.build.compare import compare_trees
from unionanalysis.build.plan import commit, plan, sweep
from unionanalysis.build.progress import LiveProgress, PlainProgress, make_progress
from unionanalysis.build.runner import kernel_env
from unionanalysis.cli import main

HEADER = "import os, pathlib\nout = pathlib.Path(os.environ['UNIONANALYSIS_FIGURES'])"

A_SUM = (
    "rows = open('../data/numbers.csv').read().split()\n"
    "total = sum(int(r) for r in rows[1:])\n"
    "(out / 'a_total.csv').write_text(f'total\\n{total}\\n')"
)
B_PLOT = (
    "import matplotlib.pyplot as plt\n"
    "def load_metrics():\n"
    "    return [float(v) for v in open('../data/metrics.csv').read().split()[1:]]\n"
    "fig, ax = plt.subplots(figsize=(2, 1.5))\n"
    "ax.plot(load_metrics())\n"
    "fig.savefig(out / 'b.png', dpi=40)\n"
    "(out / 'plots').mkdir()\n"
    "fig.savefig(out / 'plots' / 'b.svg')"
)
# Set order depends on the hash seed, so this checks that the build fixes PYTHONHASHSEED.
C_SET = "(out / 'c.tex').write_text(','.join({'alpha', 'beta', 'gamma', 'delta'}) + '\\n')"


def write_notebook(path: Path, *code: str, markdown: str | None = None) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    cells = [nbformat.v4.new_markdown_cell(markdown)] if markdown else []
    nb.cells = cells + [nbformat.v4.new_code_cell(src) for src in code]
    nbformat.write(nb, path)


def make_project(root: Path) -> Path:
    for folder in ("notebooks", "data", "figures", "src/unionanalysis"):
        (root / folder).mkdir(parents=True)
    (root / "requirements.lock").write_text("numpy==2.4.0\n")
    (root / "src/unionanalysis/tool.py").write_text("VALUE = 1\n")
    (root / "data/numbers.csv").write_text("n\n1\n2\n3\n")
    (root / "data/metrics.csv").write_text("value\n3\n1\n2\n")
    (root / "data/datapackage.json").write_text("{}\n")
    (root / "figures/.gitkeep").write_text("")
    write_notebook(root / "notebooks/a.ipynb", HEADER, A_SUM, markdown="# Totals")
    write_notebook(root / "notebooks/b.ipynb", HEADER, B_PLOT)
    write_notebook(root / "notebooks/c.ipynb", HEADER, C_SET)
    return root


def cli(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["build", "--project", str(project), "--jobs", "2", *args])
    return code, out.getvalue(), err.getvalue()


def started(out: str) -> list[str]:
    return sorted(line.split()[1] for line in out.splitlines() if line.startswith("start "))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in bs.list_outputs(folder)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """A project built once; tests that change things work on copies of it."""
    root = make_project(tmp_path_factory.mktemp("built") / "proj")
    code, out, err = cli(root)
    assert code == 0, out + err
    return root, out


@pytest.fixture
def copy(built, tmp_path) -> Path:
    """A private copy of the built project, build state included."""
    return Path(shutil.copytree(built[0], tmp_path / "proj"))


# What the notebooks would write, for tests that only need a consistent build record.
FAKE_OUTPUTS = {
    "a.ipynb": {"a_total.csv": "total\n6\n"},
    "b.ipynb": {"b.png": "not really a png", "plots/b.svg": "<svg/>"},
    "c.ipynb": {"c.tex": "alpha\n"},
}


@pytest.fixture
def project(tmp_path) -> Path:
    """A project recorded as built, made without kernels by committing staged files."""
    root = make_project(tmp_path / "proj")
    todo = plan(root)
    for name, files in FAKE_OUTPUTS.items():
        stage = tmp_path / "stage" / name
        for rel, text in files.items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            (stage / rel).write_text(text)
        assert commit(name, stage, root / "figures", todo.records, todo.inputs[name]) is None
    bs.save_state(root / ".build-cache/state.json", todo.records)
    (root / "figures/MANIFEST.csv").write_bytes(bs.manifest_bytes(todo.records))
    return root


# ----------------------------------------------------------------------------- with kernels


@pytest.mark.slow
def test_first_build_runs_every_notebook(built):
    root, out = built
    assert started(out) == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert (root / "figures/a_total.csv").read_text() == "total\n6\n"
    assert (root / "figures/b.png").read_bytes().startswith(b"\x89PNG")
    assert (root / "figures/plots/b.svg").read_text().lstrip().startswith("<?xml")
    manifest = (root / "figures/MANIFEST.csv").read_text().splitlines()
    assert manifest[0] == "file,notebook,sha256,data_sha256"
    rows = [line.split(",") for line in manifest[1:]]
    assert [r[:2] for r in rows] == [
        ["SOURCES.csv", "(build)"],
        ["a_total.csv", "a.ipynb"],
        ["b.png", "b.ipynb"],
        ["c.tex", "c.ipynb"],
        ["plots/b.svg", "b.ipynb"],
        ["references.bib", "(build)"],
    ]
    assert all(r[2] == bs.file_sha256(root / "figures" / r[0]) for r in rows)
    assert rows[3][3] == ""  # c reads no data
    assert rows[1][3] == bs.data_digest({"numbers.csv": bs.file_sha256(root / "data/numbers.csv")})
    # these notebooks write files without save_figure/save_table: nothing declared their rows
    assert (root / "figures/SOURCES.csv").read_text().splitlines() == [
        "file,metric_id,source_id",
        "a_total.csv,undeclared,undeclared",
        "b.png,undeclared,undeclared",
        "c.tex,undeclared,undeclared",
        "plots/b.svg,undeclared,undeclared",
    ]
    assert (root / "figures/references.bib").read_bytes() == b""  # no sources, no CITATION.cff
    report = (root / "reports/a.html").read_text()
    assert "Totals" in report and "numbers.csv" in report
    assert (root / "figures/.gitkeep").exists()


@pytest.mark.slow
def test_second_build_runs_nothing(copy):
    before = snapshot(copy / "figures")
    code, out, _ = cli(copy)
    assert code == 0
    assert started(out) == []
    assert "0 built, 3 up to date" in out
    assert snapshot(copy / "figures") == before


@pytest.mark.slow
def test_editing_code_reruns_only_that_notebook(copy):
    before = snapshot(copy / "figures")
    write_notebook(copy / "notebooks/a.ipynb", HEADER, A_SUM.replace("total}", "total * 10}"))
    code, out, _ = cli(copy)
    assert code == 0
    assert started(out) == ["a.ipynb"]
    assert "start a.ipynb (notebook changed)" in out
    after = snapshot(copy / "figures")
    assert after["a_total.csv"] == b"total\n60\n"
    assert {k for k in after if after[k] != before[k]} == {"a_total.csv", "MANIFEST.csv"}


@pytest.mark.slow
def test_data_change_reruns_only_its_readers(copy):
    before = snapshot(copy / "figures")
    (copy / "data/metrics.csv").write_text("value\n1\n5\n2\n")
    code, out, _ = cli(copy)
    assert code == 0
    assert started(out) == ["b.ipynb"]
    assert "start b.ipynb (data changed: metrics.csv)" in out
    after = snapshot(copy / "figures")
    assert after["b.png"] != before["b.png"]
    assert after["a_total.csv"] == before["a_total.csv"]
    assert after["c.tex"] == before["c.tex"]


@pytest.mark.slow
def test_forced_builds_are_byte_identical(built, tmp_path):
    # A fresh copy in another folder: equal bytes also show that no path leaks into outputs.
    other = Path(shutil.copytree(built[0], tmp_path / "elsewhere" / "proj2"))
    code, out, _ = cli(other, "--force")
    assert code == 0
    assert started(out) == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert snapshot(other / "figures") == snapshot(built[0] / "figures")
    assert snapshot(other / "reports") == snapshot(built[0] / "reports")
    for data in snapshot(other / "figures").values():
        assert str(tmp_path).encode() not in data


@pytest.mark.slow
def test_failing_notebook_keeps_its_figures(copy):
    before = snapshot(copy / "figures")
    write_notebook(
        copy / "notebooks/c.ipynb",
        HEADER,
        C_SET.replace("alpha", "omega"),
        "x = 1\nraise ValueError('boom')",
    )
    (copy / "data/numbers.csv").write_text("n\n4\n")
    code, out, err = cli(copy)
    assert code == 1
    assert "FAILED c.ipynb" in out
    assert "notebooks/c.ipynb: code cell 3 (`x = 1`): ValueError: boom" in err
    after = snapshot(copy / "figures")
    assert after["c.tex"] == before["c.tex"]  # the staged new c.tex never arrived
    assert after["a_total.csv"] == b"total\n4\n"  # the other notebook still ran
    c_rows = [r for r in after["MANIFEST.csv"].splitlines() if b",c.ipynb," in r]
    assert c_rows == [r for r in before["MANIFEST.csv"].splitlines() if b",c.ipynb," in r]
    assert "ValueError" in (copy / "reports/c.html").read_text()
    assert "failed last time" in plan(copy).run["c.ipynb"]


@pytest.mark.slow
def test_check_passes_on_a_fresh_build_and_touches_nothing(built):
    root = built[0]
    state = root / ".build-cache/state.json"
    before = (snapshot(root / "figures"), state.read_bytes(), state.stat().st_mtime_ns)
    code, out, err = cli(root, "--check")
    assert code == 0, err
    # 4 outputs + SOURCES.csv, references.bib and MANIFEST.csv
    assert "check passed: 7 files in figures/ match a fresh build of 3 notebooks" in out
    assert (snapshot(root / "figures"), state.read_bytes(), state.stat().st_mtime_ns) == before


@pytest.mark.slow
def test_check_names_modified_missing_and_extra_files(copy):
    (copy / "figures/a_total.csv").write_text("total\n7\n")
    (copy / "figures/plots/b.svg").unlink()
    (copy / "figures/stray.pdf").write_bytes(b"%PDF")
    code, _, err = cli(copy, "--check")
    assert code == 1
    # the message names the file and its first difference (a_total.csv holds 'total\n4\n'... built)
    [line] = [x for x in err.splitlines() if "differs: figures/a_total.csv" in x]
    assert "first difference at row 1 (line 2), column total: built '" in line
    assert "committed '7', relative difference" in line
    assert "missing from figures/: plots/b.svg" in err
    assert "extra in figures/ (no notebook makes it): stray.pdf" in err
    assert "b.png" not in err and "c.tex" not in err
    assert (copy / "figures/a_total.csv").read_text() == "total\n7\n"  # left alone


# ----------------------------------------------------------------------------- planning


def test_saving_a_notebook_unchanged_does_not_count(project):
    path = project / "notebooks/a.ipynb"
    nb = json.loads(path.read_text())
    nb["metadata"]["widgets"] = {"saved": "by lab"}
    for cell in nb["cells"]:
        cell["id"] = "changed-id-" + cell["cell_type"]
        if cell["cell_type"] == "code":
            cell["execution_count"] = 7
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    path.write_text(json.dumps(nb, indent=2))
    assert plan(project).run == {}


def test_markdown_edits_count_because_reports_show_them(project):
    write_notebook(project / "notebooks/a.ipynb", HEADER, A_SUM, markdown="# Sums")
    assert plan(project).run == {"a.ipynb": "notebook changed"}


def test_missing_or_modified_output_reruns_its_notebook(project):
    (project / "figures/b.png").unlink()
    (project / "figures/c.tex").write_text("edited by hand\n")
    assert plan(project).run == {
        "b.ipynb": "output missing: b.png",
        "c.ipynb": "output modified: c.tex",
    }


def test_package_source_and_lock_changes_rerun_everything(project):
    (project / "src/unionanalysis/sub").mkdir()
    (project / "src/unionanalysis/sub/new.py").write_text("X = 2\n")
    (project / "requirements.lock").write_text("numpy==2.4.1\n")
    reasons = plan(project).run
    assert sorted(reasons) == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert set(reasons.values()) == {"package source changed; requirements.lock changed"}


def test_other_files_do_not_count(project):
    (project / "src/unionanalysis/notes.txt").write_text("not python\n")
    (project / "data/places.csv").write_text("nobody reads this\n")
    assert plan(project).run == {}


def test_named_notebooks_restrict_the_build(project):
    (project / "requirements.lock").write_text("changed\n")
    assert list(plan(project, ["notebooks/b.ipynb", "c"]).run) == ["b.ipynb", "c.ipynb"]
    with pytest.raises(bs.BuildError, match=r"no notebook 'zzz'.*a\.ipynb, b\.ipynb, c\.ipynb"):
        plan(project, ["zzz"])
    code, _, err = cli(project, "zzz")
    assert code == 2 and "no notebook 'zzz'" in err


def test_bad_arguments_exit_2_with_a_message(project, tmp_path):
    code, _, err = cli(project, "--check", "a")
    assert code == 2 and "--check rebuilds every notebook" in err
    code, _, err = cli(project, "--jobs", "0")
    assert code == 2 and "--jobs must be at least 1" in err
    code, _, err = cli(tmp_path / "nowhere")
    assert code == 2 and "no notebooks/ folder" in err


def test_fresh_clone_recovers_ownership_from_the_manifest(project):
    shutil.rmtree(project / ".build-cache")
    todo = plan(project, ["a"])
    assert todo.run == {"a.ipynb": "no build record (fresh checkout)"}
    assert todo.records["b.ipynb"].outputs.keys() == {"b.png", "plots/b.svg"}
    (project / "figures/stray.csv").write_text("x\n")
    assert sweep(project / "figures", todo.records, todo.notebooks) == ["stray.csv"]
    assert (project / "figures/b.png").exists() and (project / "figures/.gitkeep").exists()


def test_sweep_deletes_nothing_while_a_notebook_was_never_built(project):
    write_notebook(project / "notebooks/d.ipynb", HEADER)
    (project / "figures/d_from_lab.png").write_bytes(b"png")
    todo = plan(project)
    assert todo.run == {"d.ipynb": "never built"}
    assert sweep(project / "figures", todo.records, todo.notebooks) == []
    assert (project / "figures/d_from_lab.png").exists()


def test_deleted_notebook_loses_its_figures(project):
    (project / "notebooks/c.ipynb").unlink()
    code, out, _ = cli(project)
    assert code == 0 and started(out) == []
    assert "removed figures/c.tex" in out
    assert not (project / "figures/c.tex").exists()
    assert b",c.ipynb," not in (project / "figures/MANIFEST.csv").read_bytes()


def test_unreadable_notebook_fails_alone(project):
    (project / "notebooks/c.ipynb").write_text("{not json")
    code, _, err = cli(project)
    assert code == 1
    assert "cannot read notebook c.ipynb" in err
    assert (project / "figures/c.tex").exists()


def test_commit_refuses_files_another_notebook_owns(project):
    todo = plan(project)
    stage = project / "stage"
    stage.mkdir()
    (stage / "c.tex").write_text("mine now\n")
    error = commit("a.ipynb", stage, project / "figures", todo.records, todo.inputs["a.ipynb"])
    assert error == "wrote files another notebook makes: c.tex (made by c.ipynb)"
    assert (project / "figures/c.tex").read_text() != "mine now\n"
    (stage / "c.tex").unlink()
    (stage / "MANIFEST.csv").write_text("x")
    error = commit("a.ipynb", stage, project / "figures", todo.records, todo.inputs["a.ipynb"])
    assert error is not None and "reserved" in error


def test_commit_replaces_outputs_and_drops_old_ones(project):
    todo = plan(project)
    stage = project / "stage"
    stage.mkdir()
    (stage / "a_new.csv").write_text("n\n")
    inputs = todo.inputs["a.ipynb"]
    assert commit("a.ipynb", stage, project / "figures", todo.records, inputs) is None
    assert not (project / "figures/a_total.csv").exists()
    assert (project / "figures/a_new.csv").read_text() == "n\n"
    assert todo.records["a.ipynb"].outputs == {
        "a_new.csv": bs.file_sha256(project / "figures/a_new.csv")
    }
    assert not (stage / "a_new.csv").exists()


# ----------------------------------------------------------------------------- hashing


def cells(*sources: str, kind: str = "code") -> list[dict]:
    return [{"cell_type": kind, "source": s, "metadata": {}} for s in sources]


def test_notebook_digest_depends_on_sources_only():
    base = bs.notebook_digest(cells("x = 1", "y = 2"))
    as_lines = [{"cell_type": "code", "source": ["x = ", "1"], "outputs": [1]}, *cells("y = 2")]
    assert bs.notebook_digest(as_lines) == base
    assert bs.notebook_digest(cells("x = 1", "y = 3")) != base
    assert bs.notebook_digest(cells("y = 2", "x = 1")) != base
    assert bs.notebook_digest(cells("x = 1", "y = 2", kind="markdown")) != base


LOADERS = {"load_metrics": ("metrics.csv", "datapackage.json"), "load_places": ("places.csv",)}


def test_data_references_finds_loaders_and_literal_paths():
    code = cells(
        "df = ua.load_metrics ()\nplaces = load_places(validate=False)",
        "raw = open('../data/raw/one.txt')\nx = pd.read_csv(\"data/extra.csv\")",
        "p = './data/sub/../other.csv'\nq = '../data/../secrets.txt'\nload_sources_x = 1",
        "r = f'../data/{name}.csv'",
    )
    assert bs.data_references(code, LOADERS) == {
        "metrics.csv",
        "datapackage.json",
        "places.csv",
        "raw/one.txt",
        "extra.csv",
        "other.csv",
    }


def test_data_references_ignores_markdown_and_unknown_names():
    assert (
        bs.data_references(cells("load_metrics() '../data/x.csv'", kind="markdown"), LOADERS)
        == set()
    )
    assert bs.data_references(cells("reload_metrics()", "load_metricsx()"), LOADERS) == set()


def test_hash_data_files_expands_folders_and_globs(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/1.txt").write_text("one")
    (tmp_path / "raw/2.txt").write_text("two")
    (tmp_path / "m.csv").write_text("m")
    hashes = bs.hash_data_files(["raw", "*.csv", "gone.csv", "none/*.txt"], tmp_path)
    assert sorted(hashes) == ["gone.csv", "m.csv", "none/*.txt", "raw/1.txt", "raw/2.txt"]
    assert hashes["gone.csv"] == hashes["none/*.txt"] == "missing"
    assert hashes["raw/2.txt"] == bs.file_sha256(tmp_path / "raw/2.txt")
    assert hashes["raw/1.txt"] != hashes["raw/2.txt"]


def test_loader_files_are_the_dataset_module_s():
    from unionanalysis.dataset import LOADER_FILES
    from unionanalysis.paths import LOADER_FILES as light

    assert LOADER_FILES is light
    assert set(LOADER_FILES) == {
        n for n in dir(__import__("unionanalysis.dataset").dataset) if n.startswith("load_")
    }


def test_state_round_trip_and_bad_state(tmp_path):
    inputs = bs.Inputs(notebook="n", data={"b.csv": "2", "a.csv": "1"}, package="p", lock="l")
    records = {"x.ipynb": bs.Record(inputs, {"f.png": "h"}, seconds=1.234, failed=True)}
    path = tmp_path / "state.json"
    bs.save_state(path, records)
    loaded = bs.load_state(path)
    assert loaded["x.ipynb"].inputs == inputs
    assert loaded["x.ipynb"].outputs == {"f.png": "h"}
    assert loaded["x.ipynb"].failed and loaded["x.ipynb"].seconds == 1.23
    path.write_text("{broken")
    assert bs.load_state(path) == {}
    path.write_text(json.dumps({"version": 999, "notebooks": {}}))
    assert bs.load_state(path) == {}


def test_manifest_is_sorted_and_round_trips(tmp_path):
    inputs = bs.Inputs(notebook="n", data={"d.csv": "1"}, package="p", lock="l")
    records = {
        "z.ipynb": bs.Record(inputs, {"b.png": "22", "a.csv": "11"}),
        "y.ipynb": bs.Record(None, {"c.tex": "33"}, manifest_data_sha256="dd"),
    }
    data = bs.manifest_bytes(records)
    data_sha = bs.data_digest({"d.csv": "1"})
    assert data.decode().splitlines() == [
        "file,notebook,sha256,data_sha256",
        f"a.csv,z.ipynb,11,{data_sha}",
        f"b.png,z.ipynb,22,{data_sha}",
        "c.tex,y.ipynb,33,dd",
    ]
    (tmp_path / "MANIFEST.csv").write_bytes(data)
    back = bs.load_manifest(tmp_path / "MANIFEST.csv")
    assert back["z.ipynb"].outputs == {"a.csv": "11", "b.png": "22"}
    assert back["z.ipynb"].inputs is None
    assert bs.manifest_bytes(back) == data


def test_kernel_env_points_the_kernel_at_the_project(tmp_path):
    env = kernel_env(tmp_path, tmp_path / "stage", tmp_path / "rc", base={"PYTHONPATH": "/x"})
    assert env["UNIONANALYSIS_FIGURES"] == str(tmp_path / "stage")
    assert env["UNIONANALYSIS_DATA"] == str(tmp_path / "data")
    assert env["PYTHONPATH"] == os.pathsep.join([str(tmp_path / "src"), "/x"])
    assert env["MPLBACKEND"] == "module://matplotlib_inline.backend_inline"
    assert env["PYTHONHASHSEED"] == "0"
    assert env["SOURCE_DATE_EPOCH"] == "0" and env["TZ"] == "UTC"


# ----------------------------------------------------------------------------- --check


def save_png(path: Path, pixels: np.ndarray, software: str) -> None:
    import matplotlib.image

    matplotlib.image.imsave(path, pixels, metadata={"Software": software})


def test_compare_trees_accepts_png_with_same_pixels(tmp_path):
    built, committed = tmp_path / "built", tmp_path / "committed"
    built.mkdir(), committed.mkdir()
    pixels = np.arange(12, dtype=float).reshape(3, 4) / 11
    save_png(built / "f.png", pixels, "one")
    save_png(committed / "f.png", pixels, "two")
    assert (built / "f.png").read_bytes() != (committed / "f.png").read_bytes()
    records = {
        "n.ipynb": bs.Record(None, {"f.png": bs.file_sha256(built / "f.png")}),
    }
    (built / "MANIFEST.csv").write_bytes(bs.manifest_bytes(records))
    records["n.ipynb"].outputs["f.png"] = bs.file_sha256(committed / "f.png")
    (committed / "MANIFEST.csv").write_bytes(bs.manifest_bytes(records))
    (committed / "README.md").write_text("ignored")
    result = compare_trees(built, committed)
    assert result.ok and result.matching == 2

    save_png(committed / "f.png", pixels[::-1], "two")
    result = compare_trees(built, committed)
    assert result.differs == ["MANIFEST.csv", "f.png"]


def test_compare_trees_manifest_excuse_covers_only_png_hashes(tmp_path):
    built, committed = tmp_path / "built", tmp_path / "committed"
    built.mkdir(), committed.mkdir()
    pixels = np.ones((2, 2))
    save_png(built / "f.png", pixels, "one")
    save_png(committed / "f.png", pixels, "two")
    row = "f.png,n.ipynb,{},{}\n"
    header = "file,notebook,sha256,data_sha256\n"
    (built / "MANIFEST.csv").write_text(header + row.format("a" * 64, "d1"))
    (committed / "MANIFEST.csv").write_text(header + row.format("b" * 64, "d2"))
    assert compare_trees(built, committed).differs == ["MANIFEST.csv"]
    (committed / "MANIFEST.csv").write_text(header + row.format("b" * 64, "d1"))
    assert compare_trees(built, committed).ok


# ----------------------------------------------------------------------------- progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_progress_lines():
    stream = io.StringIO()
    progress = PlainProgress(stream, total=2)
    progress.start("a.ipynb", "never built")
    progress.start("b.ipynb")
    progress.finish("a.ipynb", 12.34)
    progress.finish("b.ipynb", 1.0, "code cell 2 (`x`): KeyError: 'x'")
    progress.close()
    assert stream.getvalue().splitlines() == [
        "start a.ipynb (never built)",
        "start b.ipynb",
        "done a.ipynb 12.3s",
        "FAILED b.ipynb 1.0s: code cell 2 (`x`): KeyError: 'x'",
    ]


def test_live_progress_redraws_one_status_line():
    now = [100.0]
    stream = FakeTTY()
    progress = LiveProgress(stream, total=3, clock=lambda: now[0])
    progress.start("a.ipynb")
    progress.start("b.ipynb")
    now[0] = 104.0
    progress.tick()
    assert progress.status() == "[0/3 done, 0 failed] running: a.ipynb 4s, b.ipynb 4s"
    progress.finish("a.ipynb", 4.0, "boom")
    assert progress.status() == "[0/3 done, 1 failed] running: b.ipynb 4s"
    progress.close()
    text = stream.getvalue()
    assert "\r\x1b[2K[0/3 done, 0 failed] running: a.ipynb 4s, b.ipynb 4s" in text
    assert "\r\x1b[2KFAILED a.ipynb 4.0s: boom\n" in text
    assert text.endswith("\r\x1b[2K")  # status line cleared at the end


def test_make_progress_uses_lines_off_a_terminal_and_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert type(make_progress(io.StringIO(), 1)) is PlainProgress
    assert type(make_progress(FakeTTY(), 1)) is LiveProgress
    monkeypatch.setenv("CI", "true")
    assert type(make_progress(FakeTTY(), 1)) is PlainProgress
