"""How the cells every reader returns are stored in the warehouse.

A reader returns one row per cell with its labels (sti/readers/cell_table.py). Stored like that,
every cell would repeat its label set as JSON and as joined text, its file's encoding, source
and checksum: at ten million cells, writing those copies cost half of `raw.table_cells`
(measured 2026-11-24 on ten 100k-row long CSVs: 1.74 s for all columns, 0.85 s without the two
label columns). So the cells are kept in three tables, each fact once:

- `raw.table_cell_values`: one row per cell: file, row, column, label set number, period
  header and text, in the archive's order (its `rowid` is the cell's order);
- `raw.table_cell_label_sets`: one row per distinct label set of a file;
- `raw.table_cell_files`: one row per file: checksum, source, encoding and reader key.

The view `raw.table_cells` (sql/raw/table_cells.sql) joins them back into the reader's shape,
in the cells' order, for people and tests; the pipeline reads the tables.
"""

from __future__ import annotations

import duckdb
import polars as pl

from sti.readers.cell_table import CELL_COLUMNS
from sti.sql_files import load_sql
from sti.warehouse_tables import replace_table, replace_view

VALUES_TABLE = "raw.table_cell_values"
LABEL_SETS_TABLE = "raw.table_cell_label_sets"
FILES_TABLE = "raw.table_cell_files"
TABLE_CELLS_VIEW = "raw.table_cells"

# The reader's shape, as the view returns it.
VIEW_COLUMNS = {**CELL_COLUMNS, "source_id": pl.String, "sha256": pl.String}
# Each distinct label set of the cells numbered 1, 2, ... in the order of its JSON text.
LABEL_SET_NUMBER = pl.col("labels").rank("dense").cast(pl.Int32).alias("label_set")

VALUE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "source_row": pl.Int64,
    "source_column": pl.String,
    "label_set": pl.Int32,
    "period_label": pl.String,
    "value_raw": pl.String,
}
LABEL_SET_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "label_set": pl.Int32,
    "labels": pl.String,
    "row_labels": pl.String,
}
FILE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "sha256": pl.String,
    "reader_key": pl.String,
    "source_id": pl.String,
    "encoding": pl.String,
}


class StoredCells:
    """One file's cells split into its value rows, its label sets and its encoding."""

    def __init__(self, cells: pl.DataFrame) -> None:
        numbered = cells.with_columns(LABEL_SET_NUMBER)
        self.values = numbered.select(list(VALUE_COLUMNS))
        self.label_sets = (
            numbered.select(list(LABEL_SET_COLUMNS))
            .unique("label_set", keep="first")
            .sort("label_set")
        )
        encodings = cells["encoding"].unique().to_list()
        if len(encodings) > 1:
            raise ValueError(f"one file read in several encodings: {sorted(map(str, encodings))}")
        self.encoding: str | None = encodings[0] if encodings else None


def create_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty stored tables and the view over them (a release built before the split holds
    `raw.table_cells` as a table)."""
    for table, columns in (
        (VALUES_TABLE, VALUE_COLUMNS),
        (LABEL_SETS_TABLE, LABEL_SET_COLUMNS),
        (FILES_TABLE, FILE_COLUMNS),
    ):
        replace_table(conn, table, pl.DataFrame(schema=columns))
    replace_view(conn, TABLE_CELLS_VIEW, load_sql("raw", "table_cells"))
