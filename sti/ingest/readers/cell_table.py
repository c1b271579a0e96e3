"""The common output of every reader: one row per data cell, with its text and its labels."""

from __future__ import annotations

import json

import polars as pl

CELL_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "source_column": pl.String,
    "labels": pl.String,  # JSON object: label column -> text exactly as received
    "row_labels": pl.String,  # the same labels joined with " | ", for people reading the table
    "period_label": pl.String,
    "value_raw": pl.String,
    "encoding": pl.String,
}
ROW_LABEL_SEPARATOR = " | "


def cell(
    file: str,
    row: int,
    column: str,
    labels: dict[str, str],
    period_label: str,
    value_raw: str | None,
    encoding: str,
) -> dict[str, object]:
    return {
        "source_file": file,
        "source_row": row,
        "source_column": column,
        "labels": json.dumps(labels, ensure_ascii=False),
        "row_labels": ROW_LABEL_SEPARATOR.join(labels.values()),
        "period_label": period_label,
        "value_raw": value_raw,
        "encoding": encoding,
    }


def cell_frame(records: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(records, schema=CELL_COLUMNS)
