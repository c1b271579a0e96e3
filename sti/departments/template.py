"""`sti template <department>`: the workbook a department fills for the 이행점검.

One workbook per department and year covering its whole part of the plan (plan line 2401: 세부
추진과제 단위 당해연도 계획 대비 현황, 차년도 계획(안)), pre-filled from the published warehouse:

- 세세부과제 추진현황: one row per action of every sub-task it owns or co-owns that runs in the
  year (plan name and period locked; 당해연도 계획 from last year's accepted 차년도 계획);
- 투자계획·실적: per sub-task and 재원, the year's planned amount (last year's request where
  one was made), 예산 and 집행, and next year's request, in 억원;
- 성과지표 실적: the plan's KPIs the department reports; a cumulative KPI asks for the yearly
  flow of every year the warehouse does not yet count, and says so in 집계기준;
- 차년도 계획: next year's plan per action (계속, 완료 예정, 신규) and blank lines for new ones.

Pre-filled columns are locked (the sheet is protected, the input cells are not); dropdowns and
number-only rules guide the input; the same rules are checked again at `sti receive`, since a
CSV or an unprotected copy can change anything. A CSV per sheet is written beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from sti.db.spreadsheet_text import as_text_cell, write_csv_rows
from sti.departments.check_sheets import (
    ACTION_HEADERS,
    ACTION_SHEET,
    NEXT_PLAN_HEADERS,
    NEXT_PLAN_SHEET,
    PLAN_KINDS,
    PROGRESS_STATUSES,
)
from sti.departments.subtask_indicators import (
    DIRECTIONS,
    INDICATOR_HEADERS,
    INDICATOR_SHEET,
    PROPOSALS,
    approved_definitions,
)
from sti.departments.yearly_report import (
    BUDGET_AMOUNTS,
    BUDGET_HEADERS,
    BUDGET_SHEET,
    FUNDING_KO,
    GUIDE_SHEET,
    KPI_HEADERS,
    KPI_SHEET,
    STATUS_KO,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
# Input lines beyond the pre-filled ones carry the same dropdowns (corrections, new actions).
SPARE_LINES = 200
NEW_ACTION_LINES = 3  # blank 신규 lines on the 차년도 계획 sheet
# 재원 asked of every sub-task (the list; 공공 only where the plan splits by it).
ASKED_FUNDING = ("national", "local", "private", "other")
CUMULATIVE_BASIS = "해당연도 증가분 (누계 아님)"
LEVEL_BASIS = "연말 기준 값"
MILESTONE_BASIS = "기한 있는 사건: 이뤄진 해 1, 아직이면 0 (날짜는 비고에)"
GUIDE = (
    "대전과학기술진흥종합계획 이행점검 실적보고 (Yearly implementation check report)",
    "",
    "노란 칸만 채웁니다 (다른 칸은 계획에서 가져온 값으로 잠겨 있습니다).",
    "1. '세세부과제 추진현황': 세세부과제마다 추진상태(완료·정상추진·지연·미착수·중단·변경),",
    "   추진실적, 근거자료를 적습니다. '지연'과 '중단·변경'은 지연·변경 사유가 있어야 합니다.",
    "2. '투자계획·실적': 세부과제·재원별 계획액, 예산액, 집행액, 차년도 요구액 (억원, 숫자만).",
    "3. '성과지표 실적': 실적값(숫자만), 근거자료, 보고자, 보고일(YYYY-MM-DD).",
    "   누적 지표는 집계기준에 적힌 대로 연도별 증가분을 적습니다 (아직 반영되지 않은 해마다 한 줄).",
    "   상태: 잠정 수치는 '제출', 부서장 확인을 거친 수치는 '확정'.",
    "4. '세부과제 성과지표': 승인된 지표는 실적값만 적습니다(구분 기존). 새 지표는 빈 줄에 구분 '신규'로,",
    "   정의(단위, 방향 증가·감소, 기준연도·기준값, 목표연도·목표값)를 바꾸려면 구분 '수정'으로 적습니다.",
    "   위원회가 보고를 확정하면 그 정의가 지표가 됩니다 (모든 개정이 보존됩니다).",
    "5. '차년도 계획': 세세부과제별 차년도 구분(계속·완료 예정·신규)과 계획 내용.",
    "   새 세세부과제는 아래 빈 줄에 세부과제, 세세부과제명과 함께 '신규'로 적습니다.",
    "6. 수식은 쓰지 마십시오 (값만). 고칠 때는 행을 지우지 말고 새 보고일로 다시 보냅니다.",
    "",
    "보고서는 사무국(DISTEP) 검토(검토완료 또는 반려)와 과학기술위원회 확정을 거칩니다.",
    "확정된 보고의 '확정' 수치만 성과지표 달성도와 추진현황 판정에 반영됩니다.",
    "",
    "Fill the yellow cells only. Every report is reviewed by the secretariat and approved by the",
    "S&T committee; only approved figures drive statuses.",
)


BASIS = {"cumulative": CUMULATIVE_BASIS, "level": LEVEL_BASIS, "milestone": MILESTONE_BASIS}


class TemplateRefused(ValueError):
    """The template or the receipt cannot be made; the message says why."""


@dataclass(frozen=True)
class Department:
    name_ko: str
    name_en: str

    @property
    def slug(self) -> str:
        return "-".join(self.name_en.lower().replace(",", "").split())


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the template: its headers, pre-filled lines and what the user fills."""

    title: str
    csv_suffix: str
    headers: dict[str, str]
    lines: list[dict]
    inputs: set[str]
    choices: dict[str, tuple[str, ...]]
    numbers: set[str]
    open_lines: int = 0  # lines left blank for new rows, every cell input


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
    """One line per KPI the department reports; a cumulative KPI one per year from its first
    counted year whose flow the warehouse does not count yet (so its running total can be
    formed), oldest first."""
    rows = conn.execute(
        """
        with counted as (
            select rep.kpi_id, rep.year,
            from marts.department_reports as rep
            where rep.in_force and rep.review_state = 'approved'
        ),

        kpis as (
            select distinct
                src.kpi_id, pro.name_ko, src.subtask_code, pro.unit,
                case when pro.target_kind = 'milestone' then 'milestone' else pro.target_basis end
                    as target_basis,
                coalesce(tar.cumulative_from, ?) as first_year,
            from marts.kpi_sources as src
            inner join marts.plan_subtask_department as dep
                on dep.subtask_code = src.subtask_code
            inner join marts.kpi_progress as pro
                on pro.kpi_id = src.kpi_id and pro.year = ?
            inner join staging.kpi_targets as tar
                on tar.kpi_id = src.kpi_id
            where src.actuals_from = 'department_report' and dep.department_ko = ?
        )

        select kpi.kpi_id, kpi.name_ko, kpi.subtask_code, kpi.unit, kpi.target_basis, yrs.year,
        from kpis as kpi
        cross join range(2000, ? + 1) as yrs(year)
        where yrs.year = ?
            or (
                kpi.target_basis = 'cumulative'
                and yrs.year >= kpi.first_year
                and not exists (
                    select 1 from counted as cou
                    where cou.kpi_id = kpi.kpi_id and cou.year = yrs.year
                )
            )
        order by kpi.subtask_code, kpi.kpi_id, yrs.year
        """,
        [year, year, dept.name_ko, year, year],
    ).fetchall()
    return [
        {
            "department_ko": dept.name_ko,
            "kpi_id": kpi,
            "kpi_name_ko": name,
            "subtask_code": subtask,
            "year": line_year,
            "unit": unit,
            "basis": BASIS[basis],
            "status": STATUS_KO["submitted"],
        }
        for kpi, name, subtask, unit, basis, line_year in rows
    ]


