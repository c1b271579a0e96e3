"""The progress site (`sti site`) built from the shipped data: a page for every KPI of the targets
file and every sub-task, in both languages; charts that agree with their tables and downloads
that agree with marts.kpi_progress; as-of dating; byte-identical rebuilds; nothing loaded from
outside the site; a small home page; a folder that is not a site never replaced."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import urllib.request
from pathlib import Path

import pytest

from sti.cli import main
from sti.db.sql_door import connect_read_only
from sti.paths import RAW_DIR
from sti.reports.evaluation.workbook import write_csv
from sti.reports.site.build import SiteError, build_site, same_tree, site_server
from sti.reports.site.content import read_site
from sti.reports.site.pages import kpi_download
from tests.conftest import Pipeline

TODAY = dt.date(2026, 12, 7)
# The bound for the home page (a committee member on a phone).
HOME_LIMIT_BYTES = 300_000
pytestmark = pytest.mark.xdist_group("site")


@pytest.fixture(scope="module")
def site(baseline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(baseline.warehouse, out, TODAY, baseline.warehouse.parent / "extracts")
    return out


def _targets() -> list[str]:
    with (RAW_DIR / "targets" / "kpi_targets.csv").open(encoding="utf-8") as handle:
        return [row["kpi_id"] for row in csv.DictReader(handle)]


def test_every_kpi_and_subtask_has_a_page_in_both_languages(site: Path, baseline: Pipeline) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        subtasks = [
            r[0] for r in conn.execute("select subtask_code from marts.plan_subtask").fetchall()
        ]
    assert len(subtasks) == 32 and len(_targets()) >= 23
    for root in (site, site / "en"):
        for kpi_id in _targets():
            assert (root / "kpi" / f"{kpi_id}.html").is_file(), kpi_id
        for code in subtasks:
            assert (root / "subtask" / f"{code}.html").is_file(), code
    english = (site / "en" / "kpi" / "tech_establishments.html").read_text("utf-8")
    assert '<html lang="en">' in english and "More tech-based establishments" in english
    korean = (site / "kpi" / "tech_establishments.html").read_text("utf-8")
    assert '<html lang="ko">' in korean and "<h1>기술기반 사업체 수 증가</h1>" in korean


def _marks(html: str, pattern: str) -> set[tuple[str, str, str]]:
    return set(
        re.findall(
            pattern + r'[^>]*data-kind="([^"]+)" data-year="(\d+)" data-value="([^"]+)"', html
        )
    )


def test_each_chart_agrees_with_its_table(site: Path) -> None:
    drawn = 0
    for page in sorted((site / "kpi").glob("*.html")):
        html = page.read_text("utf-8")
        chart = _marks(html, r"<(?:circle|rect|polygon) ")
        table = _marks(html, r"<td ")
        assert chart == table, page.name
        drawn += bool(chart)
    assert drawn >= 20  # every KPI with a baseline, milestone or actual is drawn


def test_the_download_is_the_chart_and_agrees_with_kpi_progress(
    site: Path, baseline: Pipeline
) -> None:
    with (site / "data" / "kpi" / "tech_workers.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, english, body = rows[0], rows[1], rows[2:]
    assert header[:3] == ["성과지표 ID", "연도", "구분"] and english[:3] == [
        "KPI id",
        "Year",
        "Phase",
    ]
    plan = {
        int(r[1]): (r[4], r[6], r[9]) for r in body if r[2] == "plan_year"
    }  # value, milestone, status
    with connect_read_only(baseline.warehouse) as conn:
        expected = conn.execute(
            "select year, actual, milestone, status from marts.kpi_progress "
            "where kpi_id = 'tech_workers' order by year"
        ).fetchall()
    assert len(expected) == len(plan) == 5
    for year, actual, milestone, status in expected:
        value = "" if actual is None else str(int(actual))
        assert plan[year] == (value, "" if milestone is None else str(milestone), status)
    assert plan[2023][0] == "345957"  # 대전 tech-based workers 2023 (census sections)
    html = (site / "kpi" / "tech_workers.html").read_text("utf-8")
    assert 'data-kind="actual" data-year="2023" data-value="345957"' in html


def test_a_download_cell_never_runs_as_a_formula(
    site: Path, baseline: Pipeline, tmp_path: Path
) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        data = read_site(conn, TODAY, None)
    rows = [dict(r) for r in data.chart["tech_workers"]]
    rows[-1]["source"] = '=HYPERLINK("http://x")'
    hostile = dataclasses.replace(data, chart={**data.chart, "tech_workers": rows})
    path = write_csv(kpi_download(hostile, "tech_workers"), tmp_path / "k.csv")
    assert "'=HYPERLINK" in path.read_text("utf-8-sig")


def test_as_of_honours_publication(baseline: Pipeline, tmp_path: Path) -> None:
    """The strategy's KPIs enter on its publication (2026-04-16): a site as of January has no
    page for them, one as of May has all four."""
    january = build_site(baseline.warehouse, tmp_path / "jan", dt.date(2026, 1, 31)).folder
    may = build_site(baseline.warehouse, tmp_path / "may", dt.date(2026, 5, 1)).folder
    strategy = [k for k in _targets() if k.startswith("ns_")]
    assert len(strategy) == 4
    assert not any((january / "kpi" / f"{k}.html").exists() for k in strategy)
    assert all((may / "kpi" / f"{k}.html").exists() for k in strategy)
    assert "<strong>2026-01-31</strong>" in (january / "index.html").read_text("utf-8")
    # the 2025 reports were due on 2026-02-28: the January site judges the 2024 check
    assert "이행점검 기준연도: 2024" in (january / "index.html").read_text("utf-8")
    assert "이행점검 기준연도: 2025" in (may / "index.html").read_text("utf-8")


def test_the_same_as_of_gives_the_same_bytes(
    site: Path, baseline: Pipeline, tmp_path: Path
) -> None:
    again = build_site(
        baseline.warehouse, tmp_path / "again", TODAY, baseline.warehouse.parent / "extracts"
    )
    assert again.changed and same_tree(again.folder, site)
    before = {p: p.stat().st_mtime_ns for p in again.folder.rglob("*") if p.is_file()}
    unchanged = build_site(
        baseline.warehouse, again.folder, TODAY, baseline.warehouse.parent / "extracts"
    )
    assert not unchanged.changed
    assert {p: p.stat().st_mtime_ns for p in again.folder.rglob("*") if p.is_file()} == before
    other_day = build_site(baseline.warehouse, again.folder, TODAY + dt.timedelta(days=1))
    assert other_day.changed  # the as-of date is on every page


def test_nothing_outside_the_site_is_referenced(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        for ref in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not re.match(r"^(?:[a-z]+:|//)", ref), (page, ref)
            target = (page.parent / ref.split("#")[0]).resolve()
            assert target.is_relative_to(site.resolve()) and target.exists(), (page, ref)
        assert "<script" not in html
    css = (site / "assets" / "site.css").read_text("utf-8")
    assert "url(" not in css and "@import" not in css


def test_the_home_page_is_small_and_shows_the_plan_tree(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    assert (site / "index.html").stat().st_size < HOME_LIMIT_BYTES
    assert len(re.findall(r'href="subtask/\d-\d-\d\.html"', home)) == 32
    assert home.count("<strong>전략 ") == 4
    assert len(re.findall(r"<strong>\d-\d ", home)) == 12
    # status in words beside its colour, for every node
    assert home.count('<span class="status') >= 4 + 12 + 32


def test_a_folder_that_is_not_a_site_is_never_replaced(baseline: Pipeline, tmp_path: Path) -> None:
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(SiteError, match="did not write"):
        build_site(baseline.warehouse, foreign, TODAY)
    assert (foreign / "thesis.docx").read_bytes() == b"mine"


def test_serve_listens_on_loopback_only(site: Path) -> None:
    with site_server(site, port=0) as server:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        import threading

        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/index.html", timeout=10) as r:
                assert r.status == 200 and b'<html lang="en">' in r.read()
        finally:
            server.shutdown()


def test_the_command_line(
    baseline: Pipeline,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STI_WAREHOUSE", str(baseline.warehouse))
    out = tmp_path / "site"
    assert main(["site", "--out", str(out), "--as-of", "2026-06-30"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["site", "--out", str(out), "--as-of", "2026-06-30"]) == 0
    assert "unchanged:" in capsys.readouterr().out
    assert main(["site", "--out", str(out), "--as-of", "30/06/2026"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_what_a_date_knew(baseline: Pipeline) -> None:
    """The check year turns on the reports' due date (2026-02-28 for 2025); a chart holds no
    value released after the as-of date (the census values of 2020-2023 came on 2024-12-31)."""
    with connect_read_only(baseline.warehouse) as conn:
        due_eve = read_site(conn, dt.date(2026, 2, 27), None)
        due_day = read_site(conn, dt.date(2026, 2, 28), None)
        before_census = read_site(conn, dt.date(2024, 12, 30), None)
        census_day = read_site(conn, dt.date(2024, 12, 31), None)
    assert (due_eve.check_year, due_day.check_year) == (2024, 2025)

    def values(data: object, kpi: str) -> list[tuple[int, str]]:
        return [(r["year"], r["phase"]) for r in data.chart[kpi] if r["value"] is not None]  # type: ignore[attr-defined]

    assert values(before_census, "tech_establishments") == [(2020, "published_baseline")]
    assert values(census_day, "tech_establishments") == [
        (2020, "published_baseline"),
        (2020, "before_baseline"),
        (2021, "before_baseline"),
        (2022, "baseline"),
        (2023, "plan_year"),
    ]


def test_the_nightly_site_is_kept_while_its_content_is_the_same(
    baseline: Pipeline, tmp_path: Path
) -> None:
    """`keep_same_content` (the nightly refresh): the next day shows the same content, so the
    site stays as built, files and dates untouched; a day whose content differs rebuilds it.
    (No packages: tonight's drafts are dated by the clock, which would move the content.)"""
    extracts = None
    out = tmp_path / "site"
    build_site(baseline.warehouse, out, TODAY, extracts, keep_same_content=True)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    next_day = build_site(
        baseline.warehouse, out, TODAY + dt.timedelta(days=1), extracts, keep_same_content=True
    )
    assert not next_day.changed and next_day.pages == len(list(out.rglob("*.html")))
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps
    assert f"<strong>{TODAY.isoformat()}</strong>" in (out / "index.html").read_text("utf-8")
    # 2027-03-01: the 2026 reports were due on 2027-02-28, the check year moves on
    later = build_site(
        baseline.warehouse, out, dt.date(2027, 3, 1), extracts, keep_same_content=True
    )
    assert later.changed and "이행점검 기준연도: 2026" in (out / "index.html").read_text("utf-8")
    # without the flag (`sti site`), the asked date is written even when nothing else changed
    assert build_site(baseline.warehouse, out, dt.date(2027, 3, 2), extracts).changed
