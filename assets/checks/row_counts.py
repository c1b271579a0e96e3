"""The row-count expectations (sti/ingest/release_counts.py) as a check of raw.table_cells: a
file that breaks them is held back when raw.table_cells is built (checks.held_back); this check
fails only on one that could not be (a source that cannot wait alone)."""

import dagster as dg
import polars as pl

from assets.staging.check_results import problems_result
from sti.db.sql_files import load_sql
from sti.ingest.held_back import HELD_BACK_TABLE, create_held_back
from sti.ingest.release_counts import count_problems
from sti.operations.resources import WarehouseResource


@dg.asset_check(
    asset=dg.AssetKey(["raw", "table_cells"]),
    name="complete_releases",
    blocking=True,
    description="Every declared period present with the expected number of cells (regions x items)",
)
def complete_releases(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        create_held_back(conn)
        files = conn.sql(
            "select * from raw.source_files as src where src.duplicate_of is null and not exists "
            f"(select 1 from {HELD_BACK_TABLE} as hld where hld.source_file = src.raw_file)"
        ).pl()
        cells = conn.sql(load_sql("checks", "cells_per_period")).pl()
    checked = files.filter(pl.col("expected_cells_per_period").is_not_null()).height
    return problems_result(
        count_problems(files, cells),
        "raw.table_cells",
        int(cells["n"].sum()),
        f"row-count expectations of {checked} releases",
    )
