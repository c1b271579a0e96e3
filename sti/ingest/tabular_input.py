"""Reading analyst-edited tables (targets, budgets, the plan's structure) into typed frames.

Shared by the readers of those files: text columns are cast to numbers with every failing cell
reported at once, and pandera failures become problems naming the file, row, column and rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from sti.errors import InputError, InputProblem
from sti.paths import relative_to_raw

FIRST_DATA_LINE = 2  # line 1 is the header


def read_text_csv(path: Path, root: Path) -> tuple[str, pl.DataFrame]:
    """(file as named in messages, all-text frame with `source_row` = the file line)."""
    file = relative_to_raw(path, root)
    frame = pl.read_csv(path, infer_schema=False).with_row_index(
        "source_row", offset=FIRST_DATA_LINE
    )
    return file, frame


def cast_columns(
    frame: pl.DataFrame, file: str, types: Mapping[str, Any], rule: str
) -> pl.DataFrame:
    """Cast text columns; refuse the file listing every cell that is not a number."""
    problems, casts = [], []
    for column, dtype in types.items():
        if column not in frame.columns:
            problems.append(
                InputProblem(file, f"required column {column} is missing", column=column)
            )
            continue
        cast = frame[column].cast(dtype, strict=False)
        bad = frame.filter(
            cast.is_null() & frame[column].is_not_null() & (frame[column].str.strip_chars() != "")
        )
        problems += [
            InputProblem(
                file, f"{column} {rule}", row=r["source_row"], column=column, value=r[column]
            )
            for r in bad.iter_rows(named=True)
        ]
        casts.append(cast.alias(column))
    if problems:
        raise InputError(problems)
    return frame.with_columns(casts).with_columns(
        pl.col("source_row").cast(pl.Int64), pl.lit(file).alias("source_file")
    )


def model_problems(
    model: type[pa.DataFrameModel], frame: pl.DataFrame, file: str, label: str | None = None
) -> list[InputProblem]:
    """Every rule of `model` the frame breaks, each naming its file row (and `label` value)."""
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.iter_rows(named=True):
            index = case["index"]
            row = (
                frame.row(index, named=True) if index is not None and index < frame.height else None
            )
            column = case["column"] if case["schema_context"] == "Column" else None
            rule = case["check"] + (f" ({label} {row[label]})" if row and label else "")
            problems.append(
                InputProblem(
                    row["source_file"] if row else file,
                    rule,
                    row=row["source_row"] if row else None,
                    column=column,
                    value=case["failure_case"] if column else None,
                )
            )
        return problems
    return []
