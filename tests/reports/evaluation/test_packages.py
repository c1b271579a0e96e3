"""Evaluation packages (sti extract): workbook, CSVs, charts, report (HTML, PDF, Word),
manifest, reproducibility and what changed, built from the shipped data."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from sti.db.sql_door import connect_read_only
from sti.reports.evaluation import charts
from sti.reports.evaluation.package import build_package, build_packages
from sti.reports.evaluation.workbook import csv_text
from tests.browser_checks import MIN_INK_SHARE, broken_links, glyphs_differ, ink_share
from tests.conftest import Pipeline

SHEETS = [
    "요약",
    "보고 현황",
    "투자 실적·공백",
    "세부과제 추진현황",
    "세세부과제 추진현황",
    "차년도 계획",
    "KPI 달성도",
    "전략별 현황",
    "지역 비교",
    "R-COSTII",
    "데이터 출처",
    "검증 결과",
]
AS_OF = dt.date(2026, 6, 30)
# One xdist worker runs this file: its module fixture builds the three packages once.
pytestmark = pytest.mark.xdist_group("evaluation_packages")


@pytest.fixture(scope="module")
def packages(baseline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("extracts")
    return {
        kind: build_package(baseline.warehouse, kind, None, AS_OF, out)
        for kind in ("annual", "midterm", "final")
    }


@pytest.fixture(scope="module")
def marts(baseline: Pipeline) -> Iterator[duckdb.DuckDBPyConnection]:
    # the same configuration as the packages' own connection (DuckDB refuses two in a process)
    with connect_read_only(baseline.warehouse) as conn:
        yield conn


def test_folders_follow_the_schedule(packages: dict[str, Path]) -> None:
    assert packages["annual"].name == "annual_2026_asof_2026-06-30"
    assert packages["midterm"].name == "midterm_2025_asof_2026-06-30"
    assert packages["final"].name == "final_2027_asof_2026-06-30"


def test_workbook_sheets_headers_formats_and_frozen_rows(packages: dict[str, Path]) -> None:
    book = load_workbook(packages["midterm"] / "evaluation.xlsx")
    assert book.sheetnames == SHEETS
    kpi = book["KPI 달성도"]
    assert kpi["D1"].value == "성과지표" and kpi["D2"].value == "KPI"
    assert kpi.freeze_panes == "A3"
    header = [c.value for c in kpi[1]]
    actual, vintage, status, code = (
        header.index(h) + 1 for h in ("실적", "실적 공표일", "상태", "상태 코드")
    )
    row = next(
        r
        for r in kpi.iter_rows(min_row=3)
        if r[2].value == "tech_establishments" and r[4].value == 2023
    )
    assert row[actual - 1].data_type == "n" and row[actual - 1].value == 41206  # a number, not text
    assert row[actual - 1].number_format == "#,##0.00"
    assert row[vintage - 1].number_format == "yyyy-mm-dd"
    assert (row[status - 1].value, row[code - 1].value) == ("개선", "improving")
    assert row[status - 1].fill.fgColor.rgb.endswith("C6EFCE")  # green: on target / improving


def test_kpi_cells_match_the_marts_as_of_the_date(
    packages: dict[str, Path], marts: duckdb.DuckDBPyConnection
) -> None:
    expected = marts.execute(
        "select kpi_id, year, actual, status from marts.kpi_progress_as_of(?) where year <= 2025",
        [AS_OF],
    ).fetchall()
    sheet = load_workbook(packages["midterm"] / "evaluation.xlsx")["KPI 달성도"]
    header = [c.value for c in sheet[1]]
    got = {
        (r[header.index("성과지표 ID")], r[header.index("연도")]): (
            r[header.index("실적")],
            r[header.index("상태 코드")],
        )
        for r in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert len(got) == len(expected)
    for kpi_id, year, actual, status in expected:
        assert got[(kpi_id, year)] == (actual, status)


def test_the_sources_sheet_lists_every_release_used_with_its_checksum(
    packages: dict[str, Path], marts: duckdb.DuckDBPyConnection
) -> None:
    expected = set(
        marts.execute(
            "select raw_file, sha256 from raw.source_files where vintage <= ? and duplicate_of is null",
            [AS_OF],
        ).fetchall()
    )
    sheet = load_workbook(packages["midterm"] / "evaluation.xlsx")["데이터 출처"]
    header = [c.value for c in sheet[1]]
    got = {
        (r[header.index("원자료 파일")], r[header.index("SHA-256")])
        for r in sheet.iter_rows(min_row=3, values_only=True)
    }
    assert got == expected
    manifest = json.loads((packages["midterm"] / "manifest.json").read_text(encoding="utf-8"))
    assert {(r["raw_file"], r["sha256"]) for r in manifest["data"]["releases"]} == expected


def test_each_csv_matches_its_sheet(packages: dict[str, Path]) -> None:
    folder = packages["final"]
    book = load_workbook(folder / "evaluation.xlsx")
    files = sorted(folder.glob("*.csv"))
    assert len(files) == len(SHEETS)
    for path, name in zip(files, SHEETS, strict=True):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        cells = [[csv_text(v) for v in r] for r in book[name].iter_rows(values_only=True)]
        assert rows == cells, path.name


def test_headline_kpis_show_status_release_and_the_series_note(packages: dict[str, Path]) -> None:
    summary = (packages["final"] / "01_summary.csv").read_text(encoding="utf-8-sig")
    assert "기술기반 사업체 수 증가 (개),41206,개선" in summary
    assert "belongs to series census_pre2020, not census_2020" in summary
    html = (packages["final"] / "report.html").read_text(encoding="utf-8")
    for text in ("41,206", "345,957", "census_pre2020", "2024-12-31", "기술기반업종 매출 증대"):
        assert text in html


def test_the_word_report_holds_the_kpi_table(packages: dict[str, Path]) -> None:
    import docx

    document = docx.Document(str(packages["midterm"] / "report.docx"))
    tables = [t for t in document.tables if "성과지표\nKPI" in [c.text for c in t.rows[0].cells]]
    assert tables
    texts = {c.text for t in tables for row in t.rows for c in row.cells}
    assert "기술기반 사업체 수 증가" in texts and "41,206" in texts
    header = tables[0].rows[0].cells
    assert all(run.bold for cell in header for run in cell.paragraphs[0].runs)
    shaded = {
        cell.text: cell._tc.tcPr.xpath("./w:shd/@w:fill")
        for t in tables
        for row in t.rows[1:]
        for cell in row.cells
        if cell.text in ("개선", "자료 없음")
    }
    assert shaded == {"개선": ["C6EFCE"], "자료 없음": ["E7E6E6"]}
    assert not any(
        run.bold for row in tables[0].rows[1:] for c in row.cells for run in c.paragraphs[0].runs
    )


def test_the_html_report_renders_in_chromium(packages: dict[str, Path], tmp_path: Path) -> None:
    from sti.reports.browser import screenshot

    html = packages["midterm"] / "report.html"
    assert broken_links(html) == []
    assert ink_share(screenshot(html, tmp_path / "report.png")) > MIN_INK_SHARE
    assert glyphs_differ(packages["midterm"])


def test_the_pdf_first_page_is_not_blank(packages: dict[str, Path], tmp_path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(packages["midterm"] / "report.pdf"))
    page = pdf[0].render(scale=1).to_pil()
    page.save(tmp_path / "page1.png")
    assert ink_share(tmp_path / "page1.png") > MIN_INK_SHARE
    text = pdf[0].get_textpage().get_text_range()
    assert "중간평가" in text


def text_pixels(text: str) -> bytes:
    """`text` drawn with the charts' settings (font, size) into an image buffer."""
    import matplotlib.pyplot as plt

    import sti.reports.evaluation.charts  # noqa: F401  (the charts' font settings)

    fig = plt.figure(figsize=(3, 1), dpi=100)
    fig.text(0.05, 0.3, text, fontsize=24)
    fig.canvas.draw()
    pixels = bytes(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    plt.close(fig)
    return pixels


def test_charts_are_drawn_with_korean_glyphs(packages: dict[str, Path]) -> None:
    charts = packages["midterm"] / "charts"
    for stem in (
        "kpi_tech_establishments",
        "kpi_tech_workers",
        "rank_history",
        "rcostii_components",
    ):
        assert (charts / f"{stem}.png").stat().st_size > 0
        svg = (charts / f"{stem}.svg").read_text(encoding="utf-8")
        assert "<svg" in svg
    # the charts' font draws distinct Korean syllables differently (a missing glyph would not)
    assert text_pixels("가가가가") != text_pixels("대전과학")
    assert text_pixels("\ue000\ue000") == text_pixels(
        "\ue001\ue002"
    )  # boxes: what a miss looks like


def test_the_same_as_of_gives_identical_csvs_and_manifest_data(
    baseline: Pipeline, packages: dict[str, Path], tmp_path: Path
) -> None:
    again = build_package(baseline.warehouse, "midterm", None, AS_OF, tmp_path)
    first = json.loads((packages["midterm"] / "manifest.json").read_text(encoding="utf-8"))
    second = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    assert first["data"] == second["data"]
    for path in sorted(again.glob("*.csv")):
        before = hashlib.sha256((packages["midterm"] / path.name).read_bytes()).hexdigest()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert re.fullmatch(r"[0-9a-f]{40}(-modified)?|unknown.*", second["build"]["code_version"])
    for name, sha in second["files"].items():
        assert hashlib.sha256((again / name).read_bytes()).hexdigest() == sha
    # every file, the workbook, Word and PDF report included, is the same bytes: they carry the
    # as-of date, never the time they were written (sti/reports/fixed_dates.py)
    assert _file_hashes(again) == _file_hashes(packages["midterm"])


def _file_hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_packages_built_together_equal_packages_built_alone(
    baseline: Pipeline, packages: dict[str, Path], tmp_path: Path
) -> None:
    """The nightly drafts build the three packages together (charts shared, PDFs printed while
    the rest is written): each must equal the package `sti extract` builds alone."""
    together = [
        b.folder for b in build_packages(baseline.warehouse, list(packages), AS_OF, tmp_path)
    ]
    for kind, folder in zip(packages, together, strict=True):
        alone = packages[kind]
        assert folder.name == alone.name
        first = json.loads((alone / "manifest.json").read_text(encoding="utf-8"))
        second = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert first["data"] == second["data"], kind
        assert set(first["files"]) == set(second["files"]), kind
        assert any(name.startswith("charts/") for name in first["files"]), kind
        for name in first["files"]:
            assert first["files"][name] == second["files"][name], f"{kind}: {name}"
        for name, sha in second["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha, name
        assert _file_hashes(folder) == _file_hashes(alone), kind


def _add_restated_grdp_release(archive: Path) -> None:
    """A later KOSIS release of DT_1C91: Daejeon's 2024 nominal GRDP revised up by 0.2 %."""
    folder = archive / "kosis" / "DT_1C91"
    original = folder / "grdp_DT_1C91_total_all_regions_2014-2024.csv"
    text = original.read_text(encoding="utf-8")
    match = re.search(r"^2024,명목,대전광역시,지역내총생산\(시장가격\),,,(\d+),", text, re.M)
    assert match is not None
    revised = round(int(match.group(1)) * 1.002)
    new = folder / "grdp_DT_1C91_total_all_regions_2014-2024_restated.csv"
    new.write_text(
        text.replace(match.group(0), match.group(0).replace(match.group(1), str(revised))),
        encoding="utf-8",
    )
    sidecar = (folder / (original.name + ".yaml")).read_text(encoding="utf-8")
    sidecar = re.sub(
        r"^retrieved: .*$", "retrieved: 2026-11-21\nrelease_date: 2026-11-20", sidecar, flags=re.M
    )
    sidecar = re.sub(
        r"^sha256: .*$",
        f"sha256: {hashlib.sha256(new.read_bytes()).hexdigest()}",
        sidecar,
        flags=re.M,
    )
    (folder / (new.name + ".yaml")).write_text(sidecar, encoding="utf-8")


def _csv_sums(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }


def test_a_later_release_changes_the_draft_but_not_a_frozen_package(
    baseline: Pipeline, pipeline: Pipeline, tmp_path: Path
) -> None:
    pipeline.start_from(baseline)
    frozen = build_package(pipeline.warehouse, "midterm", None, AS_OF, tmp_path / "a")
    draft = build_package(
        pipeline.warehouse, "midterm", None, dt.date.today(), tmp_path / "a", draft=True
    )
    before_frozen, before_draft = _csv_sums(frozen), _csv_sums(draft)
    manifest = json.loads((frozen / "manifest.json").read_text(encoding="utf-8"))

    _add_restated_grdp_release(pipeline.archive)
    assert pipeline.run().success
    frozen_again = build_package(pipeline.warehouse, "midterm", None, AS_OF, tmp_path / "b")
    draft_again = build_package(
        pipeline.warehouse, "midterm", None, dt.date.today(), tmp_path / "b", draft=True
    )

    assert _csv_sums(frozen_again) == before_frozen
    again = json.loads((frozen_again / "manifest.json").read_text(encoding="utf-8"))
    assert again["data"] == manifest["data"]
    changed = {name for name, sha in _csv_sums(draft_again).items() if before_draft[name] != sha}
    assert {"09_regional_position.csv", "11_sources.csv"} <= changed
    assert "_restated.csv" in (draft_again / "11_sources.csv").read_text(encoding="utf-8-sig")


def test_extract_diff_lists_new_years_and_status_changes(
    baseline: Pipeline,
    packages: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sti.cli import main

    earlier = build_package(baseline.warehouse, "midterm", None, dt.date(2024, 6, 30), tmp_path)
    assert main(["extract", "diff", str(earlier), str(packages["midterm"])]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line.split() for line in lines[2:]]
    assert rows[0][:6] == ["new", "data", "year", "tech_establishments", "2023", "41206"] or any(
        r[:6] == ["new", "data", "year", "tech_establishments", "2023", "41206"] for r in rows
    )
    assert any(
        r[:7] == ["status", "changed", "tech_workers", "2023", "no_data_yet", "improving", "final"]
        for r in rows
    )
    assert main(["extract", "diff", str(earlier)]) == 2


def test_the_report_appendix_lists_what_changed(packages: dict[str, Path]) -> None:
    html = (packages["midterm"] / "report.html").read_text(encoding="utf-8")
    assert "what changed since 2025-06-30" in html


def test_sti_extract_refuses_a_bad_date_and_an_unscheduled_year(
    baseline: Pipeline,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sti.cli import main

    monkeypatch.setenv("STI_WAREHOUSE", str(baseline.warehouse))
    assert main(["extract", "midterm", "--as-of", "2025-13-40", "--out", str(tmp_path)]) == 2
    assert "is not a date" in capsys.readouterr().err
    assert main(["extract", "annual", "--year", "2030", "--out", str(tmp_path)]) == 2
    assert "scheduled: [2023, 2024, 2025, 2026, 2027]" in capsys.readouterr().err
    assert main(["extract", "final", "--as-of", "2026-06-30", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[4/6] report as PDF (chromium" in out  # progress on the terminal
    assert (tmp_path / "final_2027_asof_2026-06-30" / "report.pdf").exists()


@pytest.mark.parametrize(
    "old_macro",
    [None, "create macro marts.kpi_progress_as_of(a, b, c) as table select 1 as x"],
)
def test_a_warehouse_from_an_older_version_gets_a_plain_refusal(
    tmp_path: Path, old_macro: str | None
) -> None:
    """A table or macro missing, or a macro taking other arguments than this code passes."""
    from sti.reports.evaluation.package import ExtractError

    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as conn:
        conn.execute(
            "create schema marts; create table marts.plan_evaluation_schedule as select 2025 as year,"
            " 'midterm_evaluation' as kind, 2023 as covers_from, 2025 as covers_to,"
            " '중간평가' as name_ko, 'Mid-term' as name_en"
        )
        if old_macro:
            conn.execute(old_macro)
    with pytest.raises(ExtractError, match="built by an older version"):
        build_package(old, "midterm", None, AS_OF, tmp_path / "out")


def test_summary_counts_each_kpi_once_by_its_latest_year_with_an_actual(
    packages: dict[str, Path],
) -> None:
    with (packages["midterm"] / "01_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.reader(handle) if r[0] == "성과지표 상태 KPI status"]
    counts = {r[1]: int(r[2]) for r in rows}
    with (packages["midterm"] / "07_kpi_achievement.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        kpis = {r[2] for r in list(csv.reader(handle))[2:]}
    assert sum(counts.values()) == len(kpis)
    # tech-based establishments and workers, 2023 (census 2024-12-31)
    assert counts["개선 (improving)"] == 2
    assert counts["자료 없음 (no_data_yet)"] == len(kpis) - 2


def test_overdue_releases_are_judged_on_the_as_of_date(packages: dict[str, Path]) -> None:
    with (packages["midterm"] / "12_check_results.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        overdue = {r[1] for r in csv.reader(handle) if r[0] == "overdue"}
    # on 2026-06-30: census and per-capita GRDP 2024 were due, R-COSTII 2024 too, and the startups
    # release held today (published 2026-08-28) was not out yet, so nothing of it was held
    # and the sources that fill KPIs and are not held at all: the departments' 2025 reports
    # (due 2026-02-28), census sales 2023, R&D survey 2024, the 2026 R&D budget, deep-tech 2025,
    # and the closed 2021-2025 startups series (DT_142N_F205, its last month due 2026-02-28)
    assert overdue == {
        "kosis_142_DT_142N_F205",
        "kosis_101_DT_1K52D01",
        "kosis_101_per_capita_grdp",
        "kosis_142_DT_142N_G205",
        "plan2023_rcostii_2021",
        "department_reports",
        "census_sales",
        "rnd_activity_survey",
        "msit_rnd_budget",
        "msit_deeptech_startups",
    }


def test_current_status_is_the_latest_year_with_an_actual() -> None:
    from sti.reports.evaluation.sheets import current_status

    rows = [
        {"kpi_id": "a", "year": 2025, "actual": None, "status": "no_data_yet"},
        {"kpi_id": "a", "year": 2023, "actual": 10.0, "status": "improving"},
        {"kpi_id": "a", "year": 2024, "actual": 9.0, "status": "deteriorating"},
        {"kpi_id": "b", "year": 2024, "actual": None, "status": "no_data_yet"},
        {"kpi_id": "b", "year": 2023, "actual": None, "status": "no_data_yet"},
    ]
    current = current_status(rows)
    assert (current["a"]["year"], current["a"]["status"]) == (2024, "deteriorating")
    assert (current["b"]["year"], current["b"]["status"]) == (2023, "no_data_yet")


def test_a_midterm_package_as_of_2025_names_no_goal_of_the_2026_strategy(
    baseline: Pipeline, marts: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """The 2026 strategy was published 2026-04-16: a package frozen before it judges nothing
    against its goals."""
    folder = build_package(baseline.warehouse, "midterm", None, dt.date(2025, 12, 31), tmp_path)
    names = marts.execute(
        "select kpi_id, name_ko from staging.kpi_targets where document = 'strategy2026'"
    ).fetchall()
    assert len(names) == 4
    text = "\n".join(
        path.read_text(encoding="utf-8-sig") for path in sorted(folder.glob("*.csv"))
    ) + (folder / "report.html").read_text(encoding="utf-8")
    assert [(kpi, name) for kpi, name in names if kpi in text or name in text] == []
    assert "tech_establishments" in text or "기술기반 사업체 수 증가" in text


def test_each_package_says_how_many_values_rest_on_a_calendar_or_retrieval_date(
    packages: dict[str, Path], marts: duckdb.DuckDBPyConnection
) -> None:
    by_basis = dict(
        marts.execute(
            """
            select src.vintage_basis, count(*)
            from marts.indicator_values as val
            inner join raw.source_files as src on src.raw_file = val.source_file
            where val.vintage <= ? and src.vintage <= ?
            group by all
            """,
            [AS_OF, AS_OF],
        ).fetchall()
    )
    calendar = by_basis.get("release_calendar (assumed)", 0) + by_basis.get(
        "release_calendar (stated)", 0
    )
    assert calendar > 0, "the shipped data has values dated by the calendar"
    for folder in packages.values():
        with (folder / "01_summary.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = {r[1]: r for r in csv.reader(handle) if r[0] == "데이터 품질 Data quality"}
        dated = rows["공표 일정으로 날짜를 정한 값 (values dated by the release calendar)"]
        assert int(dated[2]) == calendar
        assumed = by_basis.get("release_calendar (assumed)", 0)
        assert f"{assumed:,} by an assumed calendar entry" in dated[4]
        retrieved = rows["수집일로 날짜를 정한 값 (values dated by retrieval)"]
        assert int(retrieved[2]) == by_basis.get("retrieved (publication date unknown)", 0)


def test_a_package_says_which_figures_the_press_reported(packages: dict[str, Path]) -> None:
    """The 2022 R-COSTII edition and the R&D survey are known from press reports only: the
    sources sheet and the R-COSTII sheet say so (reported, not yet archived from the producer);
    the plan's own figures are documents."""
    reported = "언론 보도 (원자료 미보관)"
    folder = packages["midterm"]
    with (folder / "11_sources.csv").open(encoding="utf-8-sig", newline="") as handle:
        tiers = {r["출처 ID"]: r["출처 등급"] for r in csv.DictReader(handle)}
    assert tiers["press_rcostii_2022"] == reported
    assert tiers["press_rnd_activity_survey_2023"] == reported
    assert tiers["plan2023_rcostii_2021"] == "계획·전략 문서"
    assert tiers["kosis_101_DT_1C91"] == "공식 공표"
    with (folder / "10_rcostii.csv").open(encoding="utf-8-sig", newline="") as handle:
        editions = {
            r["판"]: r["출처 등급"] for r in csv.DictReader(handle) if r["부문 ID"] == "total"
        }
    assert editions == {"2021": "계획·전략 문서", "2022": reported}


def test_a_draft_is_printed_again_only_when_what_it_shows_changed(
    baseline: Pipeline, tmp_path: Path
) -> None:
    """The nightly drafts: the next day with the same content keeps every file as printed
    (the as-of date aside, nothing would differ); a day whose content differs prints again."""
    first = build_packages(baseline.warehouse, ["midterm", "final"], AS_OF, tmp_path, draft=True)
    assert [b.printed for b in first] == [True, True]
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    next_day = build_packages(
        baseline.warehouse, ["midterm", "final"], AS_OF + dt.timedelta(days=1), tmp_path, draft=True
    )
    assert [b.printed for b in next_day] == [False, False]
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == stamps
    assert not list(tmp_path.glob(".*.building"))
    # by 2027-03-02 the 2026 reports were due (2027-02-28) and are missing: the content changed
    later = build_packages(
        baseline.warehouse, ["midterm", "final"], dt.date(2027, 3, 2), tmp_path, draft=True
    )
    assert later[1].printed
    manifest = json.loads((later[1].folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data"]["as_of"] == "2027-03-02"


def test_a_reprinted_draft_draws_only_the_charts_whose_rows_changed(
    baseline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Last night's charts are reused (the manifest's chart index: rows digest, files) when the
    same code drew them from the same rows; the files equal a fresh drawing."""
    nightly, fresh = tmp_path / "nightly", tmp_path / "fresh"
    build_packages(baseline.warehouse, ["final"], AS_OF, nightly, draft=True)
    before = _chart_index(nightly / "final_2027_draft")
    drawn: list[str] = []
    for name in ("kpi_chart", "rank_chart", "rcostii_chart"):
        original = getattr(charts, name)

        def counting(*args: object, _original=original, _name=name) -> object:
            drawn.append(_name)
            return _original(*args)

        monkeypatch.setattr(charts, name, counting)
    later = dt.date(2027, 3, 2)  # the 2026 reports are due and missing: the draft changes
    [built] = build_packages(baseline.warehouse, ["final"], later, nightly, draft=True)
    assert built.printed
    after = _chart_index(built.folder)
    seen = {(e["name"], e["digest"]) for e in before}
    changed = [e["path"] for e in after if (e["name"], e["digest"]) not in seen]
    assert len(drawn) == len(changed) < len(after), (drawn, changed)
    # charts another version of the code drew are not reused
    old_code = tmp_path / "old_code"
    shutil.copytree(nightly, old_code)
    manifest_path = old_code / "final_2027_draft" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["build"]["charts"]["code"] = "another version"
    manifest["build"]["content_fingerprint"] = "another version"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    drawn.clear()
    build_packages(baseline.warehouse, ["final"], later, old_code, draft=True)
    assert len(drawn) == len(after)
    monkeypatch.undo()
    [again] = build_packages(baseline.warehouse, ["final"], later, fresh, draft=True)
    for entry in after:
        for suffix in (".png", ".svg"):
            path = Path(entry["path"]).with_suffix(suffix)
            assert (built.folder / path).read_bytes() == (again.folder / path).read_bytes(), path


def _chart_index(folder: Path) -> list[dict[str, str]]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    index = manifest["build"]["charts"]["index"]
    return [{"name": e["name"], "digest": e["digest"], "path": e["path"]} for e in index]
