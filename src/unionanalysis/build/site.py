"""After the notebooks: write the report site (``reports/index.html``, ``reports/explorer.html``).

The site is drawn by the project's own code (``python -m unionanalysis.site`` with the
project's ``src`` first on the path and the build kernels' fixed environment), like the
notebooks, so what it shows matches the recorded code. It is rewritten only when something
it shows changed: the data, the code, the lock file, the figures' manifest, the notebooks
or the set of executed-notebook reports. A project without ``src/unionanalysis/site`` has
no site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from unionanalysis.build.runner import FIXED_ENV
from unionanalysis.build.state import (
    MANIFEST_NAME,
    BuildError,
    atomic_write_bytes,
    file_sha256,
    lock_digest,
    package_digest,
)

__all__ = ["SITE_PAGES", "site_digest", "update_site"]

SITE_PAGES = ("index.html", "explorer.html")
_STAMP = "site.json"


def _files(folder: Path, pattern: str = "*") -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob(pattern))
        if p.is_file() and not p.name.startswith(".")
    }


def site_digest(project: Path) -> str:
    """One hash over everything the site shows (see the module docstring)."""
    import hashlib

    manifest = project / "figures" / MANIFEST_NAME
    reports = sorted(
        p.name
        for p in (project / "reports").glob("*.html")
        if p.name not in SITE_PAGES and not p.name.startswith(".")
    )
    inputs = {
        "package": package_digest(project),
        "lock": lock_digest(project),
        "data": _files(project / "data"),
        "notebooks": _files(project / "notebooks", "*.ipynb"),
        "manifest": file_sha256(manifest) if manifest.is_file() else None,
        "reports": reports,
        "templates": _files(project / "src" / "unionanalysis", "*.j2"),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def update_site(project: Path, cache: Path, *, out: TextIO) -> bool:
    """Write the site when it is out of date; ``True`` when it was written.

    Raises :class:`BuildError` with the writer's error output when it fails; the pages
    already there are left as they were (each is replaced atomically, only once drawn).
    """
    if not (project / "src" / "unionanalysis" / "site").is_dir():
        return False
    stamp = cache / _STAMP
    digest = site_digest(project)
    pages = [project / "reports" / name for name in SITE_PAGES]
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8")).get("digest")
    except (OSError, ValueError):
        recorded = None
    if recorded == digest and all(p.is_file() for p in pages):
        return False
    env = dict(os.environ)
    env.update(FIXED_ENV)
    env["MPLBACKEND"] = "Agg"
    src = str(project / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "unionanalysis.site", "--project", str(project)],
        env=env,
        cwd=project,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-8:])
        raise BuildError(f"writing the report site failed:\n{tail}")
    atomic_write_bytes(stamp, json.dumps({"digest": digest}).encode() + b"\n")
    print("wrote reports/index.html and reports/explorer.html", file=out)
    return True
