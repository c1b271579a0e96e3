"""Department reports (부서 실적보고): reading the yearly implementation check's workbook.

The plan's 이행점검 (plan Ⅴ.1, lines 2398-2405) asks every sub-task's department, each year, for
its results against the plan. A department fills the workbook `sti template <department>`
writes (sti/departments/template.py: 세세부과제 추진현황, 투자계획·실적, 성과지표 실적, 차년도
계획; XLSX, or a CSV per sheet, Korean headers); `sti receive` checks it and archives it as
received (data/raw/departments/, with a sidecar); the secretariat and the committee decide on it
(`sti review`, sti/departments/review.py); the nightly run reads every report received:

- each sheet is known by a header only it has (성과지표ID, 재원, 추진상태, 차년도 구분), so a
  renamed sheet or a CSV of one sheet is read the same; the action and plan sheets' own rules
  are in sti/departments/check_sheets.py;
- a KPI row's `상태` is the department's mark, 제출 (provisional) or 확정 (confirmed); a confirmed
  figure becomes a value of the KPI's series once its report is approved (확정 by the committee),
  dated by the meeting; any other figure is shown with its state (marts.department_reports);
- nothing is overwritten: a later report of the same key is a new revision, every one is kept,
  and the as-of views see the one in force on their date;
- a row with nothing filled is a template line nobody filled: skipped.

Every broken rule is reported with the file, sheet, row (the spreadsheet's line) and Korean
column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pandera.polars as pa
import polars as pl
from openpyxl.utils import get_column_letter

from sti.departments.check_sheets import (
    ACTION_HEADERS,
    NEXT_PLAN_HEADERS,
    PlanRules,
    action_filled,
    action_problems,
    plan_filled,
    plan_problems,
    plan_rules,
    type_action,
    type_plan,
)
from sti.departments.subtask_indicators import (
    INDICATOR_HEADERS,
    INDICATOR_SCHEMA,
    Definition,
    approved_definitions,
    definition_conflicts,
    indicator_filled,
    indicator_problems,
    type_indicator,
)
from sti.errors import InputError, InputProblem
from sti.ingest.office_files import MAX_CELL_CHARS, MAX_UNCOMPRESSED_BYTES, check_workbook
from sti.ingest.readers.csv_records import refuse_non_text
from sti.ingest.tabular_input import model_problems
from sti.paths import relative_to_raw
from sti.plan.kpi_rules import PLAN_FIRST_YEAR, followed_years
from sti.reference.indicators import catalogue

REPORTS_DIR = Path("departments")
REPORT_SUFFIXES = (".csv", ".xlsx")
KPI_SHEET = "성과지표 실적"
BUDGET_SHEET = "투자계획·실적"
GUIDE_SHEET = "작성 안내"
# A department reports a few dozen lines (KPIs x years, sub-tasks x 재원); a sheet beyond this
# is a mistake or an attack, refused before it is held in memory.
MAX_REPORT_ROWS = 10_000
SAVE_AS_UTF8 = "save the CSV as 'CSV UTF-8' in Excel"
# Korean header -> column name. English names are accepted too (a file saved by a script).
KPI_HEADERS = {
    "부서": "department_ko",
    "성과지표ID": "kpi_id",
    "성과지표명": "kpi_name_ko",
    "세부과제": "subtask_code",
    "연도": "year",
    "실적값": "value",
    "단위": "unit",
    "집계기준": "basis",
    "근거자료": "evidence",
    "보고자": "reporter",
    "보고일": "report_date",
    "상태": "status",
    "비고": "note",
}
BUDGET_HEADERS = {
    "부서": "department_ko",
    "세부과제": "subtask_code",
    "세부과제명": "subtask_name_ko",
    "연도": "period",
    "재원": "funding_source",
    "계획액(억원)": "planned_eok",
    "예산액(억원)": "allocated_eok",
    "집행액(억원)": "executed_eok",
    "차년도 요구액(억원)": "requested_next_eok",
    "근거자료": "evidence",
    "보고자": "reporter",
    "보고일": "report_date",
    "상태": "status",
    "비고": "note",
}
# Columns a department must fill on a row it reports (the rest are pre-filled or optional).
REQUIRED_KPI = ("department_ko", "kpi_id", "year", "value", "unit", "reporter", "report_date")
REQUIRED_BUDGET = ("department_ko", "subtask_code", "period", "funding_source", "report_date")
STATUS_KO = {"submitted": "제출", "confirmed": "확정"}
# what a department may write in 상태: the Korean label, or the English status itself
STATUS_LABELS = {**{ko: en for en, ko in STATUS_KO.items()}, **{en: en for en in STATUS_KO}}
FUNDING_LABELS = {
    "국비": "national",
    "시비": "local",
    "공공": "public",
    "민간": "private",
    "기타": "other",
    "구분없음": "unsplit",
}
FUNDING_KO = {english: korean for korean, english in FUNDING_LABELS.items()}
REPORT_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "kpi_id": pl.String,
    "kpi_name_ko": pl.String,
    "subtask_code": pl.String,
    "year": pl.Int32,
    "value": pl.Float64,
    "unit": pl.String,
    "evidence": pl.String,
    "reporter": pl.String,
    "report_date": pl.Date,
    "status": pl.String,
    "note": pl.String,
    "source_file": pl.String,
    "source_sha256": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}

BUDGET_REPORT_SCHEMA: dict[str, Any] = {
    "subtask_code": pl.String,
    "period": pl.String,
    "funding_source": pl.String,
    "planned_eok": pl.Float64,
    "allocated_eok": pl.Float64,
    "executed_eok": pl.Float64,
    "requested_next_eok": pl.Float64,
    "reported_by": pl.String,
    "report_date": pl.String,
    "note": pl.String,
    "status": pl.String,
    "source_row": pl.Int64,
    "source_file": pl.String,
    "source_sheet": pl.String,
}


ACTION_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "subtask_code": pl.String,
    "action_no": pl.Int32,
    "action_name_ko": pl.String,
    "schedule": pl.String,
    "year": pl.Int32,
    "planned_content": pl.String,
    "progress_status": pl.String,
    "progress_code": pl.String,
    "achievement": pl.String,
    "reason": pl.String,
    "evidence": pl.String,
    "reporter": pl.String,
    "report_date": pl.Date,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}
PLAN_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "subtask_code": pl.String,
    "action_no": pl.Int32,
    "action_name_ko": pl.String,
    "plan_year": pl.Int32,
    "plan_kind": pl.String,
    "plan_code": pl.String,
    "plan_content": pl.String,
    "reporter": pl.String,
    "report_date": pl.Date,
    "source_file": pl.String,
    "source_sheet": pl.String,
    "source_row": pl.Int64,
}
HEADERS = {
    "kpi": KPI_HEADERS,
    "budget": BUDGET_HEADERS,
    "action": ACTION_HEADERS,
    "plan": NEXT_PLAN_HEADERS,
    "indicator": INDICATOR_HEADERS,
}
# A sheet is known by a header only it has (the sheet's name may be changed by the user).
KIND_MARKERS = {
    "kpi": {"성과지표ID", "kpi_id"},
    "budget": {"재원", "funding_source"},
    "action": {"추진상태", "progress_status"},
    "plan": {"차년도 구분", "plan_kind"},
    "indicator": {"지표명", "indicator_name_ko"},
}
BUDGET_AMOUNTS = ("planned_eok", "allocated_eok", "executed_eok", "requested_next_eok")
# ParsedReports' frames, in order: the rows of each sheet kind
SCHEMAS: dict[str, dict[str, Any]] = {
    "kpis": REPORT_SCHEMA,
    "budgets": BUDGET_REPORT_SCHEMA,
    "actions": ACTION_SCHEMA,
    "plans": PLAN_SCHEMA,
    "indicators": INDICATOR_SCHEMA,
}


@dataclass(frozen=True)
class ParsedReports:
    """Every filled row of one or more received files, by sheet."""

    kpis: pl.DataFrame
    budgets: pl.DataFrame
    actions: pl.DataFrame
    plans: pl.DataFrame
    indicators: pl.DataFrame

    @classmethod
    def empty(cls) -> ParsedReports:
        return cls(*(pl.DataFrame(schema=schema) for schema in SCHEMAS.values()))

    def frames(self) -> dict[str, pl.DataFrame]:
        return {kind: getattr(self, kind) for kind in SCHEMAS}

    def plus(self, other: ParsedReports) -> ParsedReports:
        theirs = other.frames()
        return ParsedReports(
            *(pl.concat([mine, theirs[kind]]) for kind, mine in self.frames().items())
        )

    @property
    def height(self) -> int:
        return sum(frame.height for frame in self.frames().values())

    def departments(self) -> set[str]:
        return set(self.budgets["reported_by"].to_list()).union(
            *(
                frame["department_ko"].to_list()
                for kind, frame in self.frames().items()
                if kind != "budgets"
            )
        )

    def check_year(self) -> int | None:
        """The year the report is the check of: the newest year it reports on (a next-year
        plan row is the plan of the year after its check)."""
        years = [
            *self.kpis["year"].to_list(),
            *(int(p) for p in self.budgets["period"].to_list() if p.isdigit()),
            *self.actions["year"].to_list(),
            *(y - 1 for y in self.plans["plan_year"].to_list()),
            *(y for y in self.indicators["year"].to_list() if y is not None),
        ]
        return max(years) if years else None


def korean_header(column: str, headers: dict[str, str]) -> str:
    """The Korean header of a column, as the department sees it in the file."""
    return next((ko for ko, name in headers.items() if name == column), column)


@dataclass(frozen=True)
class Sheet:
    """One table of a received file: its kind, rows as text and each row's spreadsheet line."""

    file: str
    kind: str  # "kpi" | "budget" | "action" | "plan"
    rows: list[tuple[int, dict[str, str | None]]]
    name: str | None = None  # the workbook sheet; None for a CSV


