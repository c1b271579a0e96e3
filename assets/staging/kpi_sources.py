"""staging.kpi_sources: where each KPI's actuals come from (department report or official release)."""

import dagster as dg

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.plan.kpi_sources import read_kpi_sources, validate_kpi_sources
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "kpi_sources"])


@dg.asset(
    key=KEY,
    deps=[["raw", "source_files"], ["staging", "kpi_targets"], ["staging", "plan_structure"]],
    metadata={RAW_DOMAINS_KEY: "targets"},
    group_name="staging",
    compute_kind="python",
)
def kpi_sources(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """One row per KPI: who reports it (sub-task's department) or which release measures it."""
    frame = read_kpi_sources(archive.root_path)
    with warehouse.get_connection() as conn:
        replace_table(conn, "staging.kpi_sources", frame)
        shown = table_metadata(conn, "staging.kpi_sources")
    return dg.MaterializeResult(metadata={**shown, "kpis": frame.height})


@dg.asset_check(
    asset=KEY,
    name="pandera_kpi_sources",
    blocking=True,
    description="One row per KPI of the targets, sub-task for department reports, source in the release calendar",
)
def kpi_sources_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = read_table(conn, "staging.kpi_sources")
        kpis = {r[0] for r in conn.execute("select kpi_id from staging.kpi_targets").fetchall()}
        subtasks = {
            r[0] for r in conn.execute("select subtask_code from staging.plan_subtasks").fetchall()
        }
    return problems_result(
        validate_kpi_sources(frame, kpis, subtasks),
        "staging.kpi_sources",
        frame.height,
        "the KpiSourceRow model",
    )
