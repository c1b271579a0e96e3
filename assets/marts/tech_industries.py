"""marts.tech_industries: tech-based establishments and workers, every region, per series."""

import dagster as dg

from pipelines.resources import WarehouseResource
from sti.sql_files import load_sql
from sti.warehouse_tables import run_sql_table


@dg.asset(
    key=["marts", "tech_industries"],
    deps=[["marts", "indicator_values"], ["marts", "dim_industry"]],
    group_name="marts",
    compute_kind="duckdb",
)
def tech_industries(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """기술기반업종 from census sections through the declared mapping, beside published figures."""
    with warehouse.get_connection() as conn:
        rows = run_sql_table(conn, "marts.tech_industries", load_sql("marts", "tech_industries"))
    return dg.MaterializeResult(metadata={"rows": rows})
