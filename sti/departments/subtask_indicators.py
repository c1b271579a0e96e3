"""The sub-tasks' own indicators (세부과제 성과지표): proposed, approved and reported by departments.

The mid-term and final evaluations judge each sub-task by its indicators (plan line 2404:
세부 추진과제(약 32개) 지표별 성과), but the plan names indicators for only a few sub-tasks. A
department defines the others on the `세부과제 성과지표` sheet of its yearly report: per indicator
and year, its name, unit, direction, baseline, target and the year's actual. 구분 says what the
row does to the definition:

- 신규: proposes a new indicator (its name is new for the sub-task);
- 수정: proposes a revised definition of an approved one;
- 기존: reports on the approved definition, which it repeats unchanged (a changed cell is
  refused: propose 수정 instead).

A definition becomes an indicator of the warehouse when the committee approves the report that
carries it (확정, sti/departments/review.py); every approved revision is kept
(marts.subtask_indicators), the newest is in force, and actuals of approved reports are judged
against it with the KPI rule book (marts.subtask_indicator_progress).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from sti.db.warehouse_tables import has_table
from sti.departments.check_sheets import PlanRules, row_problem
from sti.errors import InputProblem

INDICATOR_SHEET = "세부과제 성과지표"
INDICATOR_HEADERS = {
    "부서": "department_ko",
    "세부과제": "subtask_code",
    "지표명": "indicator_name_ko",
    "구분": "proposal",
    "단위": "unit",
    "방향": "direction",
    "기준연도": "baseline_year",
    "기준값": "baseline_value",
    "목표연도": "target_year",
    "목표값": "target_value",
    "연도": "year",
    "실적값": "value",
    "근거자료": "evidence",
    "보고자": "reporter",
    "보고일": "report_date",
}
PROPOSALS = {"기존": "existing", "신규": "new", "수정": "revised"}
DIRECTIONS = {"증가": "higher", "감소": "lower"}
DEFINITION = ("unit", "direction", "baseline_year", "baseline_value", "target_year", "target_value")
REQUIRED = (
    "department_ko", "subtask_code", "indicator_name_ko", "proposal", *DEFINITION, "report_date"
)  # fmt: skip
INDICATOR_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "subtask_code": pl.String,
    "indicator_name_ko": pl.String,
    "proposal": pl.String,
    "unit": pl.String,
    "direction": pl.String,
    "baseline_year": pl.Int32,
    "baseline_value": pl.Float64,
    "target_year": pl.Int32,
    "target_value": pl.Float64,
    "year": pl.Int32,
    "value": pl.Float64,
    "evidence": pl.String,
    "reporter": pl.String,
    "report_date": pl.Date,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}


@dataclass(frozen=True)
class Definition:
    unit: str
    direction: str
    baseline_year: int
    baseline_value: float
    target_year: int
    target_value: float

    def cells(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in DEFINITION}


def approved_definitions(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Definition]:
    """(sub-task, indicator name) -> its definition in force, from the published warehouse (none
    before the first night that built marts.subtask_indicators)."""
    if not has_table(conn, "marts.subtask_indicators"):
        return {}
    rows = conn.execute(
        f"select subtask_code, indicator_name_ko, {', '.join(DEFINITION)} "
        "from marts.subtask_indicators where in_force"
    ).fetchall()
    return {(r[0], r[1]): Definition(*r[2:]) for r in rows}


def _number(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def type_indicator(cells: dict[str, str | None], problem: Any, parse_date: Any) -> dict[str, Any]:
    """An indicator row with its numbers, date and words parsed; `problem(column, rule)`
    records what does not parse."""
    for column in REQUIRED:
        if not cells.get(column):
            problem(column, "must be filled in")
    row: dict[str, Any] = dict(cells)
    for column in (
        "baseline_year",
        "target_year",
        "year",
        "baseline_value",
        "target_value",
        "value",
    ):
        row[column] = _number(cells.get(column))
        if cells.get(column) and row[column] is None:
            problem(column, "must be a number without thousands separators or units")
    for column in ("baseline_year", "target_year", "year"):
        if row[column] is not None:
            row[column] = int(row[column])
    if row.get("value") is not None and row.get("year") is None:
        problem("year", "an actual (실적값) needs its year")
    row["report_date"] = parse_date(cells.get("report_date"))
    if cells.get("report_date") and row["report_date"] is None:
        problem("report_date", "must be a date written YYYY-MM-DD")
    for column, words in (("proposal", PROPOSALS), ("direction", DIRECTIONS)):
        if cells.get(column) and cells[column] not in words:
            problem(column, f"must be one of {list(words)}")
        row[column] = words.get(cells.get(column) or "")
    return row


def indicator_filled(cells: dict[str, str | None]) -> bool:
    return bool(cells.get("indicator_name_ko") and (cells.get("proposal") or cells.get("value")))


def _problem(row: dict[str, Any], column: str, rule: str) -> InputProblem:
    return row_problem(row, INDICATOR_HEADERS, column, rule)


def indicator_problems(
    row: dict[str, Any],
    plan: PlanRules,
    approved: dict[tuple[str, str], Definition],
    today: dt.date,
) -> list[InputProblem]:
    """An indicator row against the plan and the approved definitions."""
    code, name = row["subtask_code"], row["indicator_name_ko"]
    if code not in plan.owners:
        return [_problem(row, "subtask_code", "no such sub-task (세부과제) in the plan")]
    if row["department_ko"] not in plan.owners[code]:
        owners = ", ".join(sorted(plan.owners[code]))
        return [_problem(row, "subtask_code", f"sub-task {code} is owned by {owners}")]
    found = []
    if row["target_year"] <= row["baseline_year"]:
        found.append(_problem(row, "target_year", "the target year comes after the baseline year"))
    elif row["year"] is not None and not row["baseline_year"] < row["year"] <= row["target_year"]:
        found.append(
            _problem(
                row, "year", f"an actual lies in {row['baseline_year'] + 1}-{row['target_year']}"
            )
        )
    held = approved.get((code, name))
    if row["proposal"] == "new" and held is not None:
        found.append(
            _problem(row, "proposal", f"{name!r} is already an indicator of {code}: 기존 or 수정")
        )
    if row["proposal"] in ("existing", "revised") and held is None:
        found.append(
            _problem(
                row, "proposal", f"{code} has no approved indicator {name!r}: propose it as 신규"
            )
        )
    if row["proposal"] == "existing" and held is not None:
        for column, value in held.cells().items():
            if row[column] != value:
                found.append(
                    _problem(
                        row,
                        column,
                        f"a locked cell was changed: the approved definition says {value!r}; "
                        "propose a revision with 구분 '수정'",
                    )
                )
    if row["report_date"] is not None and row["report_date"] > today:
        found.append(_problem(row, "report_date", f"is after today ({today.isoformat()})"))
    return found


def definition_conflicts(frame: pl.DataFrame) -> list[InputProblem]:
    """Rows of one file that define one indicator two ways: which definition is proposed would
    be a guess."""
    found = []
    first: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in frame.sort("source_file", "source_row").iter_rows(named=True):
        key = (row["source_file"], row["subtask_code"], row["indicator_name_ko"])
        held = first.setdefault(key, row)
        if any(held[c] != row[c] for c in (*DEFINITION, "proposal")):
            found.append(
                _problem(
                    row,
                    "indicator_name_ko",
                    f"defines {row['indicator_name_ko']!r} unlike row {held['source_row']}: one "
                    "definition per indicator and report",
                )
            )
    return found
