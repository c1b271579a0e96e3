"""Letting go of DuckDB's block cache inside one long-lived connection.

DuckDB keeps every block a query read cached, up to `memory_limit`, for as long as the
connection lives. A run's connection to its build and the Parquet export's connection read one
large table after another, so each would hold the sum of what it read; lowering the limit for an
instant evicts what is not in use, and the next query reads the file again (from the page cache).
"""

from __future__ import annotations

import contextlib

import duckdb

from sti.db.warehouse_tables import sql_literal

# Small, but room for what an idle connection holds (catalog, a temp table left by a step).
EVICTION_MEMORY_LIMIT = "16MB"


def evict_cache(conn: duckdb.DuckDBPyConnection, memory_limit: str) -> None:
    """Evict the cached blocks not in use, then set `memory_limit` (the connection's own) again.
    Blocks changed since the last checkpoint stay: checkpoint first to let them go too."""
    try:
        with contextlib.suppress(duckdb.OutOfMemoryException):  # more is in use: kept
            conn.execute(f"set memory_limit = {sql_literal(EVICTION_MEMORY_LIMIT)}")
    finally:
        conn.execute(f"set memory_limit = {sql_literal(memory_limit)}")


def held_bytes(conn: duckdb.DuckDBPyConnection) -> int:
    """What DuckDB's buffer manager holds for this database instance, all tags together."""
    row = conn.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()
    return int(row[0] or 0) if row else 0
