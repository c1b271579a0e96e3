"""sql/extracts/strategy_status.sql on inline rows: executed amounts reported (and, for a
department's report, approved) by the as-of date are summed per sub-task (NULL when none), the
rate and gap follow, and KPIs are counted once by their latest year with an actual: a
sub-task's own on its row, its key task's (no sub-task) apart, by name and Korean status."""

import datetime as dt

import duckdb

from assets.marts.dim_status_label import label_frame
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
        ('1-1-1', '2023', 20.0, '2024-02-01', null, null::date),
        ('1-1-1', '2024', 10.0, '2025-02-01', null, null),
        ('1-1-1', '2024', 15.0, '2025-02-03', 'reviewed', null),
        ('1-1-1', '2023', 5.0, '2024-02-01', 'approved', date '2025-03-01'),
        ('1-1-2', '2023', null, '2023-05-01', null, null))
        as t(subtask_code, period, executed_eok, report_date, review_state, approved_on)"""
    )
    conn.execute(
        "alter table staging.budget_execution add column funding_source varchar default 'national'"
    )
    conn.execute(
        "alter table staging.budget_execution add column status varchar default 'confirmed'"
    )
    conn.execute(
        "alter table staging.budget_execution add column reported_by varchar default '부서 A'"
    )
    conn.execute(
        "update staging.budget_execution set reported_by = '부서 C' where review_state is not null"
    )
    conn.execute(
        """create table marts.kpi_progress_history as select * from (values
        ('1-1', 'k1', '지표 1', 2023, 1.0, 'improving', date '2024-01-01', null::date),
        ('1-1', 'k1', '지표 1', 2024, 2.0, 'deteriorating', date '2024-01-01', null::date),
        ('1-1', 'k2', '지표 2', 2023, null, 'no_data_yet', date '2024-01-01', null::date))
        as t(task_code, kpi_id, name_ko, year, actual, status, as_of_from, as_of_to)"""
    )
    conn.execute(
        "create table marts.kpi_sources as select * from (values ('k1', null), ('k2', '1-1-1'))"
        " as t(kpi_id, subtask_code)"
    )
    conn.register("labels", label_frame().to_arrow())
    conn.execute("create table marts.dim_status_label as select * from labels")
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
    # 2025-06-30: 20 + 10 (the analyst's), + 5 of a department's report approved on 2025-03-01;
    # the 15 of a report reviewed but not approved does not count
    assert _rows(dt.date(2025, 6, 30))["1-1-1"]["executed_eok"] == 35.0
    assert _rows(dt.date(2025, 2, 28))["1-1-1"]["executed_eok"] == 30.0


def test_kpis_by_name_and_korean_status_the_subtasks_own_apart() -> None:
    rows = _rows(dt.date(2024, 6, 30))
    first, second = rows["1-1-1"], rows["1-1-2"]
    assert (first["subtask_kpis"], first["subtask_kpi_statuses"]) == (1, "지표 2 (자료 없음)")
    assert (first["task_kpis"], first["task_kpi_statuses"]) == (1, "지표 1 (악화)")
    assert (second["subtask_kpis"], second["subtask_kpi_statuses"]) == (0, None)
    assert second["task_kpi_statuses"] == "지표 1 (악화)"
