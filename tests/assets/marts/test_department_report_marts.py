"""sql/marts/department_reports.sql and kpi_submitted_reports.sql on inline rows: which report
is in force, which awaits confirmation, and which submitted figure the KPI table shows."""

from __future__ import annotations

import datetime as dt

import duckdb

from sti.db.sql_files import load_sql

# (kpi_id, year, value, report_date, status, review_state, approved_on)
REPORTS = [
    ("k", 2024, 10.0, "2025-02-10", "submitted", "approved", "2025-02-14"),
    # confirms, with a corrected value; the committee approves it on 2025-02-24
    ("k", 2024, 11.0, "2025-02-20", "confirmed", "approved", "2025-02-24"),
    ("k", 2024, 12.0, "2025-03-05", "submitted", "submitted", None),  # a new figure, not counted
    ("k", 2025, 20.0, "2026-02-10", "submitted", "approved", "2026-03-01"),
    # confirmed the same day: confirmation wins
    ("k", 2025, 21.0, "2026-02-10", "confirmed", "approved", "2026-03-01"),
    ("k", 2025, 25.0, "2026-02-15", "confirmed", "returned", None),  # returned: never counts
    ("k", 2026, 30.0, "2027-02-10", "confirmed", "reviewed", None),  # reviewed, not approved
]


def _conn() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema staging")
    conn.execute(
        "create table staging.department_reports (department_ko varchar, kpi_id varchar, "
        "year integer, value double, unit varchar, evidence varchar, reporter varchar, "
        "report_date date, status varchar, note varchar, source_file varchar, "
        "source_sha256 varchar, source_row bigint, review_state varchar, approved_on date)"
    )
    conn.executemany(
        "insert into staging.department_reports values "
        "('국방산업추진단', ?, ?, ?, '명', 'e', 'r', ?, ?, null, 'f.csv', null, 2, ?, ?)",
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
        (2025, 25.0, 3, False, False, "Defence"),  # returned: neither in force nor awaited
        (2026, 30.0, 1, False, True, "Defence"),  # confirmed, but its report is not approved
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
    # 2024: the department's own 제출 figure never counts; its 확정 one from its approval on
    assert _submitted("2025-02-15") == [("k", 2024, 10.0, dt.date(2025, 2, 10), "provisional")]
    assert _submitted("2025-02-22") == [
        ("k", 2024, 11.0, dt.date(2025, 2, 20), "awaiting_approval")
    ]
    assert _submitted("2025-02-25") == []  # approved on 2025-02-24
    assert _submitted("2027-12-31") == [
        ("k", 2024, 12.0, dt.date(2025, 3, 5), "provisional"),
        ("k", 2025, 25.0, dt.date(2026, 2, 15), "returned"),
        ("k", 2026, 30.0, dt.date(2027, 2, 10), "awaiting_approval"),
    ]
