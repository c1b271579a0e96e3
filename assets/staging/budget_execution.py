"""staging.budget_execution: planned and executed budgets reported per sub-task, checked."""

import dagster as dg

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.plan.budget import read_budget, validate_budget
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "budget_execution"])


@dg.asset(
    key=KEY,
    deps=[
        ["raw", "source_files"],
        ["staging", "plan_structure"],
        ["staging", "department_reports"],
    ],
    metadata={RAW_DOMAINS_KEY: "budget,department_reports"},
    group_name="staging",
    compute_kind="python",
)
def budget_execution_input(
    warehouse: WarehouseResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """Every row of data/raw/budget/*.csv|xlsx and of the departments' budget sheets, with its
    file and row."""
    with warehouse.get_connection() as conn:
        frame = read_budget(
            archive.root_path, read_table(conn, "staging.department_budget_reports")
        )
        replace_table(conn, "staging.budget_execution", frame)
        shown = table_metadata(conn, "staging.budget_execution")
    return dg.MaterializeResult(metadata={**shown, "rows": frame.height})


@dg.asset_check(
    asset=KEY,
    name="pandera_budget_execution",
    blocking=True,
    description="Known sub-task, plan period, funding-source vocabulary, status, amounts >= 0, one row per key",
)
def budget_execution_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = read_table(conn, "staging.budget_execution")
        subtasks = {
            r[0] for r in conn.execute("select subtask_code from staging.plan_subtasks").fetchall()
        }
    return problems_result(
        validate_budget(frame, subtasks),
        "staging.budget_execution",
        frame.height,
        "the BudgetRow model",
    )
