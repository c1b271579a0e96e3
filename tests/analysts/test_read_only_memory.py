"""connect_read_only: a pipeline's reads take the run's memory cap; an analyst's keep DuckDB's."""

from pathlib import Path

import duckdb

from sti.sql_door import connect_read_only


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
