"""Reuse the cells of unchanged raw files from the published release instead of reading them.

A night usually brings one new file, or none, while the archive holds many: reading them all
again costs most of `raw.table_cells` (26 s for a million-row long CSV). A file's cells depend
only on its bytes, the reader code and its sidecar's mapping, so each build records, per file,
its sha256 and a reader key (a hash of the reader code, the form and the mapping) in
`raw.table_cell_files`; the next build copies the cells of every file whose sha256 and reader
key are unchanged from the release it replaces, and reads only the others. The copy keeps the
cells' order, so the table is the same as a full read.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import duckdb

from sti.warehouse_tables import sql_literal

PREVIOUS = "previous_release"
FILES_TABLE = "raw.table_cell_files"
# The code whose change invalidates every stored cell: the readers and the asset that runs them.
READER_CODE = (
    Path(__file__).resolve().parent,
    Path(__file__).resolve().parents[2] / "assets" / "raw" / "table_cells.py",
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
    none or it has no per-file record of its cells (built before reuse existed)."""
    if release is None or not release.exists():
        return False
    conn.execute(f"attach {sql_literal(str(release))} as {PREVIOUS} (read_only)")
    found = conn.execute(
        "select count(*) from duckdb_tables() "
        "where database_name = ? and schema_name = 'raw' and table_name = 'table_cell_files'",
        [PREVIOUS],
    ).fetchone()
    return bool(found and found[0])


def reusable(conn: duckdb.DuckDBPyConnection, wanted: list[tuple[str, str, str]]) -> set[str]:
    """Which of the (source_file, sha256, reader_key) are held, unchanged, by the previous
    release."""
    held = conn.execute(
        f"select source_file, sha256, reader_key from {PREVIOUS}.{FILES_TABLE}"
    ).fetchall()
    have = {tuple(row) for row in held}
    return {file for file, sha, key in wanted if (file, sha, key) in have}


def copy_cells(conn: duckdb.DuckDBPyConnection, source_file: str) -> None:
    """Append the previous release's cells of one file, in their stored order."""
    conn.execute(
        f"insert into raw.table_cells select * from {PREVIOUS}.raw.table_cells "
        "where source_file = ?",
        [source_file],
    )


def detach_previous(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"detach database if exists {PREVIOUS}")
