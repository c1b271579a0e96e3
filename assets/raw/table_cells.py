"""raw.table_cells: every cell of every statistical input (KOSIS downloads and API answers,
transcriptions), as the text it had in the file, with file, row and column."""

import concurrent.futures
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import append_frame
from sti.errors import InputError, InputProblem
from sti.ingest.cell_storage import (
    COLUMNS_TABLE,
    FILE_COLUMNS,
    FILES_TABLE,
    LABEL_SETS_TABLE,
    TABLE_CELLS_VIEW,
    VALUES_TABLE,
    VIEW_COLUMNS,
    StoredCells,
    create_tables,
)
from sti.ingest.held_back import can_hold, dated, held_before, held_rows, write_held_back
from sti.ingest.provenance import Unusable
from sti.ingest.readers.kosis_long import read_api_json, read_long_csv
from sti.ingest.readers.microdata import RND_PROJECTS, read_microdata_csv
from sti.ingest.readers.wide_table import WideCells, read_wide_block, read_wide_xlsx
from sti.ingest.release_counts import count_problems
from sti.ingest.reused_cells import (
    attach_previous,
    copy_cells,
    detach_previous,
    reader_key,
    reusable,
)
from sti.operations.resources import RawArchiveResource, WarehouseResource

FOUND_BY = "raw.table_cells"


def _wide(path: Path, root: Path, mapping: dict) -> WideCells:
    return read_wide_block(path, root, ignore_columns=(mapping.get("ignore_columns") or {}).keys())


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


# (form, file suffix) -> reader (OWN_READER_FORMS are read elsewhere).
# A wide CSV comes as WideCells: the raw store numbers them without laying them out.
READERS: dict[tuple[str, str], Callable[[Path, Path, dict], pl.DataFrame | WideCells]] = {
    ("transcribed", ".csv"): _wide,
    ("kosis_web", ".csv"): _wide,
    ("kosis_web", ".xlsx"): _wide_xlsx,
    ("kosis_api", ".csv"): _long_csv,
    ("kosis_api", ".json"): _api_json,
    ("census_microdata", ".csv"): _microdata,
    ("rnd_projects", ".csv"): _rnd_projects,
}


def read_file_cells(
    root: Path, raw_file: str, form: str, mapping: dict
) -> pl.DataFrame | WideCells:
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


# Cells read are written once this many are pending: one insert of a million cells costs a third
# less than ten of 100k (measured 2026-11-24: 1.4 s against 2.1 s), and memory holds at most
# twice this many cells (one batch being written) plus one file's. On ten 100k-row long CSVs
# (2026-11-24): batches of 1M 3.3 s and 1,026 MB peak; of 500k 3.2 s and 719 MB; of 250k 3.9 s
# and 626 MB.
CELL_BATCH_ROWS = 500_000


# Forms read by an asset of their own: reference files by the dimension assets, press reports
# by staging.press_figures (one row per figure, with its release and article).
OWN_READER_FORMS = ("reference", "press_report")


def readable_files(files: pl.DataFrame) -> pl.DataFrame:
    """The raw.source_files rows with cells (reference files, press reports and duplicates of an
    archived file have none), in the archive's order."""
    return files.filter(~pl.col("form").is_in(OWN_READER_FORMS) & pl.col("duplicate_of").is_null())


def _read(root: Path, row: dict) -> pl.DataFrame | WideCells:
    return read_file_cells(root, row["raw_file"], row["form"], json.loads(row["mapping"] or "{}"))


def file_cells(root: Path, row: dict) -> pl.DataFrame:
    """The cells of one raw.source_files row, tagged with its source and checksum."""
    read = _read(root, row)
    cells = read.cells() if isinstance(read, WideCells) else read
    return cells.with_columns(
        pl.lit(row["source_id"]).alias("source_id"), pl.lit(row["sha256"]).alias("sha256")
    ).select(list(VIEW_COLUMNS))


