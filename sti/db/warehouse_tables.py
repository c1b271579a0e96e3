"""Writing frames into the warehouse and reading them back, one table at a time."""

from __future__ import annotations

import re

import duckdb
import polars as pl

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$")


def checked_table(table: str) -> str:
    # Identifiers cannot be bound parameters; only plain `schema.table` names are accepted.
    if not _IDENTIFIER.match(table):
        raise ValueError(f"not a plain schema.table identifier: {table!r}")
    return table


def sql_literal(text: str) -> str:
    """A quoted SQL string literal, for the few statements DuckDB takes no bound parameter in
    (1.5.6: `COMMENT ON ... IS ?` and `ATTACH ?` are syntax errors): quotes doubled."""
    return "'" + text.replace("'", "''") + "'"


def has_table(conn: duckdb.DuckDBPyConnection, table: str, database: str | None = None) -> bool:
    """Whether `schema.table` exists in the connection's own database, or in the attached
    `database`: a release built by older code may lack a table this code reads."""
    schema, name = checked_table(table).split(".")
    found = conn.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?"
        " and database_name = coalesce(?, current_database())",
        [schema, name, database],
    ).fetchone()
    return bool(found and found[0])


def attach_read_only(conn: duckdb.DuckDBPyConnection, path: str, alias: str) -> None:
    """Attach another DuckDB file read-only as `alias` (ATTACH takes no bound parameter)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", alias):
        raise ValueError(f"not a plain database alias: {alias!r}")
    conn.execute(f"attach {sql_literal(path)} as {alias} (read_only)")


def _from_frame(conn: duckdb.DuckDBPyConnection, statement: str, frame: pl.DataFrame) -> int:
    """Run `statement`, which reads the frame as `_frame`; return the frame's row count."""
    # Arrow's older string layout: DuckDB takes it in faster than polars' string views (10M raw
    # cells in batches of 500k, 2026-11-24: 4.1 s against 5.7 s to insert and checkpoint)
    conn.register("_frame", frame.to_arrow(compat_level=pl.CompatLevel.oldest()))
    try:
        conn.execute(statement)
    finally:
        conn.unregister("_frame")
    return frame.height


def replace_table(conn: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Create or replace `schema.table` with the frame's rows and column types."""
    table = checked_table(table)
    conn.execute(f"create schema if not exists {table.split('.')[0]}")
    return _from_frame(conn, f"create or replace table {table} as select * from _frame", frame)


def append_frame(conn: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append the frame's rows to an existing `schema.table` (columns by position)."""
    return _from_frame(conn, f"insert into {checked_table(table)} select * from _frame", frame)


def enums_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its categorical columns as text: an ENUM column (sti/db/enum_columns.py) reaches
    polars through Arrow as a categorical, and the models and readers expect text."""
    coded = [
        name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Enum | pl.Categorical)
    ]
    return frame.with_columns(pl.col(coded).cast(pl.String)) if coded else frame


def read_table(conn: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    return enums_as_text(conn.sql(f"select * from {checked_table(table)}").pl())


def _table_type(conn: duckdb.DuckDBPyConnection, schema: str, name: str) -> str | None:
    """'BASE TABLE', 'VIEW', or None when the connection's own database has no such object."""
    kind = conn.execute(
        "select table_type from information_schema.tables "
        "where table_catalog = current_database() and table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchone()
    return str(kind[0]) if kind else None


def replace_view(conn: duckdb.DuckDBPyConnection, view: str, sql: str) -> None:
    """Create or replace the view `schema.view`; a table of that name (a release built when it
    was one) is dropped first, which `create or replace view` refuses to do."""
    view = checked_table(view)
    schema, name = view.split(".")
    conn.execute(f"create schema if not exists {schema}")
    if _table_type(conn, schema, name) not in (None, "VIEW"):
        conn.execute(f"drop table {view}")
    conn.execute(f"create or replace view {view} as {sql}")


def replace_table_as(conn: duckdb.DuckDBPyConnection, table: str, sql: str) -> None:
    """Create or replace the table `schema.table` as the select `sql`; a view of that name (a
    release built when it was one) is dropped first, which `create or replace table` refuses."""
    table = checked_table(table)
    schema, name = table.split(".")
    conn.execute(f"create schema if not exists {schema}")
    if _table_type(conn, schema, name) == "VIEW":
        conn.execute(f"drop view {table}")
    conn.execute(f"create or replace table {table} as {sql}")


def run_sql_table(
    conn: duckdb.DuckDBPyConnection, table: str, sql: str, params: dict | None = None
) -> int:
    """Create or replace `schema.table` from a select statement with bound parameters."""
    table = checked_table(table)
    conn.execute(f"create schema if not exists {table.split('.')[0]}")
    conn.execute(f"create or replace table {table} as {sql}", params or {})
    count = conn.execute(f"select count(*) from {table}").fetchone()
    return int(count[0]) if count else 0
