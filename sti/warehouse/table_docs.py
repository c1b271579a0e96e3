"""What the published tables and columns mean (sti/warehouse/table_docs.yaml), and putting it into DuckDB.

One metadata source feeds the `COMMENT ON` text in the warehouse, the Dagster UI's column
schemas, the Parquet key-value metadata and `sti catalog`, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import duckdb

from sti.db.warehouse_tables import sql_literal
from sti.reference import yaml_text

DOCS_FILE = Path(__file__).with_name("table_docs.yaml")
# The schemas published for analysts (Parquet export, data dictionary); raw and staging are the
# pipeline's working tables, commented too so `sti sql` explains everything it can show.
DOCUMENTED_SCHEMAS = ("marts", "checks", "meta")
COMMENTED_SCHEMAS = ("raw", "staging", *DOCUMENTED_SCHEMAS)


@dataclass(frozen=True)
class Doc:
    ko: str
    en: str

    @property
    def comment(self) -> str:
        return f"{self.ko} | {self.en}"


@dataclass(frozen=True)
class TableDoc:
    table: str
    doc: Doc
    grain: str
    key: tuple[str, ...]
    owner: str
    columns: dict[str, Doc] = field(default_factory=dict)

    @property
    def comment(self) -> str:
        key = ", ".join(self.key) or "none"
        return f"{self.doc.comment} | one row = {self.grain} | key: {key}"


class UndocumentedError(ValueError):
    """A published table or column has no entry in sti/warehouse/table_docs.yaml."""


def _doc(where: str, entry: dict) -> Doc:
    if not isinstance(entry, dict) or not entry.get("ko") or not entry.get("en"):
        raise ValueError(f"{DOCS_FILE.name}: {where} needs both `ko` and `en` text")
    return Doc(ko=str(entry["ko"]), en=str(entry["en"]))


@cache
def shared_columns() -> dict[str, Doc]:
    data = yaml_text.parse(DOCS_FILE.read_text(encoding="utf-8"))
    return {name: _doc(f"columns.{name}", entry) for name, entry in data["columns"].items()}


@cache
def table_docs() -> dict[str, TableDoc]:
    """Every documented table by `schema.table`, validated on load."""
    data = yaml_text.parse(DOCS_FILE.read_text(encoding="utf-8"))
    docs = {}
    for table, entry in data["tables"].items():
        for needed in ("grain", "key", "owner"):
            if needed not in entry:
                raise ValueError(f"{DOCS_FILE.name}: tables.{table} has no `{needed}`")
        columns = {
            name: _doc(f"tables.{table}.columns.{name}", col)
            for name, col in (entry.get("columns") or {}).items()
        }
        docs[table] = TableDoc(
            table=table,
            doc=_doc(f"tables.{table}", entry),
            grain=str(entry["grain"]),
            key=tuple(entry["key"]),
            owner=str(entry["owner"]),
            columns=columns,
        )
    return docs


def column_doc(table: str, column: str) -> Doc | None:
    """The table's own meaning of a column, else the shared one; None when there is neither."""
    own = table_docs().get(table)
    if own and column in own.columns:
        return own.columns[column]
    return shared_columns().get(column)


def published_columns(
    conn: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = DOCUMENTED_SCHEMAS
) -> dict[str, list[tuple[str, str]]]:
    """`schema.table` -> [(column, type)] for every table and view in `schemas` (by default
    the published ones: the Parquet export and the data dictionary)."""
    rows = conn.execute(
        """
        select col.table_schema || '.' || col.table_name, col.column_name, col.data_type,
        from information_schema.columns as col
        where col.table_schema in (select unnest(?::varchar[]))
        order by col.table_schema, col.table_name, col.ordinal_position
        """,
        [list(schemas)],
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def undocumented(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and `table.column` of every schema (raw and staging included) without a
    meaning, as `schema.table[.column]`."""
    missing = []
    for table, columns in published_columns(conn, COMMENTED_SCHEMAS).items():
        if table not in table_docs():
            missing.append(table)
        missing.extend(f"{table}.{col}" for col, _ in columns if column_doc(table, col) is None)
    return missing


def apply_comments(conn: duckdb.DuckDBPyConnection) -> int:
    """Comment every table, view and column of every schema; refuse when any has no meaning. The
    ~600 statements run as one script in one transaction: each on its own was a commit of its
    own (0.33-0.63 s against 0.11 s, measured 2026-11-24). COMMENT ON takes no parameters, so
    the texts are quoted as SQL literals."""
    missing = undocumented(conn)
    if missing:
        raise UndocumentedError(
            f"{len(missing)} published table(s)/column(s) have no meaning in {DOCS_FILE}: "
            + ", ".join(missing[:20])
            + (" ..." if len(missing) > 20 else "")
            + ". Add them (Korean and English) so analysts and the catalogue can read them."
        )
    kinds = dict(
        conn.execute(
            "select table_schema || '.' || table_name, table_type from information_schema.tables"
        ).fetchall()
    )
    statements, count = [], 0
    for table, columns in published_columns(conn, COMMENTED_SCHEMAS).items():
        kind = "view" if kinds.get(table) == "VIEW" else "table"
        statements.append(
            f"comment on {kind} {table} is {sql_literal(table_docs()[table].comment)}"
        )
        for column, _ in columns:
            doc = column_doc(table, column)
            assert doc is not None  # undocumented() returned nothing
            statements.append(f'comment on column {table}."{column}" is {sql_literal(doc.comment)}')
            count += 1
    conn.execute("begin transaction")
    try:
        conn.execute(";\n".join(statements))
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")
    return count