class _PendingCells:
    """Cells read but not yet written, flushed in one insert per stored table on a writer
    thread of their own (its own cursor on the build): DuckDB stores one batch, without Python's
    lock, while this thread reads the next files. 10M cells of web CSVs (115 files, 2026-11-25):
    6.2-7.6 -> 4.3-5.2 s, the same rows in the same order (hashes compared), the step's peak
    390 -> 443 MB (one more batch held); a 1M-row long CSV, one batch, unchanged. Batches are
    written one at a time, in the order read. Use as a context manager: leaving it waits for
    the last write and raises its error."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, batch_rows: int) -> None:
        self.batch_rows, self.rows = batch_rows, 0
        self.files: list[StoredCells] = []
        self._cursor = conn.cursor()
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="cells")
        self._writing: concurrent.futures.Future[None] | None = None

    def __enter__(self) -> "_PendingCells":
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.flush()
                self.wait()
        finally:
            self._writer.shutdown(wait=True)
            self._cursor.close()

    def add(self, stored: StoredCells) -> None:
        self.files.append(stored)
        self.rows += stored.values.height
        if self.rows >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Hand the pending cells to the writer once it has written the previous batch."""
        if self.files:
            self.wait()
            self._writing = self._writer.submit(_write_batch, self._cursor, self.files)
        self.files, self.rows = [], 0

    def wait(self) -> None:
        """Until every batch handed over is written (its error raised here)."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()


def _write_batch(conn: duckdb.DuckDBPyConnection, files: list[StoredCells]) -> None:
    values = pl.concat([f.values for f in files], rechunk=False)
    append_frame(conn, VALUES_TABLE, values)
    append_frame(conn, COLUMNS_TABLE, pl.concat([f.columns for f in files]))
    append_frame(conn, LABEL_SETS_TABLE, pl.concat([f.label_sets for f in files]))


def _read_or_hold(root: Path, row: dict, unread: list[Unusable]) -> pl.DataFrame | WideCells | None:
    """The file's cells, or None when it cannot be read and its source can wait alone (the
    file joins `unread`); a file of a source that cannot wait stops the night."""
    try:
        return _read(root, row)
    except InputError as error:
        if not can_hold(row["domain"]):
            raise
        unread.append(
            Unusable(row["raw_file"], row["source_id"], row["domain"], tuple(error.problems))
        )
        return None


def build_cells(
    conn: duckdb.DuckDBPyConnection,
    files: pl.DataFrame,
    root: Path,
    previous: Path | None,
    batch_rows: int = CELL_BATCH_ROWS,
    unread: list[Unusable] | None = None,
) -> dict[str, int]:
    """Store the cells of every readable file in the archive's order (sti/ingest/cell_storage.py):
    cells of a file the previous release holds unchanged are copied from it, the others read
    (sti/ingest/reused_cells.py) and written `batch_rows` at a time, so memory holds a batch,
    not the archive. A file that cannot be read is left out and added to `unread` (when given)
    if its source can wait alone (sti/ingest/held_back.py)."""
    if unread is None:
        return _build_all(conn, files, root, previous, batch_rows)
    return _build(conn, files, root, previous, batch_rows, unread)


def _build_all(
    conn: duckdb.DuckDBPyConnection,
    files: pl.DataFrame,
    root: Path,
    previous: Path | None,
    batch_rows: int,
) -> dict[str, int]:
    """Every file read, or the night stops on the first that cannot be."""
    unread: list[Unusable] = []
    counts = _build(conn, files, root, previous, batch_rows, unread)
    if unread:
        raise InputError([p for file in unread for p in file.problems])
    return counts


def _build(
    conn: duckdb.DuckDBPyConnection,
    files: pl.DataFrame,
    root: Path,
    previous: Path | None,
    batch_rows: int,
    unread: list[Unusable],
) -> dict[str, int]:
    rows = list(readable_files(files).iter_rows(named=True))
    checksums = dict(zip(files["raw_file"], files["sha256"], strict=True))
    keys = {row["raw_file"]: _reader_key(row, checksums) for row in rows}
    create_tables(conn)
    encodings: dict[str, str | None] = {}
    try:
        reuse = (
            reusable(conn, [(r["raw_file"], r["sha256"], keys[r["raw_file"]]) for r in rows])
            if attach_previous(conn, previous)
            else {}
        )
        with _PendingCells(conn, batch_rows) as pending:
            for file_id, row in enumerate(rows, start=1):
                file = row["raw_file"]
                if file in reuse:
                    pending.flush()  # the tables keep the archive's order
                    pending.wait()
                    copy_cells(conn, file, file_id)
                    encodings[file] = reuse[file]
                else:
                    read = _read_or_hold(root, row, unread)
                    if read is None:
                        continue
                    stored = (
                        StoredCells.of_wide(read, file_id)
                        if isinstance(read, WideCells)
                        else StoredCells.of_cells(read, file_id)
                    )
                    pending.add(stored)
                    encodings[file] = stored.encoding
    finally:
        detach_previous(conn)
    stored_rows = [(i, r) for i, r in enumerate(rows, start=1) if r["raw_file"] in encodings]
    record = pl.DataFrame(
        {
            "file_id": [i for i, _ in stored_rows],
            "source_file": [r["raw_file"] for _, r in stored_rows],
            "sha256": [r["sha256"] for _, r in stored_rows],
            "reader_key": [keys[r["raw_file"]] for _, r in stored_rows],
            "source_id": [r["source_id"] for _, r in stored_rows],
            "encoding": [encodings[r["raw_file"]] for _, r in stored_rows],
        },
        schema=FILE_COLUMNS,
    )
    append_frame(conn, FILES_TABLE, record)
    return {
        "files read": len(stored_rows) - len(reuse),
        "files reused": len(reuse),
        "files unread": len(unread),
    }


def incomplete_releases(
    conn: duckdb.DuckDBPyConnection, files: pl.DataFrame, unread: set[str]
) -> list[Unusable]:
    """The files read whose periods miss cells their sidecar expects (a truncated or partial
    download), when their source can wait alone (sti/ingest/release_counts.py); the check
    complete_releases fails on the others."""
    counted = files.filter(
        pl.col("expected_cells_per_period").is_not_null()
        & pl.col("duplicate_of").is_null()
        & ~pl.col("raw_file").is_in(list(unread))
    )
    if counted.is_empty():
        return []
    cells = conn.sql(load_sql("checks", "cells_per_period")).pl()
    by_file: dict[str, list[InputProblem]] = {}
    for problem in count_problems(counted, cells):
        by_file.setdefault(problem.file, []).append(problem)
    rows = {r["raw_file"]: r for r in counted.iter_rows(named=True)}
    return [
        Unusable(file, rows[file]["source_id"], rows[file]["domain"], tuple(problems))
        for file, problems in sorted(by_file.items())
        if can_hold(rows[file]["domain"])
    ]


@dg.asset(
    key=["raw", "table_cells"],
    deps=[["raw", "source_files"]],
    group_name="raw",
    compute_kind="python",
)
def table_cells(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """Cell text exactly as received, with file, row and column, for every statistical input,
    stored as sti/ingest/cell_storage.py describes and shown whole by the view raw.table_cells;
    unchanged files' cells come from the release this build replaces."""
    previous = warehouse.previous_release()
    unread: list[Unusable] = []
    with warehouse.get_connection() as conn:
        files = conn.sql("select * from raw.source_files order by raw_file").pl()
        release = previous.path if previous else None
        counts = build_cells(conn, files, archive.root_path, release, unread=unread)
        held = unread + incomplete_releases(conn, files, {u.raw_file for u in unread})
        write_held_back(
            conn,
            FOUND_BY,
            dated(
                [
                    r
                    for u in held
                    for r in held_rows(u.problems, u.raw_file, u.source_id, u.domain, FOUND_BY)
                ],
                held_before(conn, release),
                dt.date.today(),
            ),
        )
        # the stored cells, not the view: its preview sorts every cell (1.2 s at 10M cells)
        shown = table_metadata(conn, VALUES_TABLE)
    return dg.MaterializeResult(
        metadata={
            **shown,
            "cells": shown["dagster/row_count"],
            "view": TABLE_CELLS_VIEW,
            "files": len(files),
            **counts,
            "held_back_files": dg.MetadataValue.json(sorted(u.raw_file for u in held)),
        }
    )