def _text(cell: Any) -> str | None:
    """A cell as the text a person typed (Excel turns dates into datetimes and 3 into 3.0)."""
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip()
    return text or None


def _map_header(
    file: str, header: list[str | None], headers: dict[str, str], where: str
) -> list[str]:
    names, problems = [], []
    known = set(headers.values())
    for position, label in enumerate(header, start=1):
        label = (label or "").strip()
        name = headers.get(label) or (label if label in known else None)
        if name is None:
            problems.append(
                InputProblem(
                    file,
                    f"unknown column {label!r} (header cell {position}); the template's columns "
                    f"are {list(headers)}",
                    row=1,
                    column=label or f"#{position}",
                    sheet=None if where == "the file" else where,
                )
            )
        names.append(name or "")
    if problems:
        raise InputError(problems)
    return names


def _kind(file: str, header: list[str | None], where: str) -> str:
    labels = {(h or "").strip() for h in header}
    for kind, markers in KIND_MARKERS.items():
        if labels & markers:
            return kind
    raise InputError(
        InputProblem(
            file,
            f"{where} is none of the report's sheets (성과지표 needs a 성과지표ID column, "
            "투자계획·실적 a 재원 column, 세세부과제 추진현황 a 추진상태 column, 차년도 계획 a "
            "차년도 구분 column): write the file with `sti template`",
            row=1,
            sheet=None if where == "the file" else where,
        )
    )


