"""marts.dim_indicator: the indicator catalogue (sti/reference/indicators.yaml) as a table."""

import dataclasses

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.operations.resources import WarehouseResource
from sti.reference.indicators import catalogue


@dg.asset(key=["marts", "dim_indicator"], group_name="dimensions", compute_kind="python")
def dim_indicator(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per indicator: names (ko/en), domain, canonical unit, direction, aggregation."""
    frame = pl.DataFrame([dataclasses.asdict(ind) for ind in catalogue().values()])
    with warehouse.get_connection() as conn:
        replace_table(conn, "marts.dim_indicator", frame)
        shown = table_metadata(conn, "marts.dim_indicator")
    return dg.MaterializeResult(metadata={**shown, "indicators": frame.height})
