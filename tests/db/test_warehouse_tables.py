"""Replacing warehouse objects whose kind changed between releases."""

import duckdb
import pytest

from sti.db.warehouse_tables import replace_table_as


def _kind(conn: duckdb.DuckDBPyConnection) -> list[tuple[str]]:
    return conn.execute(
        "select table_type from information_schema.tables where table_name = 'latest'"
    ).fetchall()


def test_a_view_of_a_release_built_when_it_was_one_becomes_the_table() -> None:
    """marts.indicator_values_latest was a view; a night that starts from such a release
    replaces it with the table (`create or replace table` alone refuses a view's name)."""
    with duckdb.connect() as conn:
        conn.execute("create schema marts")
        conn.execute("create view marts.latest as select 1 as v")
        with pytest.raises(duckdb.CatalogException):
            conn.execute("create or replace table marts.latest as select 2 as v")
        replace_table_as(conn, "marts.latest", "select 2 as v union all select 3")
        assert _kind(conn) == [("BASE TABLE",)]
        assert conn.execute("select sum(v) from marts.latest").fetchone() == (5,)
        replace_table_as(conn, "marts.latest", "select 4 as v")
        assert conn.execute("select sum(v) from marts.latest").fetchone() == (4,)