def _sheet(file: str, lines: list[list[Any]], where: str) -> Sheet | None:
    """Rows of one table; None for an empty sheet."""
    if not lines or not any(_text(c) for c in lines[0]):
        return None
    header = [_text(c) for c in lines[0]]
    kind = _kind(file, header, where)
    names = _map_header(file, header, HEADERS[kind], where)
    rows = []
    for line_number, line in enumerate(lines[1:], start=2):
        cells = {name: _text(cell) for name, cell in zip(names, line, strict=False) if name}
        if any(cells.values()):
            rows.append((line_number, cells))
    return Sheet(file, kind, rows, None if where == "the file" else where)


def read_report_file(path: Path, root: Path) -> list[Sheet]:
    """The KPI and budget tables of one received CSV or XLSX file. A workbook is checked
    before it is parsed (sti/ingest/office_files.py); a formula, an oversized sheet or cell,
    text that is not UTF-8 or holds NUL bytes are refused, each naming where it is."""
    file = relative_to_raw(path, root)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        if suffix == ".xls":
            raise InputError(InputProblem(file, "an Excel 97-2003 (.xls) file: save it as .xlsx"))
        sheets = [_sheet(file, lines, name) for name, lines in _workbook_tables(path, file)]
    elif suffix == ".csv":
        sheets = [_sheet(file, _csv_lines(path, file), "the file")]
    else:
        raise InputError(InputProblem(file, "a report is an .xlsx workbook or a .csv file"))
    found = [s for s in sheets if s is not None]
    if not found:
        raise InputError(InputProblem(file, "the file holds no report table"))
    return found


