"""marts.plan_strategy, plan_task, plan_subtask, plan_action: the plan as data, for analysts."""

import dagster as dg

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.operations.resources import WarehouseResource

# (mart table, the staging table it is a clean copy of)
COPIES = {
    "marts.plan_strategy": "select strategy_code, name_ko, name_en, source_line from staging.plan_strategies order by strategy_code",
    "marts.plan_task": "select task_code, strategy_code, name_ko, name_en, source_line from staging.plan_tasks order by task_code",
    "marts.plan_action": load_sql("marts", "plan_action"),
    "marts.plan_subtask_department": load_sql("marts", "plan_subtask_department"),
    "marts.plan_evaluation_schedule": "select * exclude (source_file, source_row) from staging.plan_evaluation_schedule order by year, kind",
}


@dg.asset(
    key=["marts", "plan_subtask"],
    deps=[["staging", "plan_structure"]],
    group_name="marts",
    compute_kind="duckdb",
)
def plan_tables(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """4 strategies, 12 key tasks, 32 sub-tasks (departments, budgets), numbered actions."""
    with warehouse.get_connection() as conn:
        counts = {table: run_sql_table(conn, table, sql) for table, sql in COPIES.items()}
        counts["marts.plan_subtask"] = run_sql_table(
            conn, "marts.plan_subtask", load_sql("marts", "plan_subtask")
        )
        shown = table_metadata(conn, "marts.plan_subtask")
    return dg.MaterializeResult(metadata={**shown, **counts})
