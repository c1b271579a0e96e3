"""What the Dagster UI shows for a table an asset wrote: row count, column schema, a preview.

Column descriptions come from sti/warehouse/table_docs.yaml, the same text the published warehouse
carries as comments, so the UI and the warehouse never disagree.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import duckdb

from sti.reports.documents import Table, markdown_table
from sti.warehouse.table_docs import column_doc

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 40


def _short(value: Any) -> Any:
    if not isinstance(value, str) or len(value) <= PREVIEW_CELL_CHARS:
        return value
    return value[: PREVIEW_CELL_CHARS - 1] + "…"


def preview_markdown(conn: duckdb.DuckDBPyConnection, table: str) -> str:
    """The first rows of `table` as a Markdown table."""
    cursor = conn.execute(f"select * from {table} limit {PREVIEW_ROWS}")
    names = [d[0] for d in cursor.description or []]
    rows = [[_short(v) for v in row] for row in cursor.fetchall()]
    return "\n".join(markdown_table(Table(names, rows))).rstrip()


def column_schema(conn: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    schema, name = table.split(".")
    rows = conn.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    columns = []
    for column, data_type in rows:
        doc = column_doc(table, column)
        # an ENUM's type names every value it holds (sti/db/enum_columns.py): shown by its kind
        shown = "ENUM (text)" if data_type.startswith("ENUM(") else data_type
        columns.append(
            dg.TableColumn(name=column, type=shown, description=doc.comment if doc else None)
        )
    return dg.TableSchema(columns=columns)


def table_metadata(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """Row count, column schema and preview of `schema.table`, for a MaterializeResult."""
    count = conn.execute(f"select count(*) from {table}").fetchone()
    return {
        "table": table,
        "dagster/row_count": int(count[0]) if count else 0,
        "dagster/column_schema": column_schema(conn, table),
        "preview": dg.MetadataValue.md(preview_markdown(conn, table)),
    }
