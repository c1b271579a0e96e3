"""raw.table_cells: every cell of every wide table (KOSIS web downloads, transcriptions), as text."""

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.resources import RawArchiveResource, WarehouseResource
from sti.readers.wide_table import CELL_COLUMNS, read_wide_csv
from sti.warehouse_tables import replace_table

WIDE_FORMS = ("transcribed", "kosis_web")


def read_cells(files: pl.DataFrame, root: Path) -> pl.DataFrame:
    """Cells of the given raw.source_files rows (duplicates of an archived file are skipped)."""
    frames = [
        read_wide_csv(root / row["raw_file"], root).with_columns(
            pl.lit(row["source_id"]).alias("source_id"), pl.lit(row["sha256"]).alias("sha256")
        )
        for row in files.filter(
            pl.col("form").is_in(WIDE_FORMS) & pl.col("duplicate_of").is_null()
        ).iter_rows(named=True)
    ]
    empty = pl.DataFrame(schema={**CELL_COLUMNS, "source_id": pl.String, "sha256": pl.String})
    return pl.concat([empty, *frames], how="vertical")


@dg.asset(
    key=["raw", "table_cells"],
    deps=[["raw", "source_files"]],
    group_name="raw",
    compute_kind="python",
)
def table_cells(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """Cell text exactly as received, with file, row and column, for the wide-table sources."""
    with warehouse.get_connection() as conn:
        files = conn.sql("select * from raw.source_files order by raw_file").pl()
        cells = read_cells(files, archive.root_path)
        replace_table(conn, "raw.table_cells", cells)
    return dg.MaterializeResult(
        metadata={"cells": cells.height, "files": cells["source_file"].n_unique()}
    )