def _workbook_tables(path: Path, file: str) -> list[tuple[str, list[list[Any]]]]:
    """Each sheet's rows (the guide sheet left out), formulas and limits checked cell by cell."""
    check_workbook(path, file)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for a file it cannot parse
        raise _unreadable(file, error) from None
    try:
        return [
            (name, _sheet_rows(book[name], file, name))
            for name in book.sheetnames
            if name != GUIDE_SHEET
        ]
    except InputError:
        raise
    except Exception as error:  # a part that is not well-formed XML, found while reading
        raise _unreadable(file, error) from None
    finally:
        book.close()


def _unreadable(file: str, error: Exception) -> InputError:
    return InputError(
        InputProblem(file, f"cannot be read as a workbook ({type(error).__name__}: {error})")
    )


def _sheet_rows(sheet: Any, file: str, name: str) -> list[list[Any]]:
    lines: list[list[Any]] = []
    problems: list[InputProblem] = []
    sheet.reset_dimensions()  # the stated size can lie: read every row there is (up to the bound)
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > MAX_REPORT_ROWS:
            raise InputError(
                InputProblem(
                    file,
                    f"more than {MAX_REPORT_ROWS:,} rows: a department report has a few dozen",
                    sheet=name,
                )
            )
        values = []
        for position, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            column = _column_label(lines, position)
            if getattr(cell, "data_type", None) == "f":
                coordinate = f"{get_column_letter(position)}{number}"
                problems.append(
                    InputProblem(
                        file,
                        f"formula in cell {coordinate}: enter the value itself",
                        number,
                        column,
                        str(value),
                        sheet=name,
                    )
                )
            elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                problems.append(
                    InputProblem(
                        file,
                        f"a cell of {len(value):,} characters, more than Excel's {MAX_CELL_CHARS:,}",
                        number,
                        column,
                        sheet=name,
                    )
                )
                value = None
            values.append(value)
        lines.append(values)
    if problems:
        raise InputError(problems)
    return lines


def _column_label(lines: list[list[Any]], position: int) -> str:
    """The header above a cell (row 1's text), else its column letter."""
    header = lines[0] if lines else []
    label = _text(header[position - 1]) if position <= len(header) else None
    return label or get_column_letter(position)


def _csv_lines(path: Path, file: str) -> list[list[str | None]]:
    data = path.read_bytes()
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        raise InputError(InputProblem(file, f"larger than {MAX_UNCOMPRESSED_BYTES // 1024**2} MB"))
    refuse_non_text(file, data, SAVE_AS_UTF8)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
        raise InputError(InputProblem(file, f"not UTF-8 text: {SAVE_AS_UTF8}", bad_line)) from None
    problems: list[InputProblem] = []
    lines: list[list[str | None]] = []
    try:
        for number, line in enumerate(csv.reader(io.StringIO(text)), start=1):
            cells = [c or None for c in line]
            for position, cell in enumerate(cells, start=1):
                if cell is not None and cell.lstrip().startswith("="):
                    problems.append(
                        InputProblem(
                            file,
                            "formula: a cell beginning with '=' is a formula when the CSV is "
                            "opened in Excel; enter the value itself",
                            number,
                            _column_label(lines, position),
                            cell,
                        )
                    )
            lines.append(cells)
    except csv.Error as error:
        raise InputError(InputProblem(file, f"not a readable CSV ({error})")) from None
    if problems:
        raise InputError(problems)
    return lines


