"""sql/marts/subtask_indicator_actuals.sql and sti/plan/subtask_indicator_progress.py on inline
rows: only actuals of approved reports count, the newest approved one per year; each year is
judged on the definition in force with the KPI rules."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from sti.db.sql_files import load_sql
from sti.plan.subtask_indicator_progress import indicator_progress

# (year, value, report_date, approved_on)
ROWS = [
    (2024, 8.0, "2025-02-20", "2025-03-20"),
    (2025, 12.0, "2026-02-20", "2026-03-20"),
    (2025, 40.0, "2026-04-01", None),  # newer, not approved: does not count
]


def _actuals() -> pl.DataFrame:
    conn = duckdb.connect()
    conn.execute("create schema staging")
    conn.execute(
        "create table staging.department_subtask_indicators (subtask_code varchar, "
        "indicator_name_ko varchar, year integer, value double, report_date date, "
        "approved_on date, source_file varchar, source_row bigint)"
    )
    conn.executemany(
        "insert into staging.department_subtask_indicators values "
        "('1-1-4', '시제품 건수', ?, ?, ?, ?, 'f.xlsx', 2)",
        ROWS,
    )
    return conn.sql(load_sql("marts", "subtask_indicator_actuals")).pl()


def test_only_approved_actuals_are_judged() -> None:
    definitions = pl.DataFrame(
        {
            "subtask_code": ["1-1-4"],
            "indicator_name_ko": ["시제품 건수"],
            "unit": ["건"],
            "direction": ["higher"],
            "baseline_year": [2022],
            "baseline_value": [0.0],
            "target_year": [2027],
            "target_value": [50.0],
            "revision": [1],
        }
    )
    rows = indicator_progress(definitions, _actuals()).select(
        "year", "milestone", "actual", "actual_approved_on", "status_ko"
    )
    assert rows.rows() == [
        (2023, 10.0, None, None, "자료 없음"),
        (2024, 20.0, 8.0, dt.date(2025, 3, 20), "미흡"),
        (2025, 30.0, 12.0, dt.date(2026, 3, 20), "미흡"),
        (2026, 40.0, None, None, "자료 없음"),
        (2027, 50.0, None, None, "자료 없음"),
    ]
