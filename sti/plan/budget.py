"""The budget-execution template (data/raw/budget/*.csv|xlsx): read, typed and checked."""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.errors import InputError, InputProblem
from sti.ingest.tabular_input import FIRST_DATA_LINE, cast_columns, model_problems
from sti.paths import relative_to_raw

BUDGET_DIR = Path("budget")
# "unsplit": a sub-task's amount where the plan gives no split by funding source. ("total" is
# reserved for the task total that marts.budget_execution adds up.)
FUNDING_SOURCES = ("national", "local", "public", "private", "other", "unsplit")
PLAN_PERIODS = ("2023", "2024", "2025", "2026", "2027", "2023-2027")
COLUMNS = (
    "subtask_code",
    "period",
    "funding_source",
    "planned_eok",
    "executed_eok",
    "reported_by",
    "report_date",
    "note",
)
# Amounts a file may add (the departments' 투자계획·실적 sheet has them): 예산 and next year's
# request. Absent from the analyst-kept file: NULL, never zero.
OPTIONAL_AMOUNTS = ("allocated_eok", "requested_next_eok")
# The review state of a department's row (sti/departments/review.py); the analyst-kept file's
# rows are agreed figures and have none.
REVIEW_COLUMNS = {"review_state": pl.String, "approved_on": pl.Date}
# A department may report the same amounts again (a revision: a later report_date) or first
# submit and then confirm them; marts.budget_execution_as_of counts the newest confirmed one.
BUDGET_KEY = ["subtask_code", "period", "funding_source", "reported_by", "report_date", "status"]
STATUSES = ("submitted", "confirmed")


def _read_file(path: Path, root: Path) -> pl.DataFrame:
    file = relative_to_raw(path, root)
    if path.suffix.lower() == ".xlsx":
        frame = pl.read_excel(path, engine="openpyxl", infer_schema_length=0)
    else:
        frame = pl.read_csv(path, infer_schema=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(
            InputProblem(
                file,
                f"missing column(s) {missing}; the template's columns are {list(COLUMNS)}",
                column=missing[0],
            )
        )
    extra = [c for c in frame.columns if c not in (*COLUMNS, *OPTIONAL_AMOUNTS)]
    if extra:
        raise InputError(InputProblem(file, f"unknown column(s) {extra}", column=extra[0]))
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias(c) for c in OPTIONAL_AMOUNTS if c not in frame.columns
    )
    frame = frame.select(
        pl.col(c).cast(pl.String) for c in (*COLUMNS, *OPTIONAL_AMOUNTS)
    ).with_row_index("source_row", offset=FIRST_DATA_LINE)
    amounts = {c: pl.Float64 for c in ("planned_eok", "executed_eok", *OPTIONAL_AMOUNTS)}
    typed = cast_columns(frame, file, amounts, "must be a number in 억원 without separators")
    # the analyst-kept file holds agreed figures (the plan's); departments' files say their status
    return typed.with_columns(
        pl.lit("confirmed").alias("status"),
        *(pl.lit(None, dtype).alias(name) for name, dtype in REVIEW_COLUMNS.items()),
    )


def read_budget(root: Path, department_rows: pl.DataFrame | None = None) -> pl.DataFrame:
    """The analyst-kept budget files plus the budget sheets of the departments' reports."""
    files = sorted(
        p for p in (root / BUDGET_DIR).glob("*") if p.suffix.lower() in (".csv", ".xlsx")
    )
    frames = [_read_file(path, root) for path in files]
    if department_rows is not None and department_rows.height:
        frames.append(department_rows.select(frames[0].columns) if frames else department_rows)
    return pl.concat(frames, how="vertical_relaxed")


class BudgetRow(pa.DataFrameModel):
    subtask_code: str = pa.Field(str_matches=r"^[1-4]-[1-9]-[1-9]$")
    period: str = pa.Field(isin=list(PLAN_PERIODS))
    funding_source: str = pa.Field(isin=list(FUNDING_SOURCES))
    planned_eok: float = pa.Field(nullable=True, ge=0)
    executed_eok: float = pa.Field(nullable=True, ge=0)
    allocated_eok: float = pa.Field(nullable=True, ge=0)
    requested_next_eok: float = pa.Field(nullable=True, ge=0)
    status: str = pa.Field(isin=list(STATUSES))

    class Config:
        unique = BUDGET_KEY

    @pa.dataframe_check(name="a row reports a planned or an executed amount")
    def has_an_amount(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.any_horizontal(
                pl.col(c).is_not_null() for c in ("planned_eok", "executed_eok", *OPTIONAL_AMOUNTS)
            )
        )


def validate_budget(frame: pl.DataFrame, subtasks: set[str]) -> list[InputProblem]:
    problems = [
        InputProblem(
            r["source_file"],
            "sub-task is not in the plan (staging.plan_subtasks)",
            row=r["source_row"],
            column="subtask_code",
            value=r["subtask_code"],
        )
        for r in frame.filter(~pl.col("subtask_code").is_in(list(subtasks))).iter_rows(named=True)
    ]
    return problems + model_problems(BudgetRow, frame, str(BUDGET_DIR))
