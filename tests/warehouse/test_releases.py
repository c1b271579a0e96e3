"""The release store (sti/warehouse/releases.py) on small DuckDB files: publish, verify, restore, prune,
and the write-ahead log that must never be replayed onto another release."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import duckdb
import pytest

from sti.warehouse.releases import BUILD_PREFIX, ReleaseError, ReleaseStore


def build(store: ReleaseStore, run_id: str, rows: int) -> Path:
    path = store.build_path(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as conn:
        conn.execute("create table t as select range as i from range(?)", [rows])
    return path


def count(path: Path, read_only: bool = True) -> int:
    with duckdb.connect(str(path), read_only=read_only) as conn:
        row = conn.execute("select count(*) from t").fetchone()
    assert row is not None
    return int(row[0])


def publish(store: ReleaseStore, run_id: str, rows: int) -> Path:
    return store.publish(build(store, run_id, rows), run_id, {"rows": [str(rows)]}).path


def _delete_and_die(path: str, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    conn = duckdb.connect(path)  # read-write, DuckDB's default: what an analyst may do
    conn.execute("set checkpoint_threshold = '1GB'")
    conn.execute("delete from t where i < 5")
    ready.set()
    signal.pause()


def killed_writer(path: Path) -> None:
    """A read-write session that deletes rows and is killed before it checkpoints."""
    ready = multiprocessing.get_context("fork").Event()
    proc = multiprocessing.get_context("fork").Process(
        target=_delete_and_die, args=(str(path), ready)
    )
    proc.start()
    assert ready.wait(30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()


@pytest.fixture
def store(tmp_path: Path) -> ReleaseStore:
    return ReleaseStore(tmp_path / "warehouse.duckdb", keep=3)


def test_publish_links_the_stable_path_to_a_read_only_release(store: ReleaseStore) -> None:
    release = publish(store, "run-one", 10)
    assert store.published.is_symlink() and store.published.resolve() == release
    assert count(store.published) == 10
    assert oct(release.stat().st_mode & 0o777) == "0o444"
    assert store.verify() == []
    assert store.current() is not None and store.current().coverage == {"rows": ["10"]}  # type: ignore[union-attr]


def test_a_killed_writer_s_log_is_never_replayed_onto_a_new_release(store: ReleaseStore) -> None:
    first = publish(store, "run-one", 10)
    killed_writer(store.published)
    log = Path(str(first) + ".wal")
    assert log.exists(), "DuckDB names the log after the resolved release path"
    assert count(store.published) == 5, "readers of the current release see the deletion"
    assert any("write-ahead log" in p for p in store.verify())

    publish(store, "run-two", 10)

    assert count(store.published) == 10
    assert not log.exists(), "the stale log was moved to quarantine"
    assert [p.name.split(".wal.")[0] for p in store.quarantine_dir.iterdir()] == [first.name]
    # no later open can make the deletion permanent: a read-write open of either release
    assert count(store.published, read_only=False) == 10
    assert count(first, read_only=False) == 10


def test_a_legacy_file_and_its_stale_log_are_kept_aside(store: ReleaseStore) -> None:
    store.published.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(store.published)) as conn:
        conn.execute("create table t as select 1 as i")
    Path(str(store.published) + ".wal").write_bytes(b"stale")

    publish(store, "run-one", 10)

    assert count(store.published) == 10
    assert not Path(str(store.published) + ".wal").exists()
    legacy = [r for r in store.releases() if r.name.endswith("-legacy.duckdb")]
    assert len(legacy) == 1 and count(legacy[0].path) == 1


def test_verify_detects_a_release_changed_after_publishing(store: ReleaseStore) -> None:
    release = publish(store, "run-one", 10)
    os.chmod(release, 0o644)
    with duckdb.connect(str(store.published)) as conn:
        conn.execute("insert into t values (99)")
        conn.execute("checkpoint")
    problems = store.verify()
    assert len(problems) == 1 and "changed after it was published" in problems[0]


def test_restore_brings_back_the_previous_release(store: ReleaseStore) -> None:
    first = publish(store, "run-one", 10)
    publish(store, "run-two", 20)
    assert count(store.published) == 20

    restored = store.restore()

    assert restored.path == first and count(store.published) == 10
    assert store.verify() == []


def test_restore_skips_a_damaged_release_and_refuses_an_unknown_one(
    store: ReleaseStore,
) -> None:
    first = publish(store, "run-one", 10)
    second = publish(store, "run-two", 20)
    publish(store, "run-three", 30)
    os.chmod(second, 0o644)
    with duckdb.connect(str(second)) as conn:
        conn.execute("insert into t values (99)")
        conn.execute("checkpoint")

    assert store.restore().path == first
    with pytest.raises(ReleaseError, match="no release named 'nope'"):
        store.restore("nope")
    with pytest.raises(ReleaseError, match="changed after it was published"):
        store.restore(second.name)


def test_restore_quarantines_the_log_beside_the_release_it_restores(
    store: ReleaseStore,
) -> None:
    first = publish(store, "run-one", 10)
    killed_writer(store.published)
    # a second writer on the new release would be caught by verify; here restore the first
    publish(store, "run-two", 20)
    Path(str(first) + ".wal").write_bytes(b"left by someone")
    store.restore(first.name)
    assert count(store.published) == 10 and not Path(str(first) + ".wal").exists()


def test_prune_keeps_the_newest_releases(store: ReleaseStore) -> None:
    paths = [publish(store, f"run-{n}", n + 1) for n in range(5)]
    kept = [r.path for r in store.releases()]
    assert kept == paths[::-1][:3]
    assert not paths[0].exists() and not paths[1].exists()


def test_stale_builds_are_removed(store: ReleaseStore) -> None:
    stale = build(store, "dead-run", 3)
    legacy = store.published.with_name(f".{store.published.name}.build-old")
    legacy.write_bytes(b"x")
    removed = store.remove_stale_builds()
    assert sorted(p.name for p in removed) == sorted([stale.name, legacy.name])
    assert not any(p.name.startswith(BUILD_PREFIX) for p in store.releases_dir.iterdir())


def test_restore_goes_back_in_time_never_forward(store: ReleaseStore) -> None:
    first = publish(store, "run-one", 10)
    second = publish(store, "run-two", 20)
    publish(store, "run-three", 30)
    store.restore(second.name)
    assert store.restore().path == first, "the release before the current one, not the newest"
    with pytest.raises(ReleaseError, match="no intact earlier release"):
        store.restore()


def test_warehouse_connections_cap_duckdb_memory(tmp_path: Path) -> None:
    """DuckDB's own default (80 % of RAM) would let its cache grow with the input; the warehouse
    caps it (DEFAULT_DUCKDB_MEMORY_LIMIT) and spills beyond, and config can raise the cap."""
    from sti.operations.resources import WarehouseResource

    duckdb.connect(str(tmp_path / "w.duckdb")).close()
    limits = []
    for resource in (
        WarehouseResource(database=str(tmp_path / "w.duckdb")),
        WarehouseResource(database=str(tmp_path / "w.duckdb"), memory_limit="3GB"),
    ):
        with resource.get_connection() as conn:
            limits.append(conn.execute("select current_setting('memory_limit')").fetchone())
    assert limits == [("953.6 MiB",), ("2.7 GiB",)]
