"""``ua.explore()`` in real JupyterLab, in headless Chromium.

A JupyterLab server starts on a free loopback port with a token and a temporary root
folder holding one notebook that calls ``ua.explore()``. The browser opens it, runs the
cell, and checks that the explorer draws one mark per curated row and redraws when a
control changes; then the server is shut down. Every wait is bounded.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from chromium import WAIT_MS, PageLog, browser_context, require_chromium, screenshot

from unionanalysis.paths import PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKS = 'svg g.role-mark[class*="figures_"] > path'
START_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"jupyter lab exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"jupyter lab did not answer within {START_SECONDS}s:\n{log.read_text()}")


@pytest.fixture
def lab(tmp_path):
    require_chromium()
    root = tmp_path / "root"
    root.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import unionanalysis as ua\n\nua.explore()")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "explore.ipynb")
    # no news or update toasts: one can sit over the chart and take the click meant for a mark
    notification = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8"
    )
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",
                "--LabApp.extension_manager=readonly",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
                f"--LabApp.user_settings_dir={tmp_path / 'settings'}",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token, tmp_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_explore_renders_and_filters_in_jupyterlab(lab):
    base, token, tmp = lab
    metrics = pd.read_csv(PROJECT_ROOT / "data" / "metrics.csv", dtype=str, keep_default_na=False)
    with browser_context(tmp / "profile") as context:
        page = context.new_page()
        log = PageLog()
        log.attach(page)
        page.goto(f"{base}/lab/tree/explore.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell .cm-content", timeout=WAIT_MS)
        # the kernel is connected once the status bar reads "Python 3 (ipykernel) | Idle"
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]"
            ".some(e => /\\| Idle/.test(e.textContent))",
            timeout=WAIT_MS * 2,
        )
        page.click(".jp-Notebook .jp-Cell .cm-content")
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_selector(".unionanalysis-explorer", timeout=WAIT_MS * 2)
        except Exception:
            screenshot(page, "lab-failure")
            raise AssertionError(f"no explorer in the output; page log: {log}") from None
        page.wait_for_function(
            f"() => document.querySelectorAll('{MARKS}').length === {len(metrics)}",
            timeout=WAIT_MS,
        )
        screenshot(page, "lab-explorer")
        measure = metrics["measure"].value_counts().index[1]
        page.select_option(".unionanalysis-explorer select[name='ctl_measure']", measure)
        expected = int((metrics["measure"] == measure).sum())
        page.wait_for_function(
            f"() => document.querySelectorAll('{MARKS}').length === {expected}", timeout=WAIT_MS
        )
        assert 0 < expected < len(metrics)
        # click a mark nothing else covers (reports of the same figure draw one on another)
        top = page.evaluate_handle(
            f"""() => [...document.querySelectorAll('{MARKS}')].find(m => {{
                m.scrollIntoView({{block: 'center'}});
                const r = m.getBoundingClientRect();
                return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === m;
            }})"""
        ).as_element()
        assert top is not None, "every mark is covered by another element"
        top.click()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.unionanalysis-explorer b')]"
            ".some(b => b.textContent.startsWith('1 point selected'))",
            timeout=WAIT_MS,
        )
        screenshot(page, "lab-explorer-filtered")
        leaving = [u for u in log.requests if not u.startswith((base, "data:", "blob:"))]
        assert leaving == [], leaving
        page.close()
