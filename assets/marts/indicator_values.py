"""marts.indicator_values (+ the latest view, the as-of macro and series_overlaps)."""

import dagster as dg

from assets.marts.sql_mart import sql_mart
from assets.table_metadata import table_metadata
from sti.resources import WarehouseResource
from sti.sql_files import load_sql
from sti.warehouse_tables import run_sql_table

STAGING_TABLES = [
    ["staging", "grdp"],
    ["staging", "census"],
    ["staging", "workforce"],
    ["staging", "startups"],
    ["staging", "rnd"],
    ["staging", "transcribed_figures"],
    ["staging", "department_reports"],
    ["staging", "kpi_targets"],
]


@dg.asset(
    key=["marts", "indicator_values"],
    deps=STAGING_TABLES,
    group_name="marts",
    compute_kind="duckdb",
)
def indicator_values(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every value of every release; `indicator_values_latest` (the current series),
    `indicator_values_all_series` (every series) and `indicator_values_as_of(date)` select the
    newest release, or the newest known on a date."""
    with warehouse.get_connection() as conn:
        rows = run_sql_table(conn, "marts.indicator_values", load_sql("marts", "indicator_values"))
        for view in ("indicator_values_all_series", "indicator_values_latest"):
            conn.execute(f"create or replace view marts.{view} as {load_sql('marts', view)}")
        conn.execute(load_sql("marts", "indicator_values_as_of"))
        conn.execute(load_sql("marts", "tech_section_sums"))
        latest = conn.execute("select count(*) from marts.indicator_values_latest").fetchone()
        shown = table_metadata(conn, "marts.indicator_values")
    return dg.MaterializeResult(
        metadata={**shown, "rows": rows, "latest_rows": latest[0] if latest else 0}
    )


series_overlaps = sql_mart(
    "series_overlaps",
    [["marts", "indicator_values"]],
    "Years in which two series of one indicator overlap, with both values and their ratio.",
)