def action_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    """Every action of the department's sub-tasks that runs in the year, with last year's
    accepted plan for it (차년도 계획 of the year before, not 반려)."""
    rows = conn.execute(
        """
        select act.subtask_code, act.action_no, act.name_ko, act.schedule_from,
            act.schedule_to, pla.plan_content,
        from marts.plan_action as act
        inner join marts.plan_subtask_department as dep
            on dep.subtask_code = act.subtask_code
        left join marts.next_year_plan as pla
            on pla.subtask_code = act.subtask_code
            and pla.action_no = act.action_no
            and pla.plan_year = ?
            and pla.department_ko = dep.department_ko
            and pla.in_force
        where dep.department_ko = ? and ? between act.schedule_from and act.schedule_to
        order by act.subtask_code, act.action_no
        """,
        [year, dept.name_ko, year],
    ).fetchall()
    return [
        {
            "department_ko": dept.name_ko,
            "subtask_code": code,
            "action_no": number,
            "action_name_ko": name,
            "schedule": f"{start}-{end}",
            "year": year,
            "planned_content": planned,
        }
        for code, number, name, start, end, planned in rows
    ]


def plan_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    """Next year's plan: one line per action of the department that runs into next year."""
    return [
        {
            "department_ko": line["department_ko"],
            "subtask_code": line["subtask_code"],
            "action_no": line["action_no"],
            "action_name_ko": line["action_name_ko"],
            "plan_year": year + 1,
        }
        for line in action_lines(conn, dept, year + 1)
    ]


