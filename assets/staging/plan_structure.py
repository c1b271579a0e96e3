"""staging.plan_*: the plan's strategies, tasks, sub-tasks, departments and actions, checked."""

import dagster as dg

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table as read_warehouse_table
from sti.db.warehouse_tables import replace_table
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.plan.plan_structure import TABLES, read_table, validate_structure
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "plan_structure"])


def _table_name(table: str) -> str:
    return f"staging.{table}"


@dg.asset(
    key=KEY,
    deps=[["raw", "source_files"]],
    metadata={RAW_DOMAINS_KEY: "plan_structure"},
    group_name="staging",
    compute_kind="python",
)
def plan_structure(
    warehouse: WarehouseResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """The plan structure tables of data/raw/plan_2023/structure/, as transcribed from the plan."""
    frames = {table: read_table(archive.root_path, table) for table in TABLES}
    with warehouse.get_connection() as conn:
        for table, frame in frames.items():
            replace_table(conn, _table_name(table), frame)
        shown = table_metadata(conn, _table_name("plan_subtasks"))
    return dg.MaterializeResult(
        metadata={**shown, **{table: frame.height for table, frame in frames.items()}}
    )


@dg.asset_check(
    asset=KEY,
    name="pandera_plan_structure",
    blocking=True,
    description="Codes unique, every sub-task in a task of its strategy, budgets >= 0, departments present",
)
def plan_structure_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frames = {table: read_warehouse_table(conn, _table_name(table)) for table in TABLES}
    rows = sum(frame.height for frame in frames.values())
    return problems_result(
        validate_structure(frames), "staging.plan_*", rows, "the plan structure models"
    )
