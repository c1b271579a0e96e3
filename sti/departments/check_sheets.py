"""The implementation check's own sheets: what was done for every action, and next year's plan.

The plan's 이행점검 (line 2401: 세부 추진과제 단위 당해연도 계획 대비 현황 … 차년도 계획(안) 마련;
line 2402: 연도별 세부 추진과제별 이행계획, 계획 대비 투자 실적, 투자 공백 분석을 통한 차년도
투자계획) asks each department, every year, for:

- `세세부과제 추진현황`: one row per action (세세부과제) it owns: 추진상태 from a fixed list,
  추진실적 (what was done), 지연·변경 사유 (required when late, stopped or changed), 근거자료;
- `차년도 계획`: next year's plan per action: 계속, 완료 예정 or 신규 (a new action, named by the
  department), with the planned content.

The budget (계획·예산·집행 and next year's request per 재원) is on the 투자계획·실적 sheet
(sti/departments/yearly_report.py reads it with the KPI sheet). The rules here need the plan:
`PlanRules` holds its actions (names and periods, which the template locks), and which
department owns which sub-task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from sti.errors import InputProblem
from sti.reference.vocabulary import codes_by_korean

ACTION_SHEET = "세세부과제 추진현황"
NEXT_PLAN_SHEET = "차년도 계획"
ACTION_HEADERS = {
    "부서": "department_ko",
    "세부과제": "subtask_code",
    "세세부과제 번호": "action_no",
    "세세부과제명": "action_name_ko",
    "추진기간": "schedule",
    "연도": "year",
    "당해연도 계획": "planned_content",
    "추진상태": "progress_status",
    "추진실적": "achievement",
    "지연·변경 사유": "reason",
    "근거자료": "evidence",
    "보고자": "reporter",
    "보고일": "report_date",
}
NEXT_PLAN_HEADERS = {
    "부서": "department_ko",
    "세부과제": "subtask_code",
    "세세부과제 번호": "action_no",
    "세세부과제명": "action_name_ko",
    "계획연도": "plan_year",
    "차년도 구분": "plan_kind",
    "계획 내용": "plan_content",
    "보고자": "reporter",
    "보고일": "report_date",
}
# 추진상태, as the department chooses it (Korean), and the code analysts filter on.
PROGRESS_STATUSES = codes_by_korean("progress_status")
NEEDS_REASON = ("지연", "중단·변경")
# 차년도 구분: the action goes on, ends next year, or is new (then it has no number yet).
PLAN_KINDS = codes_by_korean("plan_kind")
REQUIRED_ACTION = ("department_ko", "subtask_code", "action_no", "year", "progress_status")
REQUIRED_PLAN = ("department_ko", "subtask_code", "plan_year", "plan_kind", "plan_content")
# The template writes these from the plan and locks them; a changed one is refused.
LOCKED_ACTION = ("action_name_ko", "schedule")


@dataclass(frozen=True)
class PlanAction:
    name_ko: str
    schedule_from: int
    schedule_to: int

    @property
    def schedule(self) -> str:
        return f"{self.schedule_from}-{self.schedule_to}"


@dataclass(frozen=True)
class PlanRules:
    """The plan's side of a report: its actions and who owns which sub-task."""

    actions: dict[tuple[str, int], PlanAction]
    owners: dict[str, set[str]]  # subtask_code -> departments (co-owned sub-tasks have two)
    subtask_names: dict[str, str]

    def owned_by(self, department: str) -> list[str]:
        return sorted(code for code, owners in self.owners.items() if department in owners)


def plan_rules(conn: duckdb.DuckDBPyConnection) -> PlanRules:
    """The plan's actions, owners and sub-task names from the staging tables."""
    actions = {
        (code, int(number)): PlanAction(name, int(start), int(end))
        for code, number, name, start, end in conn.execute(
            "select subtask_code, action_no, name_ko, schedule_from, schedule_to "
            "from staging.plan_actions"
        ).fetchall()
    }
    owners: dict[str, set[str]] = {}
    for code, department in conn.execute(
        "select subtask_code, department_ko from staging.plan_subtask_departments"
    ).fetchall():
        owners.setdefault(code, set()).add(department)
    names = dict(conn.execute("select subtask_code, name_ko from staging.plan_subtasks").fetchall())
    return PlanRules(actions, owners, names)


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(float(text))
    except ValueError:
        return None


def _typed(
    cells: dict[str, str | None],
    required: tuple[str, ...],
    whole_numbers: tuple[str, ...],
    problem: Any,
    parse_date: Any,
) -> dict[str, Any]:
    """The row with its required cells checked, its whole numbers and report date parsed."""
    for column in required:
        if not cells.get(column):
            problem(column, "must be filled in")
    row: dict[str, Any] = dict(cells)
    for column in whole_numbers:
        row[column] = _int(cells.get(column))
        if cells.get(column) and row[column] is None:
            problem(column, "must be a whole number")
    row["report_date"] = parse_date(cells.get("report_date"))
    if cells.get("report_date") and row["report_date"] is None:
        problem("report_date", "must be a date written YYYY-MM-DD")
    return row


