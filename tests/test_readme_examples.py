"""The README's Python examples run on the shipped data, and each answer holds one value per
key: no row repeats the identifying columns it shows (a value of two series, or of two
releases, shown side by side as if they were one is a wrong answer, issue 39)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from sti.paths import PROJECT_ROOT
from tests.conftest import Pipeline

README = PROJECT_ROOT / "README.md"
# Columns that identify a value wherever they appear (measures, statuses and notes do not).
IDENTIFYING = (
    "kpi_id", "indicator_id", "region_id", "industry_code", "period", "year", "series",
    "edition", "vintage", "source_id", "task_code", "subtask_code", "funding_source",
    "component", "department_ko", "region_name_ko", "rule_id", "item", "plan_period",
)  # fmt: skip


def _blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def _answers(block: str, warehouse: Path) -> list[Any]:
    """Run the block statement by statement; keep the value of every bare expression."""
    marts = warehouse.parent
    code = block.replace("data/marts/warehouse.duckdb", str(warehouse)).replace(
        "data/marts/parquet/", f"{marts}/parquet/"
    )
    namespace: dict[str, Any] = {}
    answers = []
    for node in ast.parse(code).body:
        if isinstance(node, ast.Expr):
            answers.append(eval(compile(ast.Expression(node.value), "README", "eval"), namespace))
        else:
            exec(compile(ast.Module([node], type_ignores=[]), "README", "exec"), namespace)
    return answers


def _frame(answer: Any) -> pl.DataFrame | None:
    if isinstance(answer, duckdb.DuckDBPyRelation):
        return answer.pl()
    return answer if isinstance(answer, pl.DataFrame) else None


def test_every_python_example_answers_with_one_value_per_key(baseline: Pipeline) -> None:
    frames = [
        frame
        for block in _blocks()
        for answer in _answers(block, baseline.warehouse)
        if (frame := _frame(answer)) is not None
    ]
    assert len(frames) >= 7
    for frame in frames:
        assert frame.height, f"no rows: {frame.columns}"
        key = [c for c in frame.columns if c in IDENTIFYING]
        if not key:
            continue
        repeated = frame.group_by(key).len().filter(pl.col("len") > 1)
        assert repeated.is_empty(), f"{key} repeats: {repeated.head(3).to_dicts()}"


@pytest.mark.parametrize("block", range(2))
def test_the_examples_are_there(block: int) -> None:
    assert len(_blocks()) >= 2 and "duckdb" in _blocks()[block]
