"""The warehouse resource: every run builds a private copy and publishes it whole, or not at all.

Analysts keep read-only DuckDB connections open on the published file, and DuckDB locks a file
per process, so a run that wrote to it directly would block or be blocked. Instead a run copies
the published file to a build file beside it, writes there, and the final `published_warehouse`
asset swaps it in with an atomic `os.replace`. A run that fails (a blocking check, bad input)
never reaches that step: its build file is deleted and the published file is left as it was,
byte for byte. Open readers keep their snapshot; new connections see the new release.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from sti.paths import RAW_DIR


class WarehouseBusyError(RuntimeError):
    """Another run holds the build lock of this warehouse."""


class WarehouseResource(DuckDBResource):
    """DuckDB warehouse at `database` (the published file), built run by run in a private copy."""

    _build_path: Path | None = PrivateAttr(default=None)
    _lock: IO[str] | None = PrivateAttr(default=None)

    @property
    def published_path(self) -> Path:
        return Path(self.database)

    @property
    def build_path(self) -> Path:
        """Where this run writes: the private build copy, or the published file outside a run."""
        return self._build_path or self.published_path

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self.published_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = self._acquire_lock()
        run_id = context.run_id or "adhoc"
        build = self.published_path.with_name(f".{self.published_path.name}.build-{run_id}")
        if self.published_path.exists():
            shutil.copy2(self.published_path, build)
        self._build_path = build

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._build_path is not None and self._build_path.exists():
            self._build_path.unlink()  # not published: the run did not reach published_warehouse
        if self._lock is not None:
            self._lock.close()
        self._build_path, self._lock = None, None

    def _acquire_lock(self) -> IO[str]:
        lock_path = self.published_path.with_name(self.published_path.name + ".lock")
        handle = lock_path.open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise WarehouseBusyError(
                f"another run is building {self.published_path} (lock {lock_path} is held); "
                "wait for it to finish, then run again"
            ) from None
        return handle

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        config: dict[str, Any] = {"custom_user_agent": "dagster", **self.connection_config}
        conn = duckdb.connect(str(self.build_path), read_only=False, config=config)
        try:
            yield conn
        finally:
            conn.close()

    def publish(self) -> Path:
        """Atomically replace the published file with this run's build (same directory)."""
        if self._build_path is None:
            raise RuntimeError("publish() is only meaningful inside a run (no build copy exists)")
        with self.get_connection() as conn:
            conn.execute("checkpoint")
        os.replace(self._build_path, self.published_path)
        self._build_path = None
        return self.published_path


class RawArchiveResource(dg.ConfigurableResource):
    """The raw archive: inputs exactly as received, each with its provenance sidecar."""

    root: str = str(RAW_DIR)

    @property
    def root_path(self) -> Path:
        return Path(self.root)
