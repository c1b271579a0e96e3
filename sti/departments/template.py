"""`sti template <department>`: the workbook a department fills for the 이행점검.

The template is pre-filled from the published warehouse: one line per KPI the department reports
(its sub-tasks' KPIs in marts.kpi_sources) for the year, one line per funding source of each of
its sub-tasks for the budget. The department fills 실적값, 근거자료, 보고자, 보고일 and 상태
(제출 while the figure is provisional, 확정 once the department head has confirmed it).

A returned workbook comes in through `sti receive` (sti/departments/receipt.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from sti.db.spreadsheet_text import as_text_cell, write_csv_rows
from sti.departments.yearly_report import (
    BUDGET_HEADERS,
    BUDGET_SHEET,
    FUNDING_KO,
    GUIDE_SHEET,
    KPI_HEADERS,
    KPI_SHEET,
    STATUS_KO,
)

FILLED_BY_DEPARTMENT = {"value", "evidence", "reporter", "report_date", "note"}
FILLED_BY_DEPARTMENT_BUDGET = {"planned_eok", "executed_eok", "evidence", "reporter", "report_date"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
GUIDE = (
    "대전과학기술진흥종합계획 이행점검 실적보고 (Yearly implementation check report)",
    "",
    "1. '성과지표 실적' 시트: 노란 칸(실적값, 근거자료, 보고자, 보고일)을 채웁니다. 단위는 바꾸지 마십시오.",
    "   실적값은 숫자만 (천 단위 쉼표·단위 없이), 보고일은 YYYY-MM-DD.",
    "2. 상태: 잠정 수치는 '제출', 부서장 확인을 거친 수치는 '확정'. 확정 수치만 성과지표 달성도에 반영됩니다.",
    "   확정 수치에는 근거자료(문서명 또는 링크)가 있어야 합니다.",
    "3. 수치를 고칠 때는 행을 지우지 말고 새 보고일로 다시 보내십시오 (모든 수정본이 보존됩니다).",
    "4. '예산 집행' 시트: 세부과제·재원별 당해연도 집행액(억원)을 적습니다.",
    "5. 빈 실적값 행은 보고하지 않은 것으로 봅니다.",
    "",
    "Fill the yellow cells. 상태 = 제출 (submitted) or 확정 (confirmed); only confirmed figures",
    "drive the KPI status. Send corrections as new rows with a later 보고일; nothing is deleted.",
)


class TemplateRefused(ValueError):
    """The template or the receipt cannot be made; the message says why."""


@dataclass(frozen=True)
class Department:
    name_ko: str
    name_en: str

    @property
    def slug(self) -> str:
        return "-".join(self.name_en.lower().replace(",", "").split())


def departments(conn: duckdb.DuckDBPyConnection) -> list[Department]:
    rows = conn.execute(
        "select department_ko, any_value(department_en) from marts.plan_subtask_department "
        "group by 1 order by 1"
    ).fetchall()
    return [Department(ko, en) for ko, en in rows]


def find_department(conn: duckdb.DuckDBPyConnection, name: str) -> Department:
    """By Korean name, English name or slug (e.g. defence-industry-promotion-group)."""
    known = departments(conn)
    wanted = name.strip().lower()
    for dept in known:
        if wanted in (dept.name_ko.lower(), dept.name_en.lower(), dept.slug):
            return dept
    listing = "\n  ".join(f"{d.name_ko} ({d.slug})" for d in known)
    raise TemplateRefused(f"no department {name!r} in the plan; the departments are:\n  {listing}")


def kpi_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    rows = conn.execute(
        """
        select src.kpi_id, pro.name_ko, src.subtask_code, pro.unit,
        from marts.kpi_sources as src
        inner join marts.plan_subtask_department as dep
            on dep.subtask_code = src.subtask_code
        inner join marts.kpi_progress as pro
            on pro.kpi_id = src.kpi_id and pro.year = ?
        where src.actuals_from = 'department_report' and dep.department_ko = ?
        order by src.subtask_code, src.kpi_id
        """,
        [year, dept.name_ko],
    ).fetchall()
    return [
        {
            "department_ko": dept.name_ko,
            "kpi_id": kpi,
            "kpi_name_ko": name,
            "subtask_code": subtask,
            "year": year,
            "unit": unit,
            "status": STATUS_KO["submitted"],
        }
        for kpi, name, subtask, unit in rows
    ]


def budget_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    rows = conn.execute(
        """
        select sub.subtask_code, sub.name_ko,
            sub.budget_national_eok, sub.budget_local_eok, sub.budget_public_eok,
            sub.budget_private_eok,
        from marts.plan_subtask as sub
        inner join marts.plan_subtask_department as dep
            on dep.subtask_code = sub.subtask_code
        where dep.department_ko = ?
        order by sub.subtask_code
        """,
        [dept.name_ko],
    ).fetchall()
    lines = []
    for code, name, *split in rows:
        sources = [
            src
            for src, amount in zip(("national", "local", "public", "private"), split, strict=True)
            if amount is not None
        ] or ["unsplit"]
        lines += [
            {
                "department_ko": dept.name_ko,
                "subtask_code": code,
                "subtask_name_ko": name,
                "period": str(year),
                "funding_source": FUNDING_KO[src],
                "status": STATUS_KO["submitted"],
            }
            for src in sources
        ]
    return lines


def _write_sheet(
    sheet: Any, headers: dict[str, str], lines: list[dict], inputs: set[str], choices: dict
) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    columns = list(headers.values())
    for line in lines:
        sheet.append([line.get(c) for c in columns])
        for cell in sheet[sheet.max_row]:
            as_text_cell(cell)  # pre-filled text is never a formula
    for position, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(position)
        sheet.column_dimensions[letter].width = 24 if column.endswith("name_ko") else 14
        if column in inputs:
            for row in range(2, len(lines) + 2):
                sheet[f"{letter}{row}"].fill = INPUT_FILL
        if column in choices:
            rule = DataValidation(type="list", formula1=f'"{",".join(choices[column])}"')
            rule.error = f"{list(choices[column])} 중에서 고르십시오"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{max(len(lines), 1) + 200}")
    sheet.freeze_panes = "A2"


def _write_csv(path: Path, headers: dict[str, str], lines: list[dict]) -> None:
    # UTF-8 with a byte-order mark: Excel then opens the Korean headers correctly
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        rows = [[line.get(c) for c in headers.values()] for line in lines]
        write_csv_rows(handle, [list(headers), *rows])


def write_template(
    conn: duckdb.DuckDBPyConnection, name: str, year: int, out: Path
) -> tuple[Department, list[Path]]:
    """The department's workbook (guide, KPI and budget sheets) and the same two tables as CSV."""
    dept = find_department(conn, name)
    kpis, budget = kpi_lines(conn, dept, year), budget_lines(conn, dept, year)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{dept.name_ko}_{year}_이행점검"
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    for line in (*GUIDE, "", f"부서: {dept.name_ko} ({dept.name_en}), 연도: {year}"):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    statuses = {"status": tuple(STATUS_KO.values())}
    _write_sheet(book.create_sheet(KPI_SHEET), KPI_HEADERS, kpis, FILLED_BY_DEPARTMENT, statuses)
    _write_sheet(
        book.create_sheet(BUDGET_SHEET),
        BUDGET_HEADERS,
        budget,
        FILLED_BY_DEPARTMENT_BUDGET,
        {**statuses, "funding_source": tuple(FUNDING_KO.values())},
    )
    paths = [out / f"{stem}.xlsx", out / f"{stem}_성과지표.csv", out / f"{stem}_예산집행.csv"]
    book.save(paths[0])
    _write_csv(paths[1], KPI_HEADERS, kpis)
    _write_csv(paths[2], BUDGET_HEADERS, budget)
    return dept, paths
