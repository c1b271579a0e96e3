"""connect_read_only: a pipeline's reads take the run's memory cap; an analyst's keep DuckDB's."""

from pathlib import Path

import duckdb
import pytest

from sti.db.sql_door import connect_read_only


def _limit(conn: duckdb.DuckDBPyConnection) -> str:
    row = conn.execute("select current_setting('memory_limit')").fetchone()
    assert row is not None
    return str(row[0])


def test_memory_limit_is_applied_only_when_given(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    with connect_read_only(path, "300MB") as conn:
        capped = _limit(conn)
    with connect_read_only(path) as conn:
        default = _limit(conn)
    assert capped.startswith("286")  # 300 MB in MiB
    assert capped != default


def test_an_analyst_cannot_reopen_the_door_the_pipeline_s_export_can_reset_its_cap(
    tmp_path: Path,
) -> None:
    """Locked by default (external access stays off); the export's unlocked connection may
    only change settings, never write."""
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    with connect_read_only(path) as conn, pytest.raises(duckdb.Error, match="locked"):
        conn.execute("set enable_external_access = true")
    with connect_read_only(path, "300MB", locked=False) as conn:
        conn.execute("set memory_limit = '200MB'")
        assert _limit(conn).startswith("190")
        with pytest.raises(duckdb.Error, match="read-only"):
            conn.execute("create table t (x integer)")