def _number(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _date(text: str | None) -> dt.date | None:
    try:
        return None if text is None else dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _typed(
    sheet: Sheet, line: int, cells: dict[str, str | None], problems: list[InputProblem]
) -> dict[str, Any]:
    """The row with numbers, dates and vocabulary parsed; a cell that does not parse is a problem."""
    headers = HEADERS[sheet.kind]

    def problem(column: str, rule: str) -> None:
        problems.append(
            InputProblem(
                sheet.file,
                rule,
                line,
                korean_header(column, headers),
                cells.get(column),
                sheet=sheet.name,
            )
        )

    if sheet.kind == "action":
        return type_action(cells, problem, _date)
    if sheet.kind == "plan":
        return type_plan(cells, problem, _date)
    if sheet.kind == "indicator":
        return type_indicator(cells, problem, _date)
    required = REQUIRED_KPI if sheet.kind == "kpi" else REQUIRED_BUDGET
    for column in required:
        if not cells.get(column):
            problem(column, "must be filled in")
    row: dict[str, Any] = dict(cells)
    numbers = ("value", "year") if sheet.kind == "kpi" else BUDGET_AMOUNTS
    for column in numbers:
        if cells.get(column) is not None and _number(cells[column]) is None:
            problem(column, "must be a number without thousands separators or units")
        row[column] = _number(cells.get(column))
        if sheet.kind == "budget" and row[column] is not None and row[column] < 0:
            problem(column, "an amount is not negative")
    if sheet.kind == "kpi" and row["year"] is not None:
        row["year"] = int(row["year"])
    row["report_date"] = _date(cells.get("report_date"))
    if cells.get("report_date") and row["report_date"] is None:
        problem("report_date", "must be a date written YYYY-MM-DD")
    status = cells.get("status") or "제출"
    row["status"] = STATUS_LABELS.get(status)
    if row["status"] is None:
        problem("status", "must be 제출 (submitted) or 확정 (confirmed)")
    if sheet.kind == "budget":
        source = cells.get("funding_source")
        row["funding_source"] = FUNDING_LABELS.get(source or "", source)
        if source and row["funding_source"] not in FUNDING_KO:
            problem("funding_source", f"must be one of {list(FUNDING_LABELS)}")
    return row


def _filled(kind: str, cells: dict[str, str | None]) -> bool:
    if kind == "kpi":
        return bool(cells.get("value"))
    if kind == "action":
        return action_filled(cells)
    if kind == "plan":
        return plan_filled(cells)
    if kind == "indicator":
        return indicator_filled(cells)
    return any(cells.get(column) for column in BUDGET_AMOUNTS)


def parse_report_files(paths: list[Path], root: Path, checksums: dict[str, str]) -> ParsedReports:
    """Every filled row of every received file, by sheet; InputError listing every cell that
    cannot be read (a number that is not one, a date, a status)."""
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in HEADERS}
    problems: list[InputProblem] = []
    for path in paths:
        for sheet in read_report_file(path, root):
            for line, cells in sheet.rows:
                if not _filled(sheet.kind, cells):
                    continue  # a template line nobody filled
                row = _typed(sheet, line, cells, problems)
                provenance = {
                    "source_file": sheet.file,
                    "source_sha256": checksums.get(sheet.file),
                    "source_sheet": sheet.name,
                    "source_row": line,
                }
                rows[sheet.kind].append({**row, **provenance})
    if problems:
        raise InputError(problems)
    return ParsedReports(
        _frame(rows["kpi"], REPORT_SCHEMA),
        _budget_frame(rows["budget"]),
        _frame(rows["action"], ACTION_SCHEMA),
        _frame(rows["plan"], PLAN_SCHEMA),
        _frame(rows["indicator"], INDICATOR_SCHEMA),
    )


