"""Every published table and view as Parquet, with the warehouse's descriptions as metadata.

For readers without DuckDB (Spark, Trino, pandas, a BI tool): one file per table in
data/marts/parquet/<schema>.<table>.parquet, the table's description in the file's key-value
metadata (`description`, `grain`, `key`) and each column's in its field metadata
(`description`), plus manifest.json (release, rows, sha256 of every file). The folder is
written beside the old one and swapped in, so a reader sees one release or the other.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from sti.db.duckdb_cache import evict_cache
from sti.ingest.provenance import file_sha256
from sti.warehouse.table_docs import column_doc, published_columns, table_docs

MANIFEST = "manifest.json"


# Rows per Parquet row group, written one at a time, so memory holds one group of a table
# (a national-scale table as one Arrow table took 3.8 GB at 10M rows; measured 2026-11-24).
ROW_GROUP_ROWS = 262_144


def described_schema(conn: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    """The table's Arrow schema with its description and its columns' as metadata."""
    schema = conn.sql(f"select * from {table} limit 0").arrow().schema
    doc = table_docs()[table]
    fields = []
    for arrow_field in schema:
        meaning = column_doc(table, arrow_field.name)
        text = meaning.comment if meaning else ""
        fields.append(arrow_field.with_metadata({"description": text}))
    return pa.schema(
        fields,
        metadata={
            "description": doc.comment,
            "grain": doc.grain,
            "key": ",".join(doc.key),
            "table": table,
        },
    )


def write_described_parquet(
    conn: duckdb.DuckDBPyConnection, table: str, path: Path
) -> tuple[int, int]:
    """Stream the table into `path` one row group at a time; return (rows, columns)."""
    schema = described_schema(conn, table)
    reader = conn.sql(f"select * from {table}").fetch_record_batch(ROW_GROUP_ROWS)
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch.cast(schema), row_group_size=ROW_GROUP_ROWS)
            rows += batch.num_rows
    return rows, len(schema)


def export_parquet(
    conn: duckdb.DuckDBPyConnection, out_dir: Path, release: dict[str, Any], memory_limit: str
) -> dict[str, Any]:
    """Write every documented table to `out_dir` (replacing it whole); return the manifest.
    DuckDB's cache is emptied after each table (`memory_limit` is the connection's): memory then
    holds one table's blocks, not all of them (the 1M-row long CSV bench: 480 -> 406 MB)."""
    staging = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    tables = []
    for table in sorted(published_columns(conn)):
        path = staging / f"{table}.parquet"
        rows, columns = write_described_parquet(conn, table, path)
        evict_cache(conn, memory_limit)
        tables.append(
            {
                "table": table,
                "file": path.name,
                "rows": rows,
                "columns": columns,
                "sha256": file_sha256(path),
            }
        )
    manifest = {"release": release, "tables": tables}
    (staging / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
    return manifest
