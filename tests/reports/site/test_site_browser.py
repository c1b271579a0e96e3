"""The progress site in a real browser: Playwright driving the Debian chromium that `make test`
installs (scripts/bootstrap-system).

Playwright rather than Selenium: it starts the system chromium directly (`executable_path`; no
chromedriver of a matching version to install), and it reports every request, console message
and download as an event, which is what this test checks. The site is opened from a loopback
static server (as a static host would serve it) and from file://.
"""

from __future__ import annotations

import csv
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright

from sti.db.sql_door import connect_read_only
from sti.reports.browser import chromium_binary
from sti.reports.site.build import build_site, site_server
from tests.conftest import Pipeline

pytestmark = pytest.mark.xdist_group("site")
MARKS_JS = """sel => Array.from(document.querySelectorAll(sel)).map(
    e => [e.dataset.kind, e.dataset.year, e.dataset.value]).sort()"""


@pytest.fixture(scope="module")
def site(baseline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(baseline.warehouse, out, dt.date.today(), baseline.warehouse.parent / "extracts")
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with site_server(site, port=0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


class Recorder:
    """Every request the page makes and every console error or uncaught exception."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "response",
            lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_binary(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _kpi_progress(warehouse: Path, kpi_id: str) -> dict[int, tuple[str, str]]:
    with connect_read_only(warehouse) as conn:
        rows = conn.execute(
            "select year, actual, status from marts.kpi_progress where kpi_id = ? order by year",
            [kpi_id],
        ).fetchall()
    return {y: ("" if a is None else str(int(a)), s) for y, a, s in rows}


def test_home_to_kpi_chart_download_and_language(
    browser: Any, base_url: str, baseline: Pipeline, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    seen = Recorder(page)
    page.goto(base_url + "index.html")
    assert page.locator("h1").inner_text() == "대전과학기술진흥종합계획 추진 현황"
    page.keyboard.press("Tab")  # the first stop is the skip link
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    page.get_by_role("link", name="기술기반 종사자 수 증가(고용창출)").first.click()
    page.wait_for_url("**/kpi/tech_workers.html")
    chart = page.evaluate(MARKS_JS, "svg.chart [data-kind]")
    table = page.evaluate(MARKS_JS, "table.chart-data td[data-kind]")
    assert len(chart) >= 5 and chart == table
    assert ["actual", "2023", "345957"] in chart

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    with saved.open(encoding="utf-8-sig") as handle:
        body = list(csv.reader(handle))[2:]
    shown = {int(r[1]): (r[4], r[9]) for r in body if r[2] == "plan_year"}
    assert shown == _kpi_progress(baseline.warehouse, "tech_workers")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/kpi/tech_workers.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "More jobs in tech-based industries"
    assert page.evaluate(MARKS_JS, "svg.chart [data-kind]") == chart
    page.get_by_role("link", name="한국어").click()
    page.wait_for_url("**/kpi/tech_workers.html")
    assert page.locator("html").get_attribute("lang") == "ko"

    assert seen.errors == []
    outside = [url for url in seen.requests if not url.startswith(base_url)]
    assert outside == [] and len(seen.requests) >= 6
    context.close()


def test_every_page_type_opens_from_file_without_errors(browser: Any, site: Path) -> None:
    page = browser.new_page()
    seen = Recorder(page)
    root = site.resolve().as_uri() + "/"
    for path in (
        "index.html",
        "subtask/1-1-3.html",
        "en/region.html",
        "quality.html",
        "methods.html",
        "packages/index.html",
    ):
        page.goto(root + path)
        assert page.locator("h1").count() == 1, path
        # the style sheet loaded (a relative link that works from file://)
        assert page.evaluate("document.styleSheets.length") == 1, path
    page.get_by_role("link", name="데이터 품질").first.click()
    page.wait_for_url("**/quality.html")
    assert seen.errors == []
    assert all(url.startswith(root) for url in seen.requests), seen.requests
    page.close()
