"""marts.region_comparison: every indicator, period and 시도 with rank, national share and the
ratio to the capital region."""

import dagster as dg

from pipelines.resources import WarehouseResource
from sti.sql_files import load_sql
from sti.warehouse_tables import run_sql_table


@dg.asset(
    key=["marts", "region_comparison"],
    deps=[["marts", "indicator_values"], ["marts", "dim_region"], ["marts", "dim_indicator"]],
    group_name="marts",
    compute_kind="duckdb",
)
def region_comparison(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Daejeon against the other regions, for every indicator that has regional values."""
    with warehouse.get_connection() as conn:
        rows = run_sql_table(
            conn, "marts.region_comparison", load_sql("marts", "region_comparison")
        )
    return dg.MaterializeResult(metadata={"rows": rows})
