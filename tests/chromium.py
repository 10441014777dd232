"""Headless Chromium for the browser tests: the system browser, driven by Playwright.

Playwright never downloads a browser here; it starts ``/usr/bin/chromium`` (or
``$UNIONANALYSIS_CHROMIUM``) with a fresh profile. Where that browser is missing the
tests skip with a reason; CI installs it (``.ci/run``). Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from unionanalysis.paths import PROJECT_ROOT

CHROMIUM = Path(os.environ.get("UNIONANALYSIS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 30_000  # the longest any single wait in a browser test may take


def require_chromium() -> None:
    """Skip the calling test, saying why, when there is no browser to drive."""
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@dataclass
class PageLog:
    """What went wrong while a page was open: console errors, page errors, failed requests."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def console(message) -> None:
            if message.type == "error":
                self.errors.append(f"console error: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("request", lambda r: self.requests.append(r.url))


@contextmanager
def browser_context(profile: Path) -> Iterator:
    """A Playwright browser context on a fresh profile folder; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(WAIT_MS)
        try:
            yield context
        finally:
            context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact; returns its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def copy_project(target: Path) -> Path:
    """A copy of this checkout's sources, data, notebooks and figures (no build state)."""
    for name in ("src", "notebooks", "data", "figures"):
        shutil.copytree(
            PROJECT_ROOT / name,
            target / name,
            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
        )
    for name in ("requirements.lock", "pyproject.toml"):
        shutil.copy2(PROJECT_ROOT / name, target / name)
    return target
