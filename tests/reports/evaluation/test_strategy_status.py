"""sql/extracts/strategy_status.sql on inline rows: executed amounts reported by the as-of date
are summed per sub-task (NULL when none), the rate and gap follow, and each task's KPIs are
counted once by their latest year with an actual."""

import datetime as dt

import duckdb

from sti.db.sql_files import load_sql
from sti.reports.evaluation.sheets import Scope, query


def _conn() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema marts; create schema staging")
    conn.execute(
        """create table marts.plan_subtask as select * from (values
        (1, '전략', '1-1', '과제', '1-1-1', '세부 1', '부서 A', 100.0),
        (1, '전략', '1-1', '과제', '1-1-2', '세부 2', '부서 B', 50.0))
        as t(strategy_code, strategy_name_ko, task_code, task_name_ko, subtask_code, name_ko,
             departments_ko, budget_total_eok)"""
    )
    conn.execute(
        """create table staging.budget_execution as select * from (values
        ('1-1-1', 20.0, '2024-02-01'), ('1-1-1', 10.0, '2025-02-01'), ('1-1-2', null, '2023-05-01'))
        as t(subtask_code, executed_eok, report_date)"""
    )
    conn.execute(
        """create table marts.kpi_progress_history as select * from (values
        ('1-1', 'k1', 2023, 1.0, 'improving', date '2024-01-01', null::date),
        ('1-1', 'k1', 2024, 2.0, 'deteriorating', date '2024-01-01', null::date),
        ('1-1', 'k2', 2023, null, 'no_data_yet', date '2024-01-01', null::date))
        as t(task_code, kpi_id, year, actual, status, as_of_from, as_of_to)"""
    )
    conn.execute(load_sql("marts", "kpi_progress_as_of"))
    return conn


def _rows(as_of: dt.date) -> dict[str, dict]:
    scope = Scope("annual_check", 2024, as_of, 2024, 2024, "점검", "Check")
    return {r["subtask_code"]: r for r in query(_conn(), "strategy_status", scope)}


def test_executed_is_what_was_reported_by_the_as_of_date() -> None:
    rows = _rows(dt.date(2024, 6, 30))
    first = rows["1-1-1"]
    assert (first["executed_eok"], first["execution_rate_pct"], first["investment_gap_eok"]) == (
        20.0,
        20.0,
        80.0,
    )
    assert rows["1-1-2"]["executed_eok"] is None  # nothing reported is not zero
    assert rows["1-1-2"]["investment_gap_eok"] is None
    assert _rows(dt.date(2025, 6, 30))["1-1-1"]["executed_eok"] == 30.0


def test_task_kpis_by_their_latest_year_with_an_actual() -> None:
    row = _rows(dt.date(2024, 6, 30))["1-1-1"]
    assert row["task_kpis"] == 2
    assert row["task_kpi_statuses"] == "k1 (deteriorating); k2 (no_data_yet)"
