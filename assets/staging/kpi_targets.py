"""staging.kpi_targets: the analyst-editable targets file, typed and checked."""

import dagster as dg

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.plan.targets import read_targets, validate_targets
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "kpi_targets"])


@dg.asset(
    key=KEY,
    deps=[["raw", "source_files"], ["staging", "plan_structure"]],
    metadata={RAW_DOMAINS_KEY: "targets"},
    group_name="staging",
    compute_kind="python",
)
def kpi_targets(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """One row per KPI: baseline, target, target kind, interpolation, plan reference."""
    frame = read_targets(archive.root_path)
    with warehouse.get_connection() as conn:
        replace_table(conn, "staging.kpi_targets", frame)
        shown = table_metadata(conn, "staging.kpi_targets")
    return dg.MaterializeResult(metadata={**shown, "kpis": frame.height})


@dg.asset_check(
    asset=KEY,
    name="pandera_kpi_targets",
    blocking=True,
    description="Kinds and bases from the vocabulary, target after baseline, numbers present for the kind, catalogue units",
)
def kpi_targets_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = read_table(conn, "staging.kpi_targets")
    return problems_result(
        validate_targets(frame), "staging.kpi_targets", frame.height, "the TargetRow model"
    )
