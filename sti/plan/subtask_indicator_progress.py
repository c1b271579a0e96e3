"""marts.subtask_indicator_progress rows: each sub-task indicator in force, year by year, judged
with the KPI rule book (sti/plan/kpi_rules.py: a linear path from its baseline to its target,
the same statuses) on the actuals of approved reports."""

from __future__ import annotations

from typing import Any

import polars as pl

from sti.plan.kpi_rules import Target, achievement, milestone, status
from sti.reference.vocabulary import korean

PROGRESS_SCHEMA: dict[str, Any] = {
    "subtask_code": pl.String,
    "indicator_name_ko": pl.String,
    "year": pl.Int32,
    "unit": pl.String,
    "direction": pl.String,
    "baseline_value": pl.Float64,
    "milestone": pl.Float64,
    "target_value": pl.Float64,
    "actual": pl.Float64,
    "actual_approved_on": pl.Date,
    "achievement_vs_milestone": pl.Float64,
    "status": pl.String,
    "status_ko": pl.String,
    "revision": pl.Int64,
}


def _target(row: dict[str, Any]) -> Target:
    return Target(
        kpi_id=f"{row['subtask_code']} {row['indicator_name_ko']}",
        direction=row["direction"],
        baseline_year=row["baseline_year"],
        baseline_value=row["baseline_value"],
        target_year=row["target_year"],
        target_value=row["target_value"],
        target_kind="official_numeric",
        interpolation="linear",
        unit=row["unit"],
    )


def indicator_progress(definitions: pl.DataFrame, actuals: pl.DataFrame) -> pl.DataFrame:
    """`definitions`: marts.subtask_indicators in force. `actuals`: subtask_code,
    indicator_name_ko, year, value, approved_on (the newest approved actual of each year)."""
    found = {
        (r["subtask_code"], r["indicator_name_ko"], r["year"]): r
        for r in actuals.iter_rows(named=True)
    }
    rows = []
    for row in definitions.iter_rows(named=True):
        target = _target(row)
        for year in range(row["baseline_year"] + 1, row["target_year"] + 1):
            actual = found.get((row["subtask_code"], row["indicator_name_ko"], year), {})
            value = actual.get("value")
            mark = milestone(target, year)
            code = status(target, year, value)
            rows.append(
                {
                    "subtask_code": row["subtask_code"],
                    "indicator_name_ko": row["indicator_name_ko"],
                    "year": year,
                    "unit": row["unit"],
                    "direction": row["direction"],
                    "baseline_value": row["baseline_value"],
                    "milestone": mark,
                    "target_value": row["target_value"],
                    "actual": value,
                    "actual_approved_on": actual.get("approved_on"),
                    "achievement_vs_milestone": achievement(target, value, mark),
                    "status": code,
                    "status_ko": korean("kpi_status", code),
                    "revision": row["revision"],
                }
            )
    return pl.DataFrame(rows, schema=PROGRESS_SCHEMA)
