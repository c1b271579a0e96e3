"""Every published table, view and column explains itself in Korean and English."""

import json
import os

import duckdb
import pytest

from sti.warehouse.table_docs import (
    COMMENTED_SCHEMAS,
    DOCUMENTED_SCHEMAS,
    UndocumentedError,
    apply_comments,
    published_columns,
    table_docs,
)
from tests.conftest import Pipeline
from tests.files import SNAPSHOTS


@pytest.fixture(scope="module")
def warehouse(baseline: Pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(baseline.warehouse), read_only=True)


def test_every_column_of_every_schema_has_a_korean_and_english_comment(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """raw and staging too: the README sends analysts to raw.source_files.vintage_basis."""
    rows = warehouse.execute(
        """
        select col.schema_name || '.' || col.table_name || '.' || col.column_name, col.comment
        from duckdb_columns() as col
        where col.database_name = current_database() and not col.internal
        """
    ).fetchall()
    schemas = {name.split(".")[0] for name, _ in rows}
    assert {"raw", "staging", *DOCUMENTED_SCHEMAS} <= schemas
    assert len(rows) > 900
    missing = [name for name, comment in rows if not comment or " | " not in comment]
    assert missing == []


def test_every_published_table_and_view_has_a_comment_with_its_grain(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        """
        select schema_name || '.' || table_name, comment from duckdb_tables()
        where database_name = current_database()
        union all
        select schema_name || '.' || view_name, comment from duckdb_views()
        where database_name = current_database() and not internal
        """
    ).fetchall()
    assert {"marts.indicator_values_latest", "marts.kpi_progress", "raw.source_files"} <= {
        r[0] for r in rows
    }
    assert [name for name, comment in rows if not comment or "one row = " not in comment] == []


def test_the_docs_name_no_table_key_or_column_the_warehouse_lacks(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    published = published_columns(warehouse, COMMENTED_SCHEMAS)
    stale = []
    for table, doc in table_docs().items():
        columns = {name for name, _ in published.get(table, [])}
        if not columns:
            stale.append(table)
        stale += [f"{table}.{c}" for c in [*doc.columns, *doc.key] if c not in columns]
    assert stale == []


def test_publishing_refuses_an_undocumented_column() -> None:
    conn = duckdb.connect()
    conn.execute(
        "create schema marts; create table marts.plan_task (task_code varchar, mystery int)"
    )
    with pytest.raises(UndocumentedError, match=r"marts\.plan_task\.mystery"):
        apply_comments(conn)
    conn.execute("alter table marts.plan_task drop column mystery")
    assert apply_comments(conn) == 1
    comment = conn.execute(
        "select comment from duckdb_columns() where column_name = 'task_code'"
    ).fetchone()
    assert comment is not None and comment[0].startswith("중점과제 번호")


def test_comments_are_applied_all_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """One transaction: a statement that fails leaves the table without any of its comments."""
    import sti.warehouse.table_docs as docs

    conn = duckdb.connect()
    conn.execute("create schema marts; create table marts.plan_task (task_code varchar)")
    real = docs.published_columns
    monkeypatch.setattr(
        docs,
        "published_columns",
        lambda c, *schemas: {
            t: [*cols, ("gone", "INTEGER")] for t, cols in real(c, *schemas).items()
        },
    )
    monkeypatch.setattr(docs, "undocumented", lambda c: [])
    monkeypatch.setattr(docs, "column_doc", lambda t, c: docs.table_docs()[t])
    with pytest.raises(duckdb.BinderException, match='"gone"'):
        apply_comments(conn)
    comments = "select comment from {} where schema_name = 'marts'"
    assert conn.execute(comments.format("duckdb_tables()")).fetchall() == [(None,)]
    assert conn.execute(comments.format("duckdb_columns()")).fetchall() == [(None,)]
    monkeypatch.undo()
    assert apply_comments(conn) == 1  # no transaction was left open


CATALOGUE_SNAPSHOT = SNAPSHOTS / "published_catalogue.json"


def published_catalogue(conn: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Every published table and view: its kind and comment, and its columns' names, types and
    comments, in order (row counts left out: they follow the data, not the code)."""
    tables = conn.execute(
        """
        select schema_name || '.' || table_name as name, 'table' as kind, comment
        from duckdb_tables() where schema_name in (select unnest(?::varchar[]))
        union all
        select schema_name || '.' || view_name, 'view', comment
        from duckdb_views() where schema_name in (select unnest(?::varchar[]))
        order by name
        """,
        [list(DOCUMENTED_SCHEMAS), list(DOCUMENTED_SCHEMAS)],
    ).fetchall()
    columns = conn.execute(
        """
        select schema_name || '.' || table_name, column_name, data_type, comment
        from duckdb_columns() where schema_name in (select unnest(?::varchar[]))
        order by schema_name, table_name, column_index
        """,
        [list(DOCUMENTED_SCHEMAS)],
    ).fetchall()
    catalogue = {
        name: {"kind": kind, "comment": comment, "columns": []} for name, kind, comment in tables
    }
    for table, column, data_type, comment in columns:
        catalogue[table]["columns"].append([column, data_type, comment])
    return catalogue


def test_the_published_tables_columns_and_comments_change_only_on_purpose(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """The snapshot was taken before `sti/` moved into packages (2026-12-07) and differs from
    that build only in the file paths the comments name; a change of code that changes what is
    published must update it on purpose (UPDATE_SNAPSHOTS=1)."""
    current = published_catalogue(warehouse)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        CATALOGUE_SNAPSHOT.write_text(
            json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(CATALOGUE_SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(current) == sorted(expected)
    changed = [name for name in expected if current[name] != expected[name]]
    assert changed == [], "published tables changed; if intended, rerun with UPDATE_SNAPSHOTS=1"
