"""raw.table_cells: every cell of every statistical input (KOSIS downloads and API answers,
transcriptions), as the text it had in the file, with file, row and column."""

import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.table_metadata import table_metadata
from sti.errors import InputError, InputProblem
from sti.readers.cell_reuse import (
    FILES_TABLE,
    attach_previous,
    copy_cells,
    detach_previous,
    reader_key,
    reusable,
)
from sti.readers.cell_table import CELL_COLUMNS
from sti.readers.kosis_long import read_api_json, read_long_csv
from sti.readers.microdata import RND_PROJECTS, read_microdata_csv
from sti.readers.wide_table import read_wide_csv, read_wide_xlsx
from sti.resources import RawArchiveResource, WarehouseResource
from sti.warehouse_tables import append_frame, replace_table


def _wide(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_wide_csv(path, root, ignore_columns=(mapping.get("ignore_columns") or {}).keys())


def _wide_xlsx(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_wide_xlsx(path, root, ignore_columns=(mapping.get("ignore_columns") or {}).keys())


def _long_csv(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_long_csv(path, root)


def _microdata(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_microdata_csv(path, root, mapping)


def _rnd_projects(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_microdata_csv(path, root, mapping, RND_PROJECTS)


def _api_json(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_api_json(path, root)


# (form, file suffix) -> reader. Reference files are read by their own dimension assets.
READERS: dict[tuple[str, str], Callable[[Path, Path, dict], pl.DataFrame]] = {
    ("transcribed", ".csv"): _wide,
    ("kosis_web", ".csv"): _wide,
    ("kosis_web", ".xlsx"): _wide_xlsx,
    ("kosis_api", ".csv"): _long_csv,
    ("kosis_api", ".json"): _api_json,
    ("census_microdata", ".csv"): _microdata,
    ("rnd_projects", ".csv"): _rnd_projects,
}


def read_file_cells(root: Path, raw_file: str, form: str, mapping: dict) -> pl.DataFrame:
    path = root / raw_file
    reader = READERS.get((form, path.suffix.lower()))
    if reader is None:
        known = sorted(f"{f} {s}" for f, s in READERS)
        raise InputError(
            InputProblem(
                raw_file, f"no reader for form {form!r} and suffix {path.suffix!r}; known: {known}"
            )
        )
    return reader(path, root, mapping)


# Readers that use a reference file: their cells change when it does.
READER_REFERENCES = {"census_microdata": "reference/industries.csv"}


def _reader_key(row: dict, checksums: dict[str, str]) -> str:
    reference = READER_REFERENCES.get(row["form"])
    if reference is None:
        return reader_key(row["form"], row["mapping"])
    return reader_key(row["form"], row["mapping"], checksums.get(reference, "missing"))


CELL_TABLE_COLUMNS = {**CELL_COLUMNS, "source_id": pl.String, "sha256": pl.String}
# Cells read are written once this many are pending: one insert of a million cells costs a third
# less than ten of 100k (measured 2026-11-24: 1.4 s against 2.1 s), and memory holds at most
# this many cells plus one file's. On ten 100k-row long CSVs (2026-11-24): batches of 1M 3.3 s
# and 1,026 MB peak; of 500k 3.2 s and 719 MB; of 250k 3.9 s and 626 MB.
CELL_BATCH_ROWS = 500_000


def readable_files(files: pl.DataFrame) -> pl.DataFrame:
    """The raw.source_files rows with cells (reference files and duplicates of an archived file
    have none), in the archive's order."""
    return files.filter((pl.col("form") != "reference") & pl.col("duplicate_of").is_null())


def file_cells(root: Path, row: dict) -> pl.DataFrame:
    """The cells of one raw.source_files row, tagged with its source and checksum."""
    cells = read_file_cells(root, row["raw_file"], row["form"], json.loads(row["mapping"] or "{}"))
    return cells.with_columns(
        pl.lit(row["source_id"]).alias("source_id"), pl.lit(row["sha256"]).alias("sha256")
    ).select(list(CELL_TABLE_COLUMNS))


class _PendingCells:
    """Cells read but not yet written, flushed in one insert."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, batch_rows: int) -> None:
        self.conn, self.batch_rows, self.rows = conn, batch_rows, 0
        self.frames: list[pl.DataFrame] = []

    def add(self, frame: pl.DataFrame) -> None:
        self.frames.append(frame)
        self.rows += frame.height
        if self.rows >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        if self.frames:
            append_frame(self.conn, "raw.table_cells", pl.concat(self.frames, rechunk=False))
        self.frames, self.rows = [], 0


def build_cells(
    conn: duckdb.DuckDBPyConnection,
    files: pl.DataFrame,
    root: Path,
    previous: Path | None,
    batch_rows: int = CELL_BATCH_ROWS,
) -> dict[str, int]:
    """Write raw.table_cells in the archive's order of files: cells of a file the previous
    release holds unchanged are copied from it, the others read (sti/readers/cell_reuse.py) and
    written `batch_rows` at a time, so memory holds a batch, not the archive."""
    rows = list(readable_files(files).iter_rows(named=True))
    checksums = dict(zip(files["raw_file"], files["sha256"], strict=True))
    keys = {row["raw_file"]: _reader_key(row, checksums) for row in rows}
    replace_table(conn, "raw.table_cells", pl.DataFrame(schema=CELL_TABLE_COLUMNS))
    counts = {"files read": 0, "files reused": 0}
    try:
        reuse = (
            reusable(conn, [(r["raw_file"], r["sha256"], keys[r["raw_file"]]) for r in rows])
            if attach_previous(conn, previous)
            else set()
        )
        pending = _PendingCells(conn, batch_rows)
        for row in rows:
            if row["raw_file"] in reuse:
                pending.flush()  # the table keeps the archive's order
                copy_cells(conn, row["raw_file"])
                counts["files reused"] += 1
            else:
                pending.add(file_cells(root, row))
                counts["files read"] += 1
        pending.flush()
    finally:
        detach_previous(conn)
    record = pl.DataFrame(
        {
            "source_file": [r["raw_file"] for r in rows],
            "sha256": [r["sha256"] for r in rows],
            "reader_key": [keys[r["raw_file"]] for r in rows],
        },
        schema={"source_file": pl.String, "sha256": pl.String, "reader_key": pl.String},
    )
    replace_table(conn, FILES_TABLE, record)
    return counts


@dg.asset(
    key=["raw", "table_cells"],
    deps=[["raw", "source_files"]],
    group_name="raw",
    compute_kind="python",
)
def table_cells(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """Cell text exactly as received, with file, row and column, for every statistical input;
    unchanged files' cells come from the release this build replaces."""
    previous = warehouse.previous_release()
    with warehouse.get_connection() as conn:
        files = conn.sql("select * from raw.source_files order by raw_file").pl()
        counts = build_cells(conn, files, archive.root_path, previous.path if previous else None)
        shown = table_metadata(conn, "raw.table_cells")
        cells = conn.execute("select count(*) from raw.table_cells").fetchone()
    return dg.MaterializeResult(
        metadata={**shown, "cells": cells[0] if cells else 0, "files": len(files), **counts}
    )
