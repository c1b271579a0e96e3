"""sql/marts/budget_execution.sql on inline rows: unreported is NULL, rates over reported
sub-tasks only, 'total' is the task total."""

from __future__ import annotations

import duckdb
import pytest

from sti.db.sql_files import load_sql


def mart(budget: list[tuple], as_of: str = "9999-12-31") -> dict[tuple[str, str], tuple]:
    conn = duckdb.connect()
    conn.execute("create schema staging; create schema marts")
    conn.execute(
        """create table marts.plan_subtask as select * from (values
        ('1', '전략 1', '1-1', '과제', 'Task', '1-1-1'),
        ('1', '전략 1', '1-1', '과제', 'Task', '1-1-2'),
        ('1', '전략 1', '1-1', '과제', 'Task', '1-1-3'))
        as t(strategy_code, strategy_name_ko, task_code, task_name_ko, task_name_en, subtask_code)"""
    )
    conn.execute(
        "create table staging.budget_execution (subtask_code varchar, period varchar, funding_source varchar, planned_eok double, executed_eok double, report_date date, reported_by varchar, status varchar, review_state varchar, approved_on date, allocated_eok double)"
    )
    # rows are separate reports unless a test gives reporter and status (a revision)
    dated = [row if len(row) >= 6 else (*row, "2024-03-31") for row in budget]
    full = [
        row if len(row) >= 8 else (*row, f"reporter {i}", "confirmed")
        for i, row in enumerate(dated)
    ]
    # an analyst-kept row has no review state; a department's row (10 values) has one
    reviewed = [row if len(row) == 10 else (*row, None, None) for row in full]
    conn.executemany(
        "insert into staging.budget_execution values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        reviewed,
    )
    conn.execute(load_sql("marts", "budget_execution_as_of"))
    relation = conn.sql("select * from marts.budget_execution_as_of(?::date)", params=[as_of])
    names = relation.columns
    out = {}
    for row in relation.fetchall():
        record = dict(zip(names, row, strict=True))
        out[(record["period"], record["funding_source"])] = (
            record["planned_eok"],
            record["executed_eok"],
            record["subtasks"],
            record["reporting_subtasks"],
            record["execution_rate_pct"],
            record["investment_gap_eok"],
            record["planned_unreported_eok"],
        )
    return out


def test_nothing_reported_is_null_not_zero() -> None:
    out = mart(
        [("1-1-1", "2024", "unsplit", 100.0, None), ("1-1-2", "2024", "unsplit", 50.0, None)]
    )
    assert out[("2024", "total")] == (150.0, None, 2, 0, None, None, 150.0)


def test_rates_and_gaps_are_over_the_reporting_subtasks_only() -> None:
    out = mart(
        [
            ("1-1-1", "2024", "national", 100.0, 80.0),
            ("1-1-2", "2024", "national", 50.0, None),
            ("1-1-3", "2024", "local", 40.0, 40.0),
        ]
    )
    assert out[("2024", "total")] == (190.0, 120.0, 3, 2, pytest.approx(85.71), 20.0, 50.0)
    assert out[("2024", "national")] == (150.0, 80.0, 2, 1, 80.0, 20.0, 50.0)
    assert out[("2024", "local")] == (40.0, 40.0, 1, 1, 100.0, 0.0, None)


def test_an_amount_reported_as_zero_is_zero() -> None:
    out = mart([("1-1-1", "2025", "unsplit", 100.0, 0.0)])
    assert out[("2025", "total")] == (100.0, 0.0, 1, 1, 0.0, 100.0, None)


def test_a_report_dated_after_the_as_of_date_does_not_count() -> None:
    budget = [
        ("1-1-1", "2023", "local", 10.0, None, "2023-05-01"),
        ("1-1-1", "2023", "local", 0.0, 8.0, "2024-02-15"),
    ]
    before = mart(budget, as_of="2024-01-31")
    after = mart(budget, as_of="2024-02-15")
    assert before[("2023", "total")][1] is None  # not reported yet on 2024-01-31
    assert after[("2023", "total")][1] == 8.0


def test_a_reporters_newest_confirmed_report_counts() -> None:
    """A department's revision replaces its earlier report; a submitted one waits."""
    budget = [
        ("1-1-1", "2023", "local", 10.0, None, "2023-05-01", "plan", "confirmed"),
        ("1-1-1", "2023", "local", None, 8.0, "2024-02-15", "국방산업추진단", "confirmed"),
        ("1-1-1", "2023", "local", None, 9.0, "2024-03-10", "국방산업추진단", "confirmed"),
        ("1-1-1", "2023", "local", None, 20.0, "2024-04-01", "국방산업추진단", "submitted"),
    ]
    assert mart(budget, as_of="2024-02-20")[("2023", "total")][1] == 8.0
    assert mart(budget)[("2023", "total")][1] == 9.0  # the revision, not the submitted 20
    assert mart(budget)[("2023", "total")][0] == 10.0  # the plan's amount is not replaced


def test_a_departments_report_counts_from_the_committees_approval() -> None:
    """A department's confirmed amount counts once its report is approved (확정), from the
    meeting date on; one reviewed but not approved, or returned, never counts."""
    rows = [
        ("1-1-1", "2024", "national", 100.0, 80.0, "2025-02-20", "부서 A", "confirmed", "approved", "2025-03-20"),
        ("1-1-2", "2024", "national", 50.0, 40.0, "2025-02-20", "부서 B", "confirmed", "reviewed", None),
        ("1-1-3", "2024", "national", 10.0, 5.0, "2025-02-20", "부서 C", "confirmed", "returned", None),
    ]  # fmt: skip
    assert ("2024", "total") not in mart(rows, "2025-03-19")
    assert mart(rows, "2025-03-20")[("2024", "total")][1:4] == (80.0, 1, 1)
