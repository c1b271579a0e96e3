"""Department reports: template -> filled -> received -> the next run's KPI statuses.

Only confirmed figures drive a KPI's status; a submitted one is shown beside it; every revision
is kept; a broken rule names the file, row and Korean column.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from sti.db.sql_door import connect_read_only
from sti.departments.receipt import archived_reports, department_slugs, receive
from sti.departments.review import decide, report_files
from sti.departments.template import TemplateRefused, write_template
from sti.departments.yearly_report import (
    BUDGET_SHEET,
    KPI_SHEET,
    KpiRules,
    parse_report_files,
    validate_reports,
)
from sti.errors import InputError
from tests.conftest import Pipeline

TODAY = dt.date(2026, 11, 23)
MEETING = dt.date(2026, 3, 20)


def _fill_csv(path: Path, values: dict[str, tuple[str, str, str]]) -> None:
    """Fill the template's KPI lines: kpi_id -> (실적값, 상태, 보고일)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    col = {name: header.index(name) for name in header}
    for row in rows[1:]:
        if row[col["성과지표ID"]] in values:
            value, status, date = values[row[col["성과지표ID"]]]
            row[col["실적값"]], row[col["상태"]], row[col["보고일"]] = value, status, date
            row[col["근거자료"]], row[col["보고자"]] = "2025 방위산업 실태조사 결과보고", "홍길동"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _fill_xlsx(path: Path, values: dict[str, tuple[float, str, str]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[KPI_SHEET]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        kpi = row[header.index("성과지표ID")].value
        if kpi in values:
            value, status, date = values[kpi]
            row[header.index("실적값")].value = value
            row[header.index("상태")].value = status
            row[header.index("보고일")].value = dt.date.fromisoformat(date)
            row[header.index("근거자료")].value = "대전산단 입주기업 현황(2025.12.)"
            row[header.index("보고자")].value = "김철수"
    budget = book[BUDGET_SHEET]
    line = [c.value for c in budget[2]]  # sub-task 1-1-1, 국비
    budget_header = [c.value for c in budget[1]]
    line[budget_header.index("집행액(억원)")] = 12.5
    line[budget_header.index("보고일")] = "2026-02-20"
    line[budget_header.index("상태")] = "확정"
    for position, value in enumerate(line, start=1):
        budget.cell(row=2, column=position, value=value)
    book.save(path)


def _status(conn, kpi: str, year: int) -> dict:
    return (
        conn.execute("select * from marts.kpi_progress where kpi_id = ? and year = ?", [kpi, year])
        .pl()
        .row(0, named=True)
    )


def test_confirmed_figures_drive_statuses_and_submitted_ones_are_shown(
    baseline: Pipeline, pipeline: Pipeline, tmp_path: Path
) -> None:
    out = tmp_path / "templates"
    with connect_read_only(baseline.warehouse) as conn:
        before = {
            (k, y): _status(conn, k, y)["status"]
            for k, y in [("defence_production_2027", 2025), ("complex_firms_2027", 2025)]
        }
        _, defence = write_template(conn, "국방산업추진단", 2025, out)
        _, complex_ = write_template(
            conn, "strategic-industry-and-semiconductor-division", 2025, out
        )
        _fill_csv(
            defence[3],
            {
                "defence_production_2027": ("650000", "확정", "2026-02-20"),
                "defence_exports_2027": ("150000", "제출", "2026-02-20"),
            },
        )
        _fill_xlsx(complex_[0], {"complex_firms_2027": (700, "확정", "2026-02-25")})
        received = [
            receive(conn, path, pipeline.archive, TODAY) for path in (defence[3], complex_[0])
        ]
        files = report_files(
            pipeline.archive, archived_reports(pipeline.archive), department_slugs(conn)
        )
        for department in ("국방산업추진단", "전략산업반도체과"):
            decide(pipeline.archive, files, department, 2025, "accept", "DISTEP", TODAY)
            decide(
                pipeline.archive,
                files,
                department,
                2025,
                "approve",
                "과기위",
                TODAY,
                meeting=MEETING,
            )
    assert all(p.with_name(p.name + ".yaml").exists() for p in received)
    assert before[("defence_production_2027", 2025)] == "no_data_yet"

    assert pipeline.run().success
    with connect_read_only(pipeline.warehouse) as conn:
        production = _status(conn, "defence_production_2027", 2025)
        exports = _status(conn, "defence_exports_2027", 2025)
        firms = _status(conn, "complex_firms_2027", 2025)
        budget = conn.execute(
            "select executed_eok, reporting_subtasks from marts.budget_execution "
            "where task_code = '1-1' and period = '2025' and funding_source = 'total'"
        ).fetchone()
        reports = conn.execute(
            "select kpi_id, status, in_force, awaiting_confirmation from marts.department_reports "
            "order by kpi_id"
        ).fetchall()
    # confirmed in an approved report: an actual from the committee's meeting on, judged on it
    assert (production["actual"], production["actual_vintage"]) == (650000, MEETING)
    assert production["status"] != "no_data_yet"
    # 545 -> 1045 linear over 2022-2027: the 2025 milestone is 845; 700 is short of it
    assert (firms["actual"], firms["milestone"]) == (700, 845)
    assert firms["status"] != before[("complex_firms_2027", 2025)]
    # submitted: shown beside the KPI, not an actual, status unchanged
    assert exports["actual"] is None and exports["status"] == "no_data_yet"
    assert (exports["submitted_value"], exports["submitted_on"]) == (150000, dt.date(2026, 2, 20))
    assert production["submitted_value"] is None
    assert budget == (12.5, 1)
    assert reports == [
        ("complex_firms_2027", "confirmed", True, False),
        ("defence_exports_2027", "submitted", False, True),
        ("defence_production_2027", "confirmed", True, False),
    ]


RULES = KpiRules(
    units={"defence_production_2027": "백만원", "tech_workers": "명"},
    years={"defence_production_2027": (2023, 2027), "tech_workers": (2023, 2027)},
    owners={"defence_production_2027": {"국방산업추진단"}, "tech_workers": set()},
    official={"tech_workers": "통계청 전국사업체조사"},
    ranges={"defence_production_2027": (0, None)},
)
HEADER = "부서,성과지표ID,연도,실적값,단위,근거자료,보고자,보고일,상태\n"
GOOD = "국방산업추진단,defence_production_2027,2025,650000,백만원,실태조사,홍길동,2026-02-20,확정\n"


def _problems(tmp_path: Path, *lines: str) -> list[str]:
    path = tmp_path / "report.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    reports = parse_report_files([path], tmp_path, {}).kpis
    return [str(p) for p in validate_reports(reports, RULES, TODAY)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            GOOD.replace("defence_production_2027", "defence_sales"),
            "column '성과지표ID': unknown KPI",
        ),
        (
            GOOD.replace("백만원", "억원"),
            "column '단위': the unit of defence_production_2027 is '백만원'",
        ),
        (
            GOOD.replace(",2025,", ",2028,"),
            "column '연도': defence_production_2027 is followed for the years 2023-2027",
        ),
        (
            GOOD.replace("국방산업추진단", "창업진흥과"),
            "column '부서': KPI defence_production_2027 is reported by 국방산업추진단",
        ),
        (
            GOOD.replace(",650000,", ",-5,"),
            "column '실적값': defence_production_2027 values lie in [0, None]",
        ),
        (GOOD.replace("실태조사", ""), "column '근거자료': a confirmed figure needs its evidence"),
        (GOOD.replace("2026-02-20", "2027-01-05"), "column '보고일': is after today"),
        (
            "국방산업추진단,tech_workers,2025,1,명,x,y,2026-02-20,확정\n",
            "measured by an official release",
        ),
    ],
)
def test_each_rule_names_the_file_row_and_column(tmp_path: Path, line: str, expected: str) -> None:
    problems = _problems(tmp_path, GOOD.replace("2025", "2024"), line)
    assert len(problems) == 1
    assert problems[0].startswith("file report.csv, row 3, ")
    assert expected in problems[0]


