"""How the cells every reader returns are stored in the warehouse.

A reader returns one row per cell with its labels (sti/ingest/readers/cell_table.py). Stored like
that, every cell would repeat its label set as JSON and as joined text, its file's name, encoding,
source and checksum, and its column's header and period: at ten million cells, writing those
copies cost most of `raw.table_cells` (measured 2026-11-24 on 100 web CSVs of 100k cells: the
text columns file, column header and period header took 6.8 s of inserts, the same cells with
numbers for file and column 2.7 s). So the cells are kept in four tables, each fact once:

- `raw.table_cell_values`: one row per cell: file number, row, column number, label set number
  and text, in the archive's order (its `rowid` is the cell's order);
- `raw.table_cell_columns`: one row per distinct (column header, period header) of a file;
- `raw.table_cell_label_sets`: one row per distinct label set of a file;
- `raw.table_cell_files`: one row per file: its number, checksum, source, encoding and reader key.

File numbers are the files' places in the archive's order in this build (1, 2, ...); column and
label set numbers count within a file. The view `raw.table_cells` (sql/raw/table_cells.sql)
joins the tables back into the reader's shape, in the cells' order, for people and tests; the
pipeline reads the tables (sql/staging/observation_cells.sql). A wide CSV comes as its rows,
columns and texts (sti/ingest/readers/wide_table.py WideCells) and is numbered without being laid out
one row per cell (`StoredCells.of_wide`).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import replace_table, replace_view
from sti.ingest.readers.cell_table import CELL_COLUMNS
from sti.ingest.readers.wide_table import WideCells

VALUES_TABLE = "raw.table_cell_values"
LABEL_SETS_TABLE = "raw.table_cell_label_sets"
FILES_TABLE = "raw.table_cell_files"
COLUMNS_TABLE = "raw.table_cell_columns"
TABLE_CELLS_VIEW = "raw.table_cells"

# The reader's shape, as the view returns it.
VIEW_COLUMNS = {**CELL_COLUMNS, "source_id": pl.String, "sha256": pl.String}
# Each distinct label set of the cells numbered 1, 2, ... in the order of its JSON text.
LABEL_SET_NUMBER = pl.col("labels").rank("dense").cast(pl.Int32).alias("label_set")

VALUE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "file_id": pl.Int32,
    "source_row": pl.Int64,
    "column_id": pl.Int32,
    "label_set": pl.Int32,
    "value_raw": pl.String,
}
COLUMN_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "file_id": pl.Int32,
    "column_id": pl.Int32,
    "source_column": pl.String,
    "period_label": pl.String,
}
LABEL_SET_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "label_set": pl.Int32,
    "labels": pl.String,
    "row_labels": pl.String,
}
FILE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "file_id": pl.Int32,
    "source_file": pl.String,
    "sha256": pl.String,
    "reader_key": pl.String,
    "source_id": pl.String,
    "encoding": pl.String,
}


def _numbered_columns(headers: pl.DataFrame, file_id: int) -> pl.DataFrame:
    """Each distinct (column header, period header) of `headers`, in the order first met,
    numbered 1, 2, ... (COLUMN_COLUMNS)."""
    return (
        headers.select("source_column", "period_label")
        .unique(maintain_order=True)
        .with_columns(
            pl.lit(file_id, pl.Int32).alias("file_id"),
            pl.int_range(1, pl.len() + 1, dtype=pl.Int32).alias("column_id"),
        )
        .select(list(COLUMN_COLUMNS))
    )


def _column_ids(headers: pl.DataFrame, columns: pl.DataFrame) -> pl.Series:
    """The column number of each row of `headers` (its column and period header)."""
    return headers.join(
        columns, on=["source_column", "period_label"], nulls_equal=True, maintain_order="left"
    ).get_column("column_id")


def _label_sets(numbered: pl.DataFrame) -> pl.DataFrame:
    """One row per label set number of `numbered` (LABEL_SET_COLUMNS), by number."""
    return (
        numbered.select(list(LABEL_SET_COLUMNS)).unique("label_set", keep="first").sort("label_set")
    )


@dataclass(frozen=True)
class StoredCells:
    """One file's cells split into its value rows, its columns, its label sets and its encoding,
    numbered as the file `file_id` of this build (`of_cells`, `of_wide`)."""

    values: pl.DataFrame
    columns: pl.DataFrame
    label_sets: pl.DataFrame
    encoding: str | None

    @classmethod
    def of_cells(cls, cells: pl.DataFrame, file_id: int) -> StoredCells:
        """From the cells any reader returns (CELL_COLUMNS)."""
        numbered = cells.with_columns(LABEL_SET_NUMBER)
        columns = _numbered_columns(numbered, file_id)
        values = numbered.with_columns(
            _column_ids(numbered, columns), pl.lit(file_id, pl.Int32).alias("file_id")
        )
        encodings = cells["encoding"].unique().to_list()
        if len(encodings) > 1:
            raise ValueError(f"one file read in several encodings: {sorted(map(str, encodings))}")
        return cls(
            values.select(list(VALUE_COLUMNS)),
            columns,
            _label_sets(numbered),
            encodings[0] if encodings else None,
        )

    @classmethod
    def of_wide(cls, block: WideCells, file_id: int) -> StoredCells:
        """From a wide table's rows, columns and texts, numbered as `of_cells` numbers its laid
        out cells, without laying them out (100 files of 100k cells, 2026-11-24, with a test run
        beside: laying out and numbering 3.0 s, numbering directly 0.3 s); a table
        whose item header row adds a label per column is laid out."""
        if block.has_items:
            return cls.of_cells(block.cells(), file_id)
        rows = block.rows.with_columns(LABEL_SET_NUMBER, pl.lit(block.file).alias("source_file"))
        columns = _numbered_columns(block.columns, file_id)
        row, column = block.positions()
        values = pl.DataFrame(
            [
                rows.get_column("source_row").gather(row),
                _column_ids(block.columns, columns).gather(column),
                rows.get_column("label_set").gather(row),
                block.values,
            ]
        ).with_columns(pl.lit(file_id, pl.Int32).alias("file_id"))
        return cls(values.select(list(VALUE_COLUMNS)), columns, _label_sets(rows), block.encoding)


def create_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Empty stored tables and the view over them (a release built before the split holds
    `raw.table_cells` as a table)."""
    for table, columns in (
        (VALUES_TABLE, VALUE_COLUMNS),
        (COLUMNS_TABLE, COLUMN_COLUMNS),
        (LABEL_SETS_TABLE, LABEL_SET_COLUMNS),
        (FILES_TABLE, FILE_COLUMNS),
    ):
        replace_table(conn, table, pl.DataFrame(schema=columns))
    replace_view(conn, TABLE_CELLS_VIEW, load_sql("raw", "table_cells"))
