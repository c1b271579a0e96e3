"""The run's one connection to its build file (WarehouseResource.get_connection)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from sti.db.duckdb_cache import held_bytes
from sti.operations.resources import RELEASE_THRESHOLD_BYTES, WarehouseResource


class StepFailed(RuntimeError):
    pass


@contextmanager
def _run_warehouse(tmp_path: Path, **config: Any) -> Iterator[WarehouseResource]:
    """The warehouse resource as a run sets it up (a build file) and tears it down."""
    resource = WarehouseResource(database=str(tmp_path / "w.duckdb"), **config)
    with dg.build_resources({"warehouse": resource}) as res:
        yield res.warehouse


def test_steps_of_a_run_share_one_connection_to_the_build(tmp_path: Path) -> None:
    with _run_warehouse(tmp_path) as warehouse:
        with warehouse.get_connection() as first:
            first.execute("create table t as select 1 as x")
        with warehouse.get_connection() as second:
            assert second is first
            assert second.execute("select x from t").fetchall() == [(1,)]
        build = warehouse.build_path
        assert build != warehouse.published_path and build.exists()
    with pytest.raises(duckdb.ConnectionException):
        first.execute("select 1")  # closed when the run ended
    assert not build.exists()


def test_a_failed_step_leaves_no_transaction_open(tmp_path: Path) -> None:
    with _run_warehouse(tmp_path) as warehouse:
        with warehouse.get_connection() as conn:
            conn.execute("create table t (x integer)")
        with pytest.raises(StepFailed), warehouse.get_connection() as conn:
            conn.execute("begin transaction")
            conn.execute("insert into t values (1)")
            raise StepFailed
        with warehouse.get_connection() as conn:
            conn.execute("begin transaction")  # fails if the failed step's transaction were open
            assert conn.execute("select count(*) from t").fetchone() == (0,)
            conn.execute("commit")


def test_outside_a_run_each_connection_reads_the_published_file(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    duckdb.connect(str(published)).close()
    warehouse = WarehouseResource(database=str(published))
    with (
        warehouse.get_connection() as first,
        pytest.raises(duckdb.InvalidInputException, match="read-only"),
    ):
        first.execute("create table t (x integer)")
    with warehouse.get_connection() as second:
        assert second is not first


def _held_mb(conn: duckdb.DuckDBPyConnection) -> float:
    return held_bytes(conn) / 2**20


def test_between_steps_the_connection_lets_go_of_what_a_step_read(tmp_path: Path) -> None:
    """The cache of blocks a step read is evicted when it ends, and the memory limit is the
    configured one again (the run's peak memory is one step's, not the sum of all steps')."""
    with _run_warehouse(tmp_path, memory_limit="2GB") as warehouse:
        with warehouse.get_connection() as conn:
            conn.execute(
                "create table t as select i, md5(i::varchar) as h from range(4000000) as r(i)"
            )
        with warehouse.get_connection() as conn:
            conn.execute("select count(distinct h), sum(i) from t").fetchall()
            # the step's blocks are cached while it runs
            assert _held_mb(conn) > RELEASE_THRESHOLD_BYTES / 2**20
        assert _held_mb(conn) <= 16  # EVICTION_MEMORY_LIMIT
        limit = conn.execute("select current_setting('memory_limit')").fetchone()
        assert limit == ("1.8 GiB",)


def _wal_bytes(path: Path) -> int:
    wal = path.with_name(path.name + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_step_that_leaves_little_is_not_checkpointed_and_a_large_one_is(tmp_path: Path) -> None:
    """A checkpoint and its fsync for a few MB cost more than keeping them: the changes stay in
    the log until a step leaves more than RELEASE_THRESHOLD_BYTES held, then all are written."""
    with _run_warehouse(tmp_path, memory_limit="2GB") as warehouse:
        with warehouse.get_connection() as conn:
            conn.execute("create table small as select range as i from range(1000)")
        assert _wal_bytes(warehouse.build_path) > 0
        with warehouse.get_connection() as conn:
            conn.execute(
                "create table t as select i, md5(i::varchar) as h from range(4000000) as r(i)"
            )
            conn.execute("select count(distinct h) from t").fetchall()
        assert _wal_bytes(warehouse.build_path) == 0
        assert conn.execute("select count(*) from small").fetchone() == (1000,)