def test_a_good_report_and_its_revision_pass(tmp_path: Path) -> None:
    revision = GOOD.replace("2026-02-20", "2026-03-02").replace(",650000,", ",660000,")
    assert _problems(tmp_path, GOOD, revision) == []


def test_the_same_report_twice_is_a_duplicate(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD, GOOD)
    assert len(problems) == 1
    assert "row 3, column '성과지표ID': duplicate report" in problems[0]
    assert "also in report.csv row 2" in problems[0]


def test_unreadable_cells_are_refused_together(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    bad = GOOD.replace(",650000,", ',"650,000",').replace("확정", "승인")
    path.write_text(HEADER + bad, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_report_files([path], tmp_path, {})
    text = str(caught.value)
    assert "row 2, column '실적값': must be a number" in text
    assert "row 2, column '상태': must be 제출 (submitted) or 확정 (confirmed)" in text


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(HEADER.replace("비고", "").replace("상태", "승인여부") + GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="row 1, column '승인여부': unknown column"):
        parse_report_files([path], tmp_path, {})


def test_blank_template_lines_are_not_reports(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(HEADER + "국방산업추진단,defence_exports_2027,2025,,백만원,,,,제출\n" + GOOD)
    reports = parse_report_files([path], tmp_path, {}).kpis
    assert reports.select("kpi_id", "source_row").rows() == [("defence_production_2027", 3)]


def test_receive_refuses_a_bad_report_and_archives_nothing(
    baseline: Pipeline, archive: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    path.write_text(HEADER + GOOD.replace("백만원", "억원"), encoding="utf-8")
    with connect_read_only(baseline.warehouse) as conn:
        with pytest.raises(InputError, match="column '단위'"):
            receive(conn, path, archive, TODAY)
        with pytest.raises(TemplateRefused, match="no department '없는과'"):
            write_template(conn, "없는과", 2025, tmp_path)
    assert not (archive / "departments").exists() or not any((archive / "departments").iterdir())


def test_template_lists_the_departments_kpis_with_their_units(
    baseline: Pipeline, tmp_path: Path
) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        _, paths = write_template(conn, "기업투자유치과", 2023, tmp_path)
    frame = pl.read_csv(paths[3])
    assert frame.select("성과지표ID", "단위", "연도", "상태").rows() == [
        ("investment_office_capital_2023", "백만원", 2023, "제출"),
        ("investment_office_city_contribution_2027", "백만원", 2023, "제출"),
    ]


def test_two_figures_for_one_kpi_year_and_date_conflict(tmp_path: Path) -> None:
    """Same KPI, year, status and 보고일 but another value: which one counts would be a guess."""
    problems = _problems(tmp_path, GOOD, GOOD.replace(",650000,", ",640000,"))
    assert len(problems) == 1 and "row 3, column '성과지표ID': duplicate report" in problems[0]
