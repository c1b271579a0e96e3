"""The read-only door imports DuckDB's engine, not the `duckdb` package (sti/db/sql_door.py): an
analyst's first query is a new process, and the package's start-up (its own version looked up
through importlib.metadata) cost more than the engine itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from sti.db import sql_door

# Run in a new process: this one has imported the package long ago.
FIRST_QUERY = """
import sys
from sti.cli import main
code = main(["sql", "select answer from t"])
print("imported:", sorted(m for m in ("duckdb", "polars", "pyarrow", "dagster") if m in sys.modules))
sys.exit(code)
"""


def test_the_engine_is_the_package_s_engine() -> None:
    """What the door returns and raises is what code importing `duckdb` expects."""
    assert sql_door.duckdb.DuckDBPyConnection is duckdb.DuckDBPyConnection
    assert sql_door.duckdb.DuckDBPyRelation is duckdb.DuckDBPyRelation
    assert sql_door.DuckDBError is duckdb.Error
    with duckdb.connect() as conn:
        relation = sql_door.run_query(conn, "select 42 as answer")
        assert isinstance(relation, duckdb.DuckDBPyRelation)
        assert "42" in sql_door.render(relation, "table")


def test_a_first_query_imports_neither_duckdb_s_package_nor_the_heavy_libraries(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create table t as select 42 as answer")
    done = subprocess.run(
        [sys.executable, "-c", FIRST_QUERY],
        env={"STI_WAREHOUSE": str(warehouse), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "42" in done.stdout
    assert "imported: []" in done.stdout, done.stdout
