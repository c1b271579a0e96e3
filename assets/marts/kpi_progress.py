"""marts.kpi_progress: every KPI x region x plan year against its baseline, milestone and target."""

import dagster as dg

from sti.kpi_progress import build_kpi_progress
from sti.resources import WarehouseResource
from sti.sql_files import load_sql
from sti.warehouse_tables import read_table, replace_table


@dg.asset(
    key=["marts", "kpi_progress"],
    deps=[["staging", "kpi_targets"], ["marts", "indicator_values"], ["marts", "tech_industries"]],
    group_name="marts",
    compute_kind="python",
)
def kpi_progress(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Status rules: sti/kpi.py. Actuals: sql/marts/kpi_actuals.sql (newest release of each value)."""
    with warehouse.get_connection() as conn:
        targets = read_table(conn, "staging.kpi_targets")
        actuals = conn.sql(load_sql("marts", "kpi_actuals")).pl()
        frame = build_kpi_progress(targets, actuals)
        replace_table(conn, "marts.kpi_progress", frame)
    counts = frame.group_by("status").len().sort("status")
    return dg.MaterializeResult(
        metadata={
            "rows": frame.height,
            **{r["status"]: r["len"] for r in counts.iter_rows(named=True)},
        }
    )
