"""The implementation check's marts (이행점검, plan lines 2398-2405): each action's progress,
each sub-task's year with its traffic light, the key tasks' investment gap and next year's
investment plan, the departments' reporting completeness and the review record."""

import datetime as dt

import dagster as dg

from assets.marts.sql_mart import sql_mart
from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import read_table, replace_table
from sti.departments.completeness import completeness
from sti.ingest.held_back import HELD_BACK_TABLE
from sti.operations.resources import WarehouseResource
from sti.plan.implementation_rules import with_traffic_light
from sti.plan.subtask_indicator_progress import indicator_progress
from sti.warehouse.change_detection import DATED_KEY

REPORTS = ["staging", "department_reports"]
EVERYTHING = dt.date(9999, 12, 31)  # as of: every report received
PLAN = ["marts", "plan_subtask"]
LABELS = ["marts", "dim_status_label"]

action_progress = sql_mart(
    "action_progress",
    [REPORTS, PLAN, LABELS],
    "Every action's yearly progress (추진상태, 추진실적, 지연·변경 사유) as reported, with the "
    "report's review state; `counts` marks the approved rows that drive the sub-task's light.",
)
next_year_plan = sql_mart(
    "next_year_plan",
    [REPORTS, PLAN, LABELS],
    "Each department's plan for the next year (차년도 계획) per action: 계속, 완료 예정, 신규.",
)
budget_requests = sql_mart(
    "budget_requests",
    [["staging", "budget_execution"], PLAN, LABELS],
    "Next year's budget requested per sub-task and funding source (차년도 요구액).",
)
task_investment = sql_mart(
    "task_investment",
    [["marts", "budget_execution"], ["marts", "budget_requests"], PLAN],
    "Per key task and year: planned, allocated, executed, execution rate, investment gap and "
    "next year's requested investment (the check's 차년도 투자계획).",
)


@dg.asset(
    key=["marts", "subtask_progress"],
    deps=[
        REPORTS,
        ["staging", "budget_execution"],
        ["marts", "kpi_progress"],
        ["marts", "kpi_sources"],
        ["marts", "subtask_indicator_progress"],
        PLAN,
        LABELS,
    ],
    group_name="marts",
    compute_kind="python",
)
def subtask_progress(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per sub-task and year: actions by 추진상태, budget and execution rate, KPIs, and the
    traffic light of sti/plan/implementation_rules.py with its reason in words."""
    with warehouse.get_connection() as conn:
        sql = load_sql("marts", "subtask_progress")
        frame = conn.sql(sql, params={"as_of": EVERYTHING}).pl()
        frame = with_traffic_light(frame)
        replace_table(conn, "marts.subtask_progress", frame)
        shown = table_metadata(conn, "marts.subtask_progress")
    return dg.MaterializeResult(metadata={**shown, "rows": frame.height})


@dg.asset(
    key=["marts", "reporting_completeness"],
    deps=[REPORTS, PLAN],
    metadata={DATED_KEY: "yes"},  # missing or not yet due is relative to today
    group_name="marts",
    compute_kind="python",
)
def reporting_completeness(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per department and year: the report due, received on time or late, missing, or not due
    yet, and its review state."""
    with warehouse.get_connection() as conn:
        departments = conn.execute(
            "select department_ko, any_value(department_en) from marts.plan_subtask_department "
            "group by 1 order by 1"
        ).fetchall()
        years = [
            r[0]
            for r in conn.execute(
                "select distinct year from marts.plan_evaluation_schedule "
                "where kind = 'annual_check' order by 1"
            ).fetchall()
        ]
        held = set(read_table(conn, HELD_BACK_TABLE)["source_file"].to_list())
        frame = completeness(
            departments, years, read_table(conn, "staging.report_files"), held, dt.date.today()
        )
        replace_table(conn, "marts.reporting_completeness", frame)
        replace_table(conn, "marts.report_reviews", read_table(conn, "staging.report_reviews"))
        replace_table(conn, "marts.report_files", read_table(conn, "staging.report_files"))
        shown = table_metadata(conn, "marts.reporting_completeness")
    counts = frame["reporting"].value_counts().rows()
    return dg.MaterializeResult(metadata={**shown, **{k: v for k, v in counts}})


subtask_indicators = sql_mart(
    "subtask_indicators",
    [REPORTS, PLAN, LABELS],
    "The sub-tasks' own indicators as departments define them: approved revisions numbered, "
    "the newest in force, proposals awaiting approval shown with their state.",
)


@dg.asset(
    key=["marts", "subtask_indicator_progress"],
    deps=[["marts", "subtask_indicators"], REPORTS],
    group_name="marts",
    compute_kind="python",
)
def subtask_indicator_progress(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Each sub-task indicator in force, year by year: milestone, approved actual, status."""
    with warehouse.get_connection() as conn:
        definitions = conn.sql("select * from marts.subtask_indicators where in_force").pl()
        actuals = conn.sql(load_sql("marts", "subtask_indicator_actuals")).pl()
        frame = indicator_progress(definitions, actuals)
        replace_table(conn, "marts.subtask_indicator_progress", frame)
        shown = table_metadata(conn, "marts.subtask_indicator_progress")
    return dg.MaterializeResult(metadata={**shown, "rows": frame.height})
