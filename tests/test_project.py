"""The compendium's promises about itself: environment files agree, CI runs the
README's test command, notebooks are stored clean with the standard kernel."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
import yaml

from unionanalysis.paths import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}

    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = set()
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        listed |= {_name(e) for e in entries if not e.startswith("-e")}
    listed -= {"python", "pip"}
    assert listed == wanted, (
        f"only in environment.yml: {sorted(listed - wanted)}; "
        f"only in pyproject.toml: {sorted(wanted - listed)}"
    )


def test_lock_file_pins_every_dependency():
    lock = (PROJECT_ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        _name(line) for line in lock.splitlines() if "==" in line and not line.startswith("#")
    }
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    needed = {_name(r) for r in project["dependencies"]}
    assert needed <= pinned, f"not pinned in requirements.lock: {sorted(needed - pinned)}"


def test_ci_runs_the_readme_test_command():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make figures" in head and "make test" in head
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", ci, re.M)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5, [nb.name for nb in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_stored_without_outputs_and_with_python3_kernel(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has a count"


def test_python3_kernel_imports_this_project():
    """The kernel `make lab` and the build start is the project's environment."""
    import subprocess
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    # jupyter_client launches a spec whose command is plain 'python' with its own interpreter
    exe = sys.executable if spec.argv[0] in ("python", "python3") else spec.argv[0]
    found = subprocess.run(
        [exe, "-c", "import unionanalysis; print(unionanalysis.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found.startswith(str(PROJECT_ROOT / "src")), found
