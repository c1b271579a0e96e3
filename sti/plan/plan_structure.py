"""The plan as data: strategies, key tasks, sub-tasks (with departments and budgets), actions.

Read from data/raw/plan_2023/structure/ and checked by pandera: codes unique, every sub-task in a
task of its strategy, budgets non-negative with the funding split not exceeding the total.
"""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.errors import InputProblem
from sti.ingest.tabular_input import cast_columns, model_problems, read_text_csv

STRUCTURE_DIR = Path("plan_2023") / "structure"
TABLES = (
    "plan_strategies",
    "plan_tasks",
    "plan_subtasks",
    "plan_subtask_departments",
    "plan_actions",
    "plan_evaluation_schedule",
)
BUDGET_COLUMNS = (
    "budget_total_eok",
    "budget_national_eok",
    "budget_local_eok",
    "budget_public_eok",
    "budget_private_eok",
)
ACTION_KEY = ["subtask_code", "action_no"]
INTEGER_COLUMNS = (
    "strategy_code",
    "source_line",
    "budget_source_line",
    "action_no",
    "schedule_from",
    "schedule_to",
    "document_line",
    "year",
    "plan_year",
    "covers_from",
    "covers_to",
)


def read_table(root: Path, table: str) -> pl.DataFrame:
    """One structure CSV, typed, with `source_row` (the file line) for messages."""
    file, frame = read_text_csv(root / STRUCTURE_DIR / f"{table}.csv", root)
    types = {
        **{c: pl.Float64 for c in BUDGET_COLUMNS if c in frame.columns},
        **{c: pl.Int64 for c in INTEGER_COLUMNS if c in frame.columns},
    }
    return cast_columns(frame, file, types, "must be a number")


class Strategy(pa.DataFrameModel):
    strategy_code: int = pa.Field(unique=True, ge=1, le=4)
    name_ko: str
    name_en: str


class Task(pa.DataFrameModel):
    task_code: str = pa.Field(unique=True, str_matches=r"^[1-4]-[1-9]$")
    strategy_code: int = pa.Field(ge=1, le=4)
    name_ko: str
    name_en: str

    @pa.dataframe_check(name="a task's code starts with its strategy's number")
    def code_matches_strategy(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("task_code").str.split("-").list.first()
            == pl.col("strategy_code").cast(pl.String)
        )


class Subtask(pa.DataFrameModel):
    subtask_code: str = pa.Field(unique=True, str_matches=r"^[1-4]-[1-9]-[1-9]$")
    task_code: str
    name_ko: str
    name_en: str
    budget_total_eok: float = pa.Field(nullable=True, ge=0)
    budget_national_eok: float = pa.Field(nullable=True, ge=0)
    budget_local_eok: float = pa.Field(nullable=True, ge=0)
    budget_public_eok: float = pa.Field(nullable=True, ge=0)
    budget_private_eok: float = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(name="a sub-task's code starts with its task's code")
    def code_matches_task(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("subtask_code").str.starts_with(pl.col("task_code") + "-")
        )

    @pa.dataframe_check(name="the funding split does not exceed the stated total")
    def split_within_total(cls, data: PolarsData) -> pl.LazyFrame:
        split = pl.sum_horizontal([pl.col(c).fill_null(0) for c in BUDGET_COLUMNS[1:]])
        return data.lazyframe.select(
            pl.col("budget_total_eok").is_null() | (split <= pl.col("budget_total_eok") + 1e-9)
        )


class Action(pa.DataFrameModel):
    subtask_code: str
    action_no: int = pa.Field(ge=1)
    name_ko: str
    schedule_from: int = pa.Field(ge=2023, le=2027)
    schedule_to: int = pa.Field(ge=2023, le=2027)
    document_line: int = pa.Field(ge=1, description="line of the action's heading in the plan text")

    class Config:
        unique = ACTION_KEY


EVALUATION_KINDS = ("annual_check", "midterm_evaluation", "final_evaluation")
EVALUATION_KEY = ["year", "kind"]


class EvaluationEvent(pa.DataFrameModel):
    """One implementation check or evaluation of the plan (plan Ⅴ, lines 2400-2404)."""

    year: int = pa.Field(ge=2023, le=2027)
    plan_year: int = pa.Field(ge=1, le=5)
    kind: str = pa.Field(isin=list(EVALUATION_KINDS))
    covers_from: int = pa.Field(ge=2023, le=2027)
    covers_to: int = pa.Field(ge=2023, le=2027)
    document_line: int = pa.Field(ge=1)

    class Config:
        unique = EVALUATION_KEY

    @pa.dataframe_check(name="plan_year is the year counted from 2023, and the event covers it")
    def consistent_years(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("plan_year") == pl.col("year") - 2022)
            & (pl.col("covers_to") == pl.col("year"))
            & (pl.col("covers_from") <= pl.col("covers_to"))
        )


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "plan_strategies": Strategy,
    "plan_tasks": Task,
    "plan_subtasks": Subtask,
    "plan_actions": Action,
    "plan_evaluation_schedule": EvaluationEvent,
}


def _references(frames: dict[str, pl.DataFrame]) -> list[InputProblem]:
    """Every reference between the tables points at an existing code."""
    checks = [
        ("plan_tasks", "strategy_code", "plan_strategies", "strategy_code"),
        ("plan_subtasks", "task_code", "plan_tasks", "task_code"),
        ("plan_actions", "subtask_code", "plan_subtasks", "subtask_code"),
        ("plan_subtask_departments", "subtask_code", "plan_subtasks", "subtask_code"),
    ]
    problems = []
    for child, column, parent, key in checks:
        known = set(frames[parent][key].to_list())
        for row in frames[child].filter(~pl.col(column).is_in(list(known))).iter_rows(named=True):
            problems.append(
                InputProblem(
                    row["source_file"],
                    f"{column} {row[column]!r} is not in {parent}",
                    row=row["source_row"],
                    column=column,
                )
            )
    undepartmented = set(frames["plan_subtasks"]["subtask_code"]) - set(
        frames["plan_subtask_departments"]["subtask_code"]
    )
    problems += [
        InputProblem(
            f"{STRUCTURE_DIR}/plan_subtask_departments.csv",
            f"sub-task {code} has no responsible department",
        )
        for code in sorted(undepartmented)
    ]
    return problems


def validate_structure(frames: dict[str, pl.DataFrame]) -> list[InputProblem]:
    problems = [
        problem
        for table, model in MODELS.items()
        for problem in model_problems(model, frames[table], f"{STRUCTURE_DIR}/{table}.csv")
    ]
    return problems + _references(frames)