def budget_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    """Per sub-task and 재원: the planned amount is last year's request for this year where
    the department made one (not 반려)."""
    rows = conn.execute(
        """
        select sub.subtask_code, sub.name_ko, sub.budget_public_eok is not null as splits_public,
        from marts.plan_subtask as sub
        inner join marts.plan_subtask_department as dep
            on dep.subtask_code = sub.subtask_code
        where dep.department_ko = ?
        order by sub.subtask_code
        """,
        [dept.name_ko],
    ).fetchall()
    requested = dict(
        ((code, source), amount)
        for code, source, amount in conn.execute(
            """
            select req.subtask_code, req.funding_source, req.requested_eok,
            from marts.budget_requests as req
            where req.for_year = ? and req.department_ko = ?
            """,
            [year, dept.name_ko],
        ).fetchall()
    )
    lines = []
    for code, name, splits_public in rows:
        sources = [*ASKED_FUNDING[:2], *(["public"] if splits_public else []), *ASKED_FUNDING[2:]]
        lines += [
            {
                "department_ko": dept.name_ko,
                "subtask_code": code,
                "subtask_name_ko": name,
                "period": str(year),
                "funding_source": FUNDING_KO[source],
                "planned_eok": requested.get((code, source)),
                "status": STATUS_KO["submitted"],
            }
            for source in sources
        ]
    return lines


def indicator_lines(conn: duckdb.DuckDBPyConnection, dept: Department, year: int) -> list[dict]:
    """The approved indicators of the department's sub-tasks (구분 기존, definition locked), one
    line each for the year; new ones are proposed on the blank lines below (구분 신규)."""
    owned = {
        code
        for (code,) in conn.execute(
            "select subtask_code from marts.plan_subtask_department where department_ko = ?",
            [dept.name_ko],
        ).fetchall()
    }
    direction_ko = {english: korean for korean, english in DIRECTIONS.items()}
    return [
        {
            "department_ko": dept.name_ko,
            "subtask_code": code,
            "indicator_name_ko": name,
            "proposal": "기존",
            **{**definition.cells(), "direction": direction_ko[definition.direction]},
            "year": year,
        }
        for (code, name), definition in sorted(approved_definitions(conn).items())
        if code in owned and definition.baseline_year < year <= definition.target_year
    ]


def _style_header(sheet: Any) -> None:
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL


