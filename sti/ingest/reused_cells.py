"""Reuse the cells of unchanged raw files from the published release instead of reading them.

A night usually brings one new file, or none, while the archive holds many: reading them all
again costs most of `raw.table_cells` (26 s for a million-row long CSV). A file's cells depend
only on its bytes, the reader code and its sidecar's mapping, so each build records, per file,
its sha256 and a reader key (a hash of the reader code, the form and the mapping) in
`raw.table_cell_files`; the next build copies the stored cells (sti/ingest/cell_storage.py) of
every file whose sha256 and reader key are unchanged from the release it replaces, and reads
only the others. The copy keeps the cells' order, so the tables are the same as a full read.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import duckdb

from sti.db.warehouse_tables import attach_read_only, has_table
from sti.ingest.cell_storage import COLUMNS_TABLE, FILES_TABLE, LABEL_SETS_TABLE, VALUES_TABLE
from sti.paths import PROJECT_ROOT

PREVIOUS = "previous_release"
STORED_TABLES = (VALUES_TABLE, COLUMNS_TABLE, LABEL_SETS_TABLE, FILES_TABLE)
# The code whose change invalidates every stored cell: the readers, how their cells are stored
# and reused, and the asset that runs them.
READER_CODE = (
    PROJECT_ROOT / "sti" / "ingest" / "readers",
    PROJECT_ROOT / "sti" / "ingest" / "cell_storage.py",
    Path(__file__).resolve(),
    PROJECT_ROOT / "assets" / "raw" / "table_cells.py",
)


@cache
def reader_code_version() -> str:
    digest = hashlib.sha256()
    for root in READER_CODE:
        for path in sorted(root.glob("*.py")) if root.is_dir() else [root]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def reader_key(form: str, mapping: str | None, reference: str = "") -> str:
    """What a file's cells depend on besides its bytes; `reference` is the checksum of a
    reference file the reader uses (microdata rolls KSIC classes up with industries.csv)."""
    parts = [reader_code_version(), form, json.dumps(json.loads(mapping or "{}"), sort_keys=True)]
    parts += [reference] if reference else []
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def attach_previous(conn: duckdb.DuckDBPyConnection, release: Path | None) -> bool:
    """Attach the release being replaced read-only as `previous_release`; False when there is
    none or it does not store its cells as this code does (built before reuse, or before the
    cells were split into sti/ingest/cell_storage.py's tables)."""
    if release is None or not release.exists():
        return False
    attach_read_only(conn, str(release), PREVIOUS)
    return all(has_table(conn, table, PREVIOUS) for table in STORED_TABLES)


def reusable(
    conn: duckdb.DuckDBPyConnection, wanted: list[tuple[str, str, str]]
) -> dict[str, str | None]:
    """Which of the (source_file, sha256, reader_key) are held, unchanged, by the previous
    release, each with the encoding it was read in."""
    held = conn.execute(
        f"select source_file, sha256, reader_key, encoding from {PREVIOUS}.{FILES_TABLE}"
    ).fetchall()
    have = {(file, sha, key): encoding for file, sha, key, encoding in held}
    return {file: have[file, sha, key] for file, sha, key in wanted if (file, sha, key) in have}


def copy_cells(conn: duckdb.DuckDBPyConnection, source_file: str, file_id: int) -> None:
    """Append the previous release's stored cells of one file, in their stored order, under the
    file's number in this build (`file_id`: the archive may have gained or lost files)."""
    previous_id = f"(select file_id from {PREVIOUS}.{FILES_TABLE} where source_file = $source_file)"
    conn.execute(
        f"insert into {VALUES_TABLE} "
        "select $file_id, val.source_row, val.column_id, val.label_set, val.value_raw, "
        f"from {PREVIOUS}.{VALUES_TABLE} as val where val.file_id = {previous_id} "
        "order by val.rowid",
        {"source_file": source_file, "file_id": file_id},
    )
    conn.execute(
        f"insert into {COLUMNS_TABLE} "
        "select $file_id, col.column_id, col.source_column, col.period_label, "
        f"from {PREVIOUS}.{COLUMNS_TABLE} as col where col.file_id = {previous_id} "
        "order by col.column_id",
        {"source_file": source_file, "file_id": file_id},
    )
    conn.execute(
        f"insert into {LABEL_SETS_TABLE} select * from {PREVIOUS}.{LABEL_SETS_TABLE} "
        "where source_file = ? order by rowid",
        [source_file],
    )


def detach_previous(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"detach database if exists {PREVIOUS}")
