"""marts.indicator_values (+ the latest view, the as-of macro and series_overlaps)."""

import dagster as dg
import duckdb

from assets.marts.sql_mart import sql_mart
from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import replace_table_as, replace_view
from sti.operations.resources import WarehouseResource
from sti.warehouse.change_detection import SPLIT_KEY

STAGING_TABLES = [
    ["staging", "grdp"],
    ["staging", "census"],
    ["staging", "workforce"],
    ["staging", "startups"],
    ["staging", "rnd"],
    ["staging", "transcribed_figures"],
    ["staging", "press_figures"],
    ["staging", "department_reports"],
    ["staging", "kpi_targets"],
]


@dg.asset(
    key=["marts", "indicator_values"],
    deps=STAGING_TABLES,
    group_name="marts",
    compute_kind="duckdb",
    metadata={SPLIT_KEY: "yes"},  # a union: an indicator's rows are its domain's and mixed tables'
)
def indicator_values(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every value of every release, as a view over the staging tables: a copy would write every
    observation again (10.5 s at 10 million, BENCHMARKS.md) to hold the same rows;
    `indicator_values_as_of(date)` selects the newest known on a date. The newest release of
    each value, in every series (`indicator_values_all_series`) and in the current one
    (`indicator_values_latest`), are tables: few rows picked from all of them, which eight
    marts, the Parquet export and analysts read. As views each read computed the pick again
    (at 10M cells: 2.8 s to count the latest view, 4 s for each of its Parquet files); as
    tables it is computed once a night (2.9 + 0.5 s, 2026-12-07)."""
    with warehouse.get_connection() as conn:
        conn.execute(load_sql("marts", "reported_groups"))
        replace_view(conn, "marts.indicator_values", load_sql("marts", "indicator_values"))
        pick_newest(conn)
        counted = conn.execute("select count(*) from marts.indicator_values").fetchone()
        conn.execute(load_sql("marts", "tech_section_sums"))
        conn.execute(load_sql("marts", "non_capital_sums"))
        shown = table_metadata(conn, "marts.indicator_values")
    return dg.MaterializeResult(
        metadata={
            **shown,
            "rows": counted[0] if counted else 0,
        }
    )


def pick_newest(conn: duckdb.DuckDBPyConnection) -> None:
    """The pick as of any date; the newest release of each value, in every series, then in the
    current one (it picks from the first); and the as-of macro, which reads the first table for
    every release."""
    conn.execute(load_sql("marts", "indicator_values_pick"))
    for picked in ("indicator_values_all_series", "indicator_values_latest"):
        replace_table_as(conn, f"marts.{picked}", load_sql("marts", picked))
    conn.execute(load_sql("marts", "indicator_values_as_of"))


series_overlaps = sql_mart(
    "series_overlaps",
    [["marts", "indicator_values"]],
    "Years in which two series of one indicator overlap, with both values and their ratio.",
)