def _frame(rows: list[dict[str, Any]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


def _budget_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Budget rows in staging.budget_execution's columns: the department reports the amounts."""
    records = [
        {
            "subtask_code": r["subtask_code"],
            "period": r["period"],
            "funding_source": r["funding_source"],
            **{column: r[column] for column in BUDGET_AMOUNTS},
            "reported_by": r["department_ko"],
            "report_date": r["report_date"].isoformat() if r["report_date"] else None,
            "note": "; ".join(
                part for part in (r.get("evidence"), r.get("reporter"), r.get("note")) if part
            )
            or None,
            "status": r["status"],
            "source_row": r["source_row"],
            "source_file": r["source_file"],
            "source_sheet": r["source_sheet"],
        }
        for r in rows
    ]
    return pl.DataFrame(records, schema=BUDGET_REPORT_SCHEMA)


@dataclass(frozen=True)
class KpiRules:
    """What a report is checked against: each KPI's unit, years, owner and value range."""

    units: dict[str, str]
    years: dict[str, tuple[int, int]]
    owners: dict[str, set[str]]  # kpi_id -> departments of its sub-task (empty: official release)
    official: dict[str, str]  # kpi_id -> the source that measures it, for official-release KPIs
    ranges: dict[str, tuple[float | None, float | None]]


def kpi_rules(conn: duckdb.DuckDBPyConnection) -> KpiRules:
    """Each KPI's unit, years, reporting departments and value range, from the warehouse."""
    rows = conn.execute(
        """
        select
            tar.kpi_id, tar.indicator_id, tar.target_unit, tar.baseline_year, tar.target_year,
            src.actuals_from, src.source_ko,
            list(dep.department_ko order by dep.department_ko) filter (
                where dep.department_ko is not null
            ) as departments,
        from staging.kpi_targets as tar
        left join staging.kpi_sources as src on src.kpi_id = tar.kpi_id
        left join staging.plan_subtask_departments as dep on dep.subtask_code = src.subtask_code
        group by all
        """
    ).fetchall()
    indicators = catalogue()
    return KpiRules(
        units={r[0]: r[2] for r in rows},
        years={r[0]: followed_years(int(r[3]), int(r[4])) for r in rows},
        owners={r[0]: set(r[7] or []) for r in rows},
        official={r[0]: r[6] for r in rows if r[5] != "department_report"},
        ranges={
            r[0]: (indicators[r[1]].value_min, indicators[r[1]].value_max)
            for r in rows
            if r[1] in indicators
        },
    )


def _problem(row: dict[str, Any], column: str, rule: str) -> InputProblem:
    value = row.get(column)
    return InputProblem(
        row["source_file"],
        rule,
        row["source_row"],
        korean_header(column, KPI_HEADERS),
        None if value is None else str(value),
        sheet=row.get("source_sheet"),
    )


def _row_problems(row: dict[str, Any], rules: KpiRules, today: dt.date) -> list[InputProblem]:
    kpi = row["kpi_id"]
    if kpi not in rules.units:
        return [_problem(row, "kpi_id", "unknown KPI: not in data/raw/targets/kpi_targets.csv")]
    if kpi in rules.official:
        return [
            _problem(
                row,
                "kpi_id",
                f"KPI {kpi} is measured by an official release ({rules.official[kpi]}), not "
                "by a department report",
            )
        ]
    found = []
    if row["department_ko"] not in rules.owners[kpi]:
        owners = ", ".join(sorted(rules.owners[kpi]))
        found.append(_problem(row, "department_ko", f"KPI {kpi} is reported by {owners}"))
    if row["unit"] != rules.units[kpi]:
        found.append(_problem(row, "unit", f"the unit of {kpi} is {rules.units[kpi]!r}"))
    first, last = rules.years[kpi]
    if not first <= row["year"] <= last:
        found.append(_problem(row, "year", f"{kpi} is followed for the years {first}-{last}"))
    low, high = rules.ranges.get(kpi, (None, None))
    if (low is not None and row["value"] < low) or (high is not None and row["value"] > high):
        found.append(_problem(row, "value", f"{kpi} values lie in [{low}, {high}]"))
    if row["report_date"] > today:
        found.append(_problem(row, "report_date", f"is after today ({today.isoformat()})"))
    if row["status"] == "confirmed" and not row["evidence"]:
        found.append(_problem(row, "evidence", "a confirmed figure needs its evidence"))
    return found


# What makes two rows of one sheet the same report (a revision has a later 보고일).
REPEAT_KEYS = {
    "kpis": ("kpi_id", "year", "status", "report_date"),
    "budgets": ("reported_by", "subtask_code", "period", "funding_source", "status", "report_date"),
    "actions": ("department_ko", "subtask_code", "action_no", "year", "report_date"),
    "plans": (
        "department_ko",
        "subtask_code",
        "action_no",
        "action_name_ko",
        "plan_year",
        "report_date",
    ),
    "indicators": ("department_ko", "subtask_code", "indicator_name_ko", "year", "report_date"),
}
REPEAT_COLUMN = {
    "kpis": "성과지표ID",
    "budgets": "재원",
    "actions": "세세부과제 번호",
    "plans": "세세부과제 번호",
}
PROVENANCE = ("source_file", "source_sha256", "source_sheet", "source_row")


def _label(kind: str, row: dict[str, Any]) -> str:
    date = row["report_date"]
    if kind == "kpis":
        return f"{row['kpi_id']} {row['year']} ({STATUS_KO[row['status']]}, {date})"
    if kind == "budgets":
        source = FUNDING_KO.get(row["funding_source"], row["funding_source"])
        return (
            f"{row['subtask_code']} {row['period']} {source} ({STATUS_KO[row['status']]}, {date})"
        )
    if kind == "actions":
        return f"세세부과제 {row['subtask_code']}-{row['action_no']} {row['year']} ({date})"
    if kind == "indicators":
        return f"세부과제 성과지표 {row['subtask_code']} {row['indicator_name_ko']} {row['year']} ({date})"
    action = row["action_no"] if row["action_no"] is not None else row["action_name_ko"]
    return f"차년도 계획 {row['subtask_code']} {action} {row['plan_year']} ({date})"


def _repeat(kind: str, row: dict[str, Any], rule: str) -> InputProblem:
    return InputProblem(
        row["source_file"],
        rule,
        row["source_row"],
        REPEAT_COLUMN[kind],
        None,
        sheet=row.get("source_sheet"),
    )


def _frames(parsed: ParsedReports) -> dict[str, pl.DataFrame]:
    return parsed.frames()


def _repeats_within(kind: str, frame: pl.DataFrame) -> list[InputProblem]:
    """The same key twice among rows being read together: which one counts would be a guess."""
    seen: dict[tuple, dict[str, Any]] = {}
    found = []
    for row in frame.sort("source_file", "source_row").iter_rows(named=True):
        key = tuple(row[k] for k in REPEAT_KEYS[kind])
        first = seen.setdefault(key, row)
        if first is not row:
            found.append(
                _repeat(
                    kind,
                    row,
                    f"duplicate report: {_label(kind, row)} is also in {first['source_file']} "
                    f"row {first['source_row']}; send a revision with a later 보고일",
                )
            )
    return found


def _duplicates(reports: pl.DataFrame) -> list[InputProblem]:
    return _repeats_within("kpis", reports)


def archive_conflicts(received: ParsedReports, archived: ParsedReports) -> list[InputProblem]:
    """Rows of a file being received that the archive already holds under the same key (KPI,
    year, status and 보고일; action, year and 보고일; ...): the same row again (nothing new: the
    night would count it twice) or another one (which one counts would be a guess). Found at
    the door, so the night never stops on them."""
    found = []
    held_frames = _frames(archived)
    for kind, frame in _frames(received).items():
        held: dict[tuple, dict[str, Any]] = {}
        for row in held_frames[kind].sort("source_file", "source_row").iter_rows(named=True):
            held.setdefault(tuple(row[k] for k in REPEAT_KEYS[kind]), row)
        for row in frame.iter_rows(named=True):
            first = held.get(tuple(row[k] for k in REPEAT_KEYS[kind]))
            if first is None:
                continue
            where = f"{first['source_file']} row {first['source_row']}"
            same = all(first[c] == row[c] for c in frame.columns if c not in PROVENANCE)
            rule = (
                f"already received: {_label(kind, row)} is archived in {where} "
                + ("with the same value" if kind == "kpis" else "as it is here")
                + "; nothing new to receive"
                if same
                else f"conflicts with the archive: {_label(kind, row)} is archived in {where} "
                + (f"with the value {first['value']:g}; " if kind == "kpis" else "differently; ")
                + "send a revision with a later 보고일"
            )
            found.append(_repeat(kind, row, rule))
    return found


class DepartmentReportRow(pa.DataFrameModel):
    """The shape every parsed report row has (the KPI rules need the warehouse: _row_problems)."""

    department_ko: str
    kpi_id: str
    year: pl.Int32 = pa.Field(ge=PLAN_FIRST_YEAR)
    value: float
    unit: str
    reporter: str
    report_date: pl.Date
    status: str = pa.Field(isin=list(STATUS_KO))
    source_file: str
    source_row: pl.Int64 = pa.Field(ge=2)


def validate_reports(reports: pl.DataFrame, rules: KpiRules, today: dt.date) -> list[InputProblem]:
    """Every rule a KPI report row breaks, naming its file, row and Korean column."""
    problems = model_problems(DepartmentReportRow, reports, str(REPORTS_DIR), label="kpi_id")
    for row in reports.iter_rows(named=True):
        problems += _row_problems(row, rules, today)
    return problems + _duplicates(reports)


@dataclass(frozen=True)
class ReportRules:
    """Everything a report is checked against: the KPIs' rules and the plan's."""

    kpis: KpiRules
    plan: PlanRules
    # the sub-tasks' approved indicators (sti/departments/subtask_indicators.py)
    indicators: dict[tuple[str, str], Definition] = field(default_factory=dict)


def report_rules(conn: duckdb.DuckDBPyConnection) -> ReportRules:
    return ReportRules(kpi_rules(conn), plan_rules(conn), approved_definitions(conn))


def _budget_problems(row: dict[str, Any], rules: PlanRules) -> list[InputProblem]:
    code, department = row["subtask_code"], row["reported_by"]
    if code not in rules.owners:
        rule = "no such sub-task (세부과제) in the plan"
    elif department not in rules.owners[code]:
        rule = f"sub-task {code} is owned by {', '.join(sorted(rules.owners[code]))}, not by {department}"
    else:
        return []
    return [
        InputProblem(
            row["source_file"], rule, row["source_row"], "세부과제", code, sheet=row["source_sheet"]
        )
    ]


def validate_parsed(
    parsed: ParsedReports, rules: ReportRules, today: dt.date
) -> list[InputProblem]:
    """Every rule the rows of one or more files break: each sheet's own rules (against the KPI
    list and the plan) and no key reported twice among them."""
    problems = validate_reports(parsed.kpis, rules.kpis, today)
    for row in parsed.actions.iter_rows(named=True):
        problems += action_problems(row, rules.plan, today)
    for row in parsed.plans.iter_rows(named=True):
        problems += plan_problems(row, rules.plan, today)
    for row in parsed.budgets.iter_rows(named=True):
        problems += _budget_problems(row, rules.plan)
    for row in parsed.indicators.iter_rows(named=True):
        problems += indicator_problems(row, rules.plan, rules.indicators, today)
    problems += definition_conflicts(parsed.indicators)
    for kind in ("budgets", "actions", "plans", "indicators"):
        problems += _repeats_within(kind, _frames(parsed)[kind])
    return problems
