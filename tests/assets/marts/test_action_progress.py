"""sql/marts/action_progress.sql on inline rows: the newest report not returned is shown, the
newest approved one counts, a returned report never shows."""

from __future__ import annotations

import duckdb

from assets.marts.dim_status_label import label_frame
from sti.db.sql_files import load_sql

# (action_no, report_date, progress_status, review_state, approved_on, source_file)
REPORTS = [
    (1, "2026-02-20", "정상추진", "approved", "2026-03-20", "a.xlsx"),
    (1, "2026-04-10", "지연", "submitted", None, "b.xlsx"),  # newer, not approved yet
    (2, "2026-02-20", "완료", "approved", "2026-03-20", "a.xlsx"),
    (2, "2026-04-10", "중단·변경", "returned", None, "c.xlsx"),  # newest, but returned
    (3, "2026-04-10", "미착수", "returned", None, "c.xlsx"),  # only ever returned
]


def _rows() -> list[tuple]:
    conn = duckdb.connect()
    conn.execute("create schema staging; create schema marts")
    conn.execute(
        "create table staging.department_action_reports (department_ko varchar, "
        "subtask_code varchar, action_no integer, year integer, report_date date, "
        "progress_status varchar, progress_code varchar, achievement varchar, reason varchar, "
        "planned_content varchar, evidence varchar, reporter varchar, review_state varchar, "
        "approved_on date, source_file varchar, source_sheet varchar, source_row bigint)"
    )
    conn.executemany(
        "insert into staging.department_action_reports values ('부서', '1-1-4', ?, 2025, ?, ?,"
        " null, null, null, null, null, null, ?, ?, ?, null, 2)",
        REPORTS,
    )
    conn.execute(
        "create table marts.plan_subtask as select '1-1-4' as subtask_code, 1 as strategy_code,"
        " '1-1' as task_code, '우주' as name_ko"
    )
    conn.execute(
        "create table marts.plan_action as select '1-1-4' as subtask_code, n as action_no,"
        " '세세부과제 ' || n as name_ko from range(1, 4) as t(n)"
    )
    conn.register("labels", label_frame().to_arrow())
    conn.execute("create table marts.dim_status_label as select * from labels")
    return conn.execute(
        "select action_no, progress_status, review_state_ko, counts, is_newest from ("
        + load_sql("marts", "action_progress")
        + ")"
    ).fetchall()


def test_newest_shown_approved_counts_returned_never() -> None:
    assert _rows() == [
        (1, "정상추진", "확정", True, False),
        (1, "지연", "제출", False, True),
        (2, "완료", "확정", True, True),
    ]