def type_action(cells: dict[str, str | None], problem: Any, parse_date: Any) -> dict[str, Any]:
    """An action row with its number, year, date and status parsed; `problem(column, rule)`
    records what does not parse."""
    row = _typed(cells, REQUIRED_ACTION, ("action_no", "year"), problem, parse_date)
    status = cells.get("progress_status")
    row["progress_code"] = PROGRESS_STATUSES.get(status or "")
    if status and row["progress_code"] is None:
        problem("progress_status", f"must be one of {list(PROGRESS_STATUSES)}")
    if status in NEEDS_REASON and not cells.get("reason"):
        problem("reason", f"추진상태 '{status}' needs its 지연·변경 사유")
    return row


def type_plan(cells: dict[str, str | None], problem: Any, parse_date: Any) -> dict[str, Any]:
    """A next-year plan row: a numbered action (계속, 완료 예정) or a new one (신규, named)."""
    row = _typed(cells, REQUIRED_PLAN, ("action_no", "plan_year"), problem, parse_date)
    kind = cells.get("plan_kind")
    row["plan_code"] = PLAN_KINDS.get(kind or "")
    if kind and row["plan_code"] is None:
        problem("plan_kind", f"must be one of {list(PLAN_KINDS)}")
    if row["plan_code"] == "new" and not cells.get("action_name_ko"):
        problem("action_name_ko", "a new action (신규) needs its name")
    if row["plan_code"] in ("continued", "ending") and row["action_no"] is None:
        problem("action_no", f"'{kind}' continues an action of the plan: give its number")
    return row


def action_filled(cells: dict[str, str | None]) -> bool:
    return bool(cells.get("progress_status") or cells.get("achievement") or cells.get("reason"))


def plan_filled(cells: dict[str, str | None]) -> bool:
    return bool(cells.get("plan_kind") or cells.get("plan_content"))


def row_problem(
    row: dict[str, Any], headers: dict[str, str], column: str, rule: str
) -> InputProblem:
    """A rule a parsed row breaks, at its file, sheet, row and Korean column."""
    label = next((ko for ko, name in headers.items() if name == column), column)
    value = row.get(column)
    return InputProblem(
        row["source_file"],
        rule,
        row["source_row"],
        label,
        None if value is None else str(value),
        sheet=row.get("source_sheet"),
    )


def _owner_problems(
    row: dict[str, Any], rules: PlanRules, headers: dict[str, str]
) -> list[InputProblem]:
    code = row["subtask_code"]
    if code not in rules.owners:
        return [
            row_problem(row, headers, "subtask_code", "no such sub-task (세부과제) in the plan")
        ]
    if row["department_ko"] not in rules.owners[code]:
        owners = ", ".join(sorted(rules.owners[code]))
        return [
            row_problem(
                row,
                headers,
                "subtask_code",
                f"sub-task {code} is owned by {owners}, not by {row['department_ko']}",
            )
        ]
    return []


def action_problems(row: dict[str, Any], rules: PlanRules, today: dt.date) -> list[InputProblem]:
    """An action row against the plan: owned sub-task, known action, locked cells unchanged,
    a year the action runs in, a report date not in the future."""
    found = _owner_problems(row, rules, ACTION_HEADERS)
    if found:
        return found
    action = rules.actions.get((row["subtask_code"], row["action_no"]))
    if action is None:
        numbers = sorted(n for c, n in rules.actions if c == row["subtask_code"])
        return [
            row_problem(
                row,
                ACTION_HEADERS,
                "action_no",
                f"sub-task {row['subtask_code']} has no action {row['action_no']}; its actions "
                f"are {numbers}",
            )
        ]
    locked = {"action_name_ko": action.name_ko, "schedule": action.schedule}
    for column in LOCKED_ACTION:
        if row.get(column) is not None and row[column] != locked[column]:
            found.append(
                row_problem(
                    row,
                    ACTION_HEADERS,
                    column,
                    f"a locked cell was changed: the plan says {locked[column]!r}",
                )
            )
    if not action.schedule_from <= row["year"] <= action.schedule_to:
        found.append(row_problem(row, ACTION_HEADERS, "year", f"the action runs {action.schedule}"))
    if row["report_date"] is not None and row["report_date"] > today:
        found.append(
            row_problem(row, ACTION_HEADERS, "report_date", f"is after today ({today.isoformat()})")
        )
    return found


def plan_problems(row: dict[str, Any], rules: PlanRules, today: dt.date) -> list[InputProblem]:
    """A next-year plan row: owned sub-task, and a numbered action the plan has."""
    found = _owner_problems(row, rules, NEXT_PLAN_HEADERS)
    if found or row["action_no"] is None:
        return found
    action = rules.actions.get((row["subtask_code"], row["action_no"]))
    if action is None:
        found.append(
            row_problem(
                row,
                NEXT_PLAN_HEADERS,
                "action_no",
                f"sub-task {row['subtask_code']} has no action {row['action_no']}; a new action "
                "is written 신규 without a number",
            )
        )
    elif row.get("action_name_ko") is not None and row["action_name_ko"] != action.name_ko:
        found.append(
            row_problem(
                row,
                NEXT_PLAN_HEADERS,
                "action_name_ko",
                f"a locked cell was changed: the plan says {action.name_ko!r}",
            )
        )
    if row["report_date"] is not None and row["report_date"] > today:
        found.append(
            row_problem(
                row, NEXT_PLAN_HEADERS, "report_date", f"is after today ({today.isoformat()})"
            )
        )
    return found
