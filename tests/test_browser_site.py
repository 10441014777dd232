"""The report site in a real browser: headless Chromium opens reports/ from file://.

A copy of the project is built from scratch (as on a fresh clone), so the pages tested are
the ones ``make figures`` writes, next to the executed notebooks they link to.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
from chromium import WAIT_MS, PageLog, browser_context, copy_project, require_chromium, screenshot

import unionanalysis as ua
from unionanalysis import maps
from unionanalysis.boundaries import boundaries
from unionanalysis.build.command import build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKS = 'svg g.role-mark[class*="figures_"] > path'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_chromium()
    project = copy_project(tmp_path_factory.mktemp("site") / "proj")
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        code = build(project, jobs=2, out=out)
    assert code == 0, out.getvalue()
    return project


@pytest.fixture(scope="module")
def browser(tmp_path_factory, site):
    with browser_context(tmp_path_factory.mktemp("profile")) as context:
        yield context


def _open(browser, path: Path):
    page = browser.new_page()
    log = PageLog()
    log.attach(page)
    page.goto(path.as_uri(), wait_until="load")
    return page, log


def _metrics(project: Path) -> pd.DataFrame:
    return pd.read_csv(project / "data" / "metrics.csv", dtype=str, keep_default_na=False)


def _open_explorer(browser, site):
    page, log = _open(browser, site / "reports" / "explorer.html")
    page.wait_for_selector("body[data-explorer-ready='true']", timeout=WAIT_MS)
    return page, log


def test_build_writes_both_pages_deterministically(site, tmp_path):
    from unionanalysis.site import write_site

    first = {n: (site / "reports" / n).read_bytes() for n in ("index.html", "explorer.html")}
    again = copy_project(tmp_path / "again")
    (again / "reports").mkdir()
    for report in (site / "reports").glob("0*.html"):
        (again / "reports" / report.name).write_bytes(report.read_bytes())
    write_site(again)
    for name, data in first.items():
        assert (again / "reports" / name).read_bytes() == data, name
        assert str(site) not in data.decode("utf-8"), f"{name} holds an absolute path"


def test_index_loads_offline_and_every_link_and_image_resolves(browser, site):
    page, log = _open(browser, site / "reports" / "index.html")
    page.wait_for_load_state("networkidle", timeout=WAIT_MS)
    screenshot(page, "site-index")
    assert log.errors == [] and log.failed == []
    assert all(u.startswith(("file:", "data:", "blob:")) for u in log.requests), log.requests
    images = page.eval_on_selector_all(
        "img", "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0])"
    )
    manifest = pd.read_csv(site / "figures" / "MANIFEST.csv")
    pngs = sorted(f for f in manifest["file"] if f.endswith(".png"))
    assert sorted(Path(src).name for src, _ in images) == pngs
    page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_function(
        "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)", timeout=WAIT_MS
    )
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert len(hrefs) > len(pngs)
    for href in hrefs:
        url = urlparse(href)
        if url.scheme != "file":
            raise AssertionError(f"link leaves the site: {href}")
        target = Path(unquote(url.path))
        assert target.is_file(), f"broken link {href}"
        if url.fragment and target.name == "index.html":
            assert page.locator(f"#{url.fragment}").count() == 1, href
    for name in ("02_stations.html", "explorer.html", "stations_by_place.pdf"):
        assert any(h.endswith(name) for h in hrefs), name
    page.close()


def test_explorer_embeds_every_row_and_draws_one_mark_each(browser, site):
    metrics = _metrics(site)
    page, log = _open_explorer(browser, site)
    spec = json.loads(page.inner_text("#explorer-data"))
    rows = spec["datasets"]["rows"]
    assert len(rows) == len(metrics)
    assert sorted(r["metric_id"] for r in rows) == sorted(metrics["metric_id"])
    assert page.locator(MARKS).count() == len(metrics)
    key = next(p["value"] for p in spec["params"] if p["name"] == "map_indicator")
    indicator, unit = key.split(" · ")
    drawn = maps.map_values(
        ua.load_metrics(site / "data"),
        ua.load_places(site / "data"),
        indicator=indicator,
        unit=unit,
    )
    map_marks = page.locator("svg g.role-mark.concat_0_layer_1_marks > path")
    assert map_marks.count() == len(drawn) > 0
    assert page.locator("svg g.role-mark.concat_0_layer_0_marks > path").count() == len(
        boundaries()
    )
    screenshot(page, "explorer-all")
    assert log.errors == [] and log.failed == []
    assert all(u.startswith(("file:", "data:", "blob:")) for u in log.requests), log.requests
    page.close()


def test_explorer_filter_changes_the_count(browser, site):
    metrics = _metrics(site)
    page, _ = _open_explorer(browser, site)
    measure = metrics["measure"].value_counts().index[1]  # not the commonest: a real change
    page.select_option("select[name='ctl_measure']", measure)
    expected = int((metrics["measure"] == measure).sum())
    page.wait_for_function(
        f"() => document.querySelectorAll('{MARKS}').length === {expected}", timeout=WAIT_MS
    )
    assert 0 < expected < len(metrics)
    level = metrics.loc[metrics["measure"] == measure, "place_level"].value_counts().index[0]
    page.select_option("select[name='ctl_level']", level)
    both = int(((metrics["measure"] == measure) & (metrics["place_level"] == level)).sum())
    page.wait_for_function(
        f"() => document.querySelectorAll('{MARKS}').length === {both}", timeout=WAIT_MS
    )
    screenshot(page, "explorer-filtered")
    page.close()


def test_explorer_hover_shows_the_quote_and_click_shows_the_row(browser, site):
    metrics = _metrics(site).set_index("metric_id")
    page, _ = _open_explorer(browser, site)
    mark = page.locator(MARKS).first
    mark.scroll_into_view_if_needed()
    mark.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=WAIT_MS)
    text = tooltip.inner_text()
    shown = [mid for mid in metrics.index if mid in text.split()]
    assert len(shown) == 1, text
    row = metrics.loc[shown[0]]
    assert row["quote"][:40] in text.replace("\n", "")
    sources = pd.read_csv(site / "data" / "sources.csv", dtype=str, keep_default_na=False)
    outlet = sources.set_index("source_id").loc[row["source_id"], "outlet"]
    assert outlet in text
    screenshot(page, "explorer-hover")
    mark.click()
    page.wait_for_function(
        "() => document.querySelectorAll('#explorer-rows tbody tr').length === 1",
        timeout=WAIT_MS,
    )
    cells = page.locator("#explorer-rows tbody tr td").all_inner_texts()
    assert cells[0] == shown[0]
    assert "1 point selected" in page.inner_text("#picked-note")
    screenshot(page, "explorer-selected")
    page.close()
