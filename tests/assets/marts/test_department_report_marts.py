"""sql/marts/department_reports.sql and kpi_submitted_reports.sql on inline rows: which report
is in force, which awaits confirmation, and which submitted figure the KPI table shows."""

from __future__ import annotations

import datetime as dt

import duckdb

from sti.db.sql_files import load_sql

# (kpi_id, year, value, report_date, status)
REPORTS = [
    ("k", 2024, 10.0, "2025-02-10", "submitted"),
    ("k", 2024, 11.0, "2025-02-20", "confirmed"),  # confirms, with a corrected value
    ("k", 2024, 12.0, "2025-03-05", "submitted"),  # a new figure awaiting confirmation
    ("k", 2025, 20.0, "2026-02-10", "submitted"),
    ("k", 2025, 21.0, "2026-02-10", "confirmed"),  # confirmed the same day: confirmation wins
]


def _conn() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema staging")
    conn.execute(
        "create table staging.department_reports (department_ko varchar, kpi_id varchar, "
        "year integer, value double, unit varchar, evidence varchar, reporter varchar, "
        "report_date date, status varchar, note varchar, source_file varchar, "
        "source_sha256 varchar, source_row bigint)"
    )
    conn.executemany(
        "insert into staging.department_reports values "
        "('국방산업추진단', ?, ?, ?, '명', 'e', 'r', ?, ?, null, 'f.csv', null, 2)",
        REPORTS,
    )
    conn.execute(
        "create table staging.kpi_targets as select 'k' as kpi_id, '지표' as name_ko, 'KPI' as name_en"
    )
    conn.execute(
        "create table staging.kpi_sources as select 'k' as kpi_id, '1-1-3' as subtask_code"
    )
    conn.execute(
        "create table staging.plan_subtask_departments as "
        "select '1-1-3' as subtask_code, '국방산업추진단' as department_ko, 'Defence' as department_en"
    )
    return conn


def test_in_force_and_awaiting_confirmation() -> None:
    rows = (
        _conn()
        .sql(load_sql("marts", "department_reports"))
        .pl()
        .select("year", "value", "revision", "in_force", "awaiting_confirmation", "department_en")
        .rows()
    )
    assert rows == [
        (2024, 10.0, 1, False, False, "Defence"),
        (2024, 11.0, 2, True, False, "Defence"),
        (2024, 12.0, 3, False, True, "Defence"),
        (2025, 20.0, 1, False, False, "Defence"),
        (2025, 21.0, 2, True, False, "Defence"),
    ]


def _submitted(as_of: str) -> list[tuple]:
    return (
        _conn()
        .sql(
            load_sql("marts", "kpi_submitted_reports"),
            params={"as_of": dt.date.fromisoformat(as_of)},
        )
        .pl()
        .sort("year")
        .rows()
    )


def test_the_newest_report_shows_only_while_it_is_unconfirmed() -> None:
    assert _submitted("2025-02-15") == [("k", 2024, 10.0, dt.date(2025, 2, 10))]
    assert _submitted("2025-02-25") == []  # confirmed on 2025-02-20
    assert _submitted("2026-12-31") == [("k", 2024, 12.0, dt.date(2025, 3, 5))]
