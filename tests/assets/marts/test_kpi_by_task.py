"""sql/marts/kpi_by_task.sql and kpi_by_strategy.sql on inline rows: each KPI counted once, by
the status of its latest year with an actual; every status in its own column."""

from __future__ import annotations

import duckdb

from sti.db.sql_files import load_sql

STATUS_COLUMNS = (
    "achieved",
    "on_track",
    "needs_acceleration",
    "off_track",
    "deteriorating",
    "improving",
    "unchanged",
    "not_assessable",
    "no_data_yet",
)


def rollup(kpis: list[tuple]) -> tuple[dict[str, dict], dict[str, dict]]:
    """kpis: (kpi_id, task_code, year, actual, status, target_kind)."""
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute(
        "create table marts.kpi_progress (kpi_id varchar, task_code varchar, year integer, actual double, status varchar, target_kind varchar)"
    )
    conn.executemany("insert into marts.kpi_progress values (?, ?, ?, ?, ?, ?)", kpis)
    conn.execute(
        "create table marts.plan_task as select * from (values ('1-1', 1, '과제 1-1', 'Task 1-1'), ('1-2', 1, '과제 1-2', 'Task 1-2'), ('2-1', 2, '과제 2-1', 'Task 2-1')) as t(task_code, strategy_code, name_ko, name_en)"
    )
    conn.execute(
        "create table marts.plan_strategy as select * from (values (1, '전략 1', 'Strategy 1'), (2, '전략 2', 'Strategy 2')) as t(strategy_code, name_ko, name_en)"
    )
    conn.execute(
        "create table marts.plan_subtask as select * from (values ('1-1', 10.0), ('1-1', 5.0), ('2-1', null)) as t(task_code, budget_total_eok)"
    )
    conn.execute(f"create table marts.kpi_by_task as {load_sql('marts', 'kpi_by_task')}")
    by_strategy = conn.sql(load_sql("marts", "kpi_by_strategy"))

    def records(relation: duckdb.DuckDBPyRelation, key: str) -> dict[str, dict]:
        names = relation.columns
        rows = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
        return {str(row[key]): row for row in rows}

    return records(conn.sql("select * from marts.kpi_by_task"), "task_code"), records(
        by_strategy, "strategy_code"
    )


KPIS = [
    # one KPI per status in task 1-1, each with several years: the latest year with data counts
    ("a", "1-1", 2023, 1.0, "off_track", "official_numeric"),
    ("a", "1-1", 2024, 2.0, "achieved", "official_numeric"),
    ("b", "1-1", 2023, 1.0, "on_track", "official_numeric"),
    ("b", "1-1", 2024, None, "no_data_yet", "official_numeric"),
    ("c", "1-1", 2023, 1.0, "needs_acceleration", "official_numeric"),
    ("d", "1-1", 2023, 1.0, "on_track", "official_numeric"),
    ("d", "1-1", 2024, 0.5, "off_track", "official_numeric"),
    ("e", "1-1", 2023, 1.0, "deteriorating", "official_numeric"),
    ("k", "1-1", 2024, 1.0, "on_track", "official_numeric"),
    ("f", "1-2", 2023, 1.0, "improving", "direction_only"),
    ("g", "1-2", 2023, 1.0, "unchanged", "direction_only"),
    ("h", "1-2", 2023, 1.0, "not_assessable", "official_numeric"),
    ("i", "1-2", 2023, None, "no_data_yet", "official_numeric"),
    ("i", "1-2", 2024, None, "no_data_yet", "official_numeric"),
    ("j", None, 2023, 1.0, "improving", "direction_only"),
]


def test_each_kpi_counts_once_by_its_latest_year_with_data() -> None:
    tasks, _ = rollup(KPIS)
    first = {column: tasks["1-1"][column] for column in ("kpis", *STATUS_COLUMNS)}
    assert first == {
        "kpis": 6,
        "achieved": 1,  # a: 2024 achieved, not its 2023 off_track
        "on_track": 2,  # b: 2023, its only year with data; k
        "needs_acceleration": 1,
        "off_track": 1,  # d: 2024 off_track, not its 2023 on_track
        "deteriorating": 1,
        "improving": 0,
        "unchanged": 0,
        "not_assessable": 0,
        "no_data_yet": 0,
    }
    second = {
        column: tasks["1-2"][column] for column in ("kpis", *STATUS_COLUMNS, "direction_only")
    }
    assert second == {
        "kpis": 4,
        "achieved": 0,
        "on_track": 0,
        "needs_acceleration": 0,
        "off_track": 0,
        "deteriorating": 0,
        "improving": 1,
        "unchanged": 1,
        "not_assessable": 1,
        "no_data_yet": 1,
        "direction_only": 2,
    }
    assert tasks["전체"]["kpis"] == 1 and tasks["전체"]["improving"] == 1
    assert tasks["2-1"]["kpis"] == 0
    assert "a (achieved 2024)" in tasks["1-1"]["kpi_statuses"]
    assert "i (no_data_yet)" in tasks["1-2"]["kpi_statuses"]


def test_every_task_adds_up_and_strategies_add_their_tasks() -> None:
    tasks, strategies = rollup(KPIS)
    for task in tasks.values():
        assert sum(task[c] for c in STATUS_COLUMNS) == task["kpis"]
    assert strategies["1"]["kpis"] == 10 and strategies["1"]["tasks"] == 2
    assert strategies["1"]["planned_budget_eok"] == 15.0
    assert strategies["2"]["kpis"] == 0
    assert strategies["전체"]["kpis"] == 1
