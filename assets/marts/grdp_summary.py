"""marts.grdp_summary: Daejeon's GRDP, share of the nation (published and recomputed), growth."""

import dagster as dg

from pipelines.resources import WarehouseResource
from sti.regions import DAEJEON, NATION
from sti.sql_files import load_sql
from sti.units import MILLION_KRW_PER_TRILLION
from sti.warehouse_tables import run_sql_table


@dg.asset(
    key=["marts", "grdp_summary"],
    deps=[["staging", "grdp"]],
    group_name="marts",
    compute_kind="duckdb",
)
def grdp_summary(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per year and GRDP series for Daejeon; preliminary years are marked."""
    params = {
        "region": DAEJEON,
        "nation": NATION,
        "million_krw_per_trillion": MILLION_KRW_PER_TRILLION,
    }
    with warehouse.get_connection() as conn:
        rows = run_sql_table(conn, "marts.grdp_summary", load_sql("marts", "grdp_summary"), params)
    return dg.MaterializeResult(metadata={"rows": rows})
