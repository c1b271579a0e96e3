"""raw.table_cells: every cell of every statistical input (KOSIS downloads and API answers,
transcriptions), as the text it had in the file, with file, row and column."""

import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.errors import InputError, InputProblem
from sti.readers.cell_table import CELL_COLUMNS
from sti.readers.kosis_long import read_api_json, read_long_csv
from sti.readers.wide_table import read_wide_csv, read_wide_xlsx
from sti.resources import RawArchiveResource, WarehouseResource
from sti.warehouse_tables import replace_table


def _wide(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_wide_csv(path, root, ignore_columns=(mapping.get("ignore_columns") or {}).keys())


def _wide_xlsx(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_wide_xlsx(path, root, ignore_columns=(mapping.get("ignore_columns") or {}).keys())


def _long_csv(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_long_csv(path, root)


def _api_json(path: Path, root: Path, mapping: dict) -> pl.DataFrame:
    return read_api_json(path, root)


# (form, file suffix) -> reader. Reference files are read by their own dimension assets.
READERS: dict[tuple[str, str], Callable[[Path, Path, dict], pl.DataFrame]] = {
    ("transcribed", ".csv"): _wide,
    ("kosis_web", ".csv"): _wide,
    ("kosis_web", ".xlsx"): _wide_xlsx,
    ("kosis_api", ".csv"): _long_csv,
    ("kosis_api", ".json"): _api_json,
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


def read_cells(files: pl.DataFrame, root: Path) -> pl.DataFrame:
    """Cells of the given raw.source_files rows (duplicates of an archived file are skipped)."""
    readable = files.filter((pl.col("form") != "reference") & pl.col("duplicate_of").is_null())
    frames = [
        read_file_cells(
            root, row["raw_file"], row["form"], json.loads(row["mapping"] or "{}")
        ).with_columns(
            pl.lit(row["source_id"]).alias("source_id"), pl.lit(row["sha256"]).alias("sha256")
        )
        for row in readable.iter_rows(named=True)
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
    """Cell text exactly as received, with file, row and column, for every statistical input."""
    with warehouse.get_connection() as conn:
        files = conn.sql("select * from raw.source_files order by raw_file").pl()
        cells = read_cells(files, archive.root_path)
        replace_table(conn, "raw.table_cells", cells)
        shown = table_metadata(conn, "raw.table_cells")
    return dg.MaterializeResult(
        metadata={**shown, "cells": cells.height, "files": cells["source_file"].n_unique()}
    )