def _write_sheet(sheet: Any, spec: SheetSpec) -> None:
    """Header, pre-filled lines (locked), input cells (unlocked, yellow), dropdowns and
    number rules on every input line, then the sheet protected."""
    sheet.append(list(spec.headers))
    _style_header(sheet)
    columns = list(spec.headers.values())
    for line in spec.lines:
        sheet.append([line.get(c) for c in columns])
        for cell in sheet[sheet.max_row]:
            as_text_cell(cell)  # pre-filled text is never a formula
    last = len(spec.lines) + 1 + spec.open_lines
    for position, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(position)
        sheet.column_dimensions[letter].width = 30 if column.endswith("name_ko") else 14
        for row in range(2, last + 1):
            if column in spec.inputs or row > len(spec.lines) + 1:
                cell = sheet[f"{letter}{row}"]
                cell.fill = INPUT_FILL
                cell.protection = Protection(locked=False)
        area = f"{letter}2:{letter}{max(last, 1) + SPARE_LINES}"
        if column in spec.choices:
            rule = DataValidation(type="list", formula1=f'"{",".join(spec.choices[column])}"')
            rule.error = f"{', '.join(spec.choices[column])} 중에서 고르십시오"
            sheet.add_data_validation(rule)
            rule.add(area)
        elif column in spec.numbers:
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            rule.error = "0 이상의 숫자만 (쉼표·단위 없이)"
            sheet.add_data_validation(rule)
            rule.add(area)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True  # locked cells are the plan's; input cells are unlocked


def _write_csv(path: Path, headers: dict[str, str], lines: list[dict]) -> None:
    # UTF-8 with a byte-order mark: Excel then opens the Korean headers correctly
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        rows = [[line.get(c) for c in headers.values()] for line in lines]
        write_csv_rows(handle, [list(headers), *rows])


def template_sheets(
    conn: duckdb.DuckDBPyConnection, dept: Department, year: int
) -> list[SheetSpec]:
    statuses = tuple(STATUS_KO.values())
    return [
        SheetSpec(
            ACTION_SHEET,
            "추진현황",
            ACTION_HEADERS,
            action_lines(conn, dept, year),
            {"progress_status", "achievement", "reason", "evidence", "reporter", "report_date"},
            {"progress_status": tuple(PROGRESS_STATUSES)},
            set(),
        ),
        SheetSpec(
            BUDGET_SHEET,
            "투자계획실적",
            BUDGET_HEADERS,
            budget_lines(conn, dept, year),
            {*BUDGET_AMOUNTS, "evidence", "reporter", "report_date", "status", "note"},
            {"status": statuses},
            set(BUDGET_AMOUNTS),
        ),
        SheetSpec(
            KPI_SHEET,
            "성과지표",
            KPI_HEADERS,
            kpi_lines(conn, dept, year),
            {"value", "evidence", "reporter", "report_date", "status", "note"},
            {"status": statuses},
            {"value"},
        ),
        SheetSpec(
            INDICATOR_SHEET,
            "세부과제성과지표",
            INDICATOR_HEADERS,
            indicator_lines(conn, dept, year),
            {"value", "evidence", "reporter", "report_date"},
            {"proposal": tuple(PROPOSALS), "direction": tuple(DIRECTIONS)},
            {"baseline_value", "target_value", "value"},
            open_lines=NEW_ACTION_LINES,
        ),
        SheetSpec(
            NEXT_PLAN_SHEET,
            "차년도계획",
            NEXT_PLAN_HEADERS,
            plan_lines(conn, dept, year),
            {"plan_kind", "plan_content", "reporter", "report_date"},
            {"plan_kind": tuple(PLAN_KINDS)},
            set(),
            open_lines=NEW_ACTION_LINES,
        ),
    ]


def write_template(
    conn: duckdb.DuckDBPyConnection, name: str, year: int, out: Path
) -> tuple[Department, list[Path]]:
    """The department's workbook (guide and four sheets) and each sheet as a CSV."""
    dept = find_department(conn, name)
    specs = template_sheets(conn, dept, year)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{dept.name_ko}_{year}_이행점검"
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    for line in (*GUIDE, "", f"부서: {dept.name_ko} ({dept.name_en}), 연도: {year}"):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    for spec in specs:
        _write_sheet(book.create_sheet(spec.title), spec)
    paths = [out / f"{stem}.xlsx"]
    book.save(paths[0])
    for spec in specs:
        paths.append(out / f"{stem}_{spec.csv_suffix}.csv")
        _write_csv(paths[-1], spec.headers, spec.lines)
    return dept, paths
