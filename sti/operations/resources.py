"""The resources assets use: the warehouse (built privately, published whole) and the raw archive.

Analysts keep read-only DuckDB connections open on the published file, and DuckDB locks a file
per process, so a run never writes to it. Each run builds a new DuckDB file from scratch in
`releases/.build-<run>.duckdb`; the final `published_warehouse` asset turns it into a release
and switches the stable path to it (sti/warehouse/releases.py). A run that fails (a blocking check, bad
input) never reaches that step: its build file is deleted and the published release is left as
it was, byte for byte. Open readers keep their snapshot; new connections see the new release.

At the start of a run the resource takes the build lock, deletes build files of runs that died,
records its process id on the run (so a dead run can be recognised and failed, sti/operations/run_reaper.py)
and checks that the published release is intact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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

from sti.db.duckdb_cache import evict_cache, held_bytes
from sti.ingest.kosis_api import (
    API_KEY_ENV,
    BASE_URL,
    DEFAULT_BACKOFF_SECONDS,
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_SECONDS,
    KosisClient,
)
from sti.operations.alerts import WEBHOOK_ENV
from sti.operations.run_reaper import worker_tags
from sti.paths import RAW_DIR
from sti.warehouse.change_detection import (
    BASE_RELEASE_TAG,
    PLAN_DATE_TAG,
    code_fingerprint,
    plan_date,
)
from sti.warehouse.export_record import record_export
from sti.warehouse.releases import (
    DEFAULT_KEEP_RELEASES,
    WAL_SUFFIX,
    Release,
    ReleaseError,
    ReleaseStore,
    release_problems,
)

BUILD_FILE_MODE = 0o644  # a release is read-only (0444); its copy is written to
# DuckDB's own default is 80 % of RAM, which lets its buffer cache grow with the input; past this
# it spills to `<build>.tmp` beside the build. Issue 12 allows a run 2 GB at 10M input rows, and
# Python's frames (a batch of cells, of staging rows for pandera) need the rest.
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"
# What a run's connection may keep between steps (cached and changed blocks): little beside the
# memory limit, and far above the few MB a step of the shipped data leaves.
RELEASE_THRESHOLD_BYTES = 32 * 2**20


class WarehouseBusyError(RuntimeError):
    """Another run holds the build lock of this warehouse."""


class WarehouseResource(DuckDBResource):
    """DuckDB warehouse published at `database`, built run by run in a private new file."""

    keep_releases: int = DEFAULT_KEEP_RELEASES
    memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    _build_path: Path | None = PrivateAttr(default=None)
    _run_id: str = PrivateAttr(default="adhoc")
    _lock: IO[str] | None = PrivateAttr(default=None)
    _run_date: dt.date = PrivateAttr(default_factory=dt.date.today)
    _conn: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    @property
    def published_path(self) -> Path:
        return Path(self.database)

    @property
    def store(self) -> ReleaseStore:
        return ReleaseStore(self.published_path, self.keep_releases)

    def record_export(self, asset_key: str, output: Path) -> None:
        """Note that an export wrote `output` from the current release (sti/warehouse/export_record.py)."""
        release = self.store.current()
        if release is not None:
            record_export(self.published_path, asset_key, release.name, output)

    @property
    def build_path(self) -> Path:
        """Where this run writes: the private build file, or the published file outside a run."""
        return self._build_path or self.published_path

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        store = self.store
        try:
            store.releases_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(f"cannot create {store.releases_dir}: {error.strerror}") from None
        self._lock = self._acquire_lock()
        notes = [f"published warehouse: {problem}" for problem in store.verify()]
        removed = store.remove_stale_builds()
        if removed:
            notes.append(f"removed build files of runs that died: {[p.name for p in removed]}")
        if context.log is not None:
            for note in notes:
                context.log.warning(note)
        self._run_id = context.run_id or "adhoc"
        if context.instance is not None and context.run_id:
            context.instance.add_run_tags(context.run_id, worker_tags())
        self._build_path = store.build_path(self._run_id)
        tags = context.dagster_run.tags if context.dagster_run else {}
        planned = tags.get(PLAN_DATE_TAG)
        self._run_date = dt.date.fromisoformat(planned) if planned else plan_date()
        code_fingerprint()  # pinned now: the code this run loaded, not the checkout at its end
        base = tags.get(BASE_RELEASE_TAG)
        if base:
            self._start_from(base)

    def _start_from(self, name: str) -> None:
        """A partial run (sti/warehouse/change_detection.py) builds on a copy of the release it was
        planned against; if another run published since, the plan is stale and the run stops."""
        current = self.store.current()
        if current is None or current.name != name:
            raise ReleaseError(
                f"this run was planned against release {name}, but the published release is now "
                f"{current.name if current else 'none'}: run again (`sti run`) to plan afresh"
            )
        problems = release_problems(current)
        if problems:
            raise ReleaseError(f"cannot build on release {name}: {'; '.join(problems)}")
        assert self._build_path is not None
        shutil.copyfile(current.path, self._build_path)
        self._build_path.chmod(BUILD_FILE_MODE)

    @property
    def run_date(self) -> dt.date:
        """The date the run started: what date-dependent fingerprints are recorded with."""
        return self._run_date

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self._close_build_connection()
        if self._build_path is not None:
            self._build_path.unlink(missing_ok=True)  # not published: the run did not finish
            Path(str(self._build_path) + WAL_SUFFIX).unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.close()
        self._build_path, self._lock = None, None

    def _acquire_lock(self) -> IO[str]:
        lock_path = self.published_path.with_name(self.published_path.name + ".lock")
        try:
            handle = lock_path.open("w")
        except OSError as error:
            raise OSError(f"cannot write the build lock {lock_path}: {error.strerror}") from None
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
        """Inside a run, the build's one connection, opened by the first step that asks and kept
        until publication: opening and closing the file for each of ~80 steps cost 2.3 s of a
        17 s run (measured 2026-11-24). A step that fails leaves no transaction open behind it.
        Outside a run, a new read-only connection to the published release."""
        if self._build_path is None:
            conn = duckdb.connect(str(self.published_path), read_only=True, config=self._config())
            try:
                yield conn
            finally:
                conn.close()
            return
        if self._conn is None:
            self._conn = duckdb.connect(str(self._build_path), config=self._config())
        try:
            yield self._conn
        except BaseException:
            self._rollback()
            raise
        finally:
            self._release_cache()

    def _config(self) -> dict[str, Any]:
        return {
            "custom_user_agent": "dagster",
            "memory_limit": self.memory_limit,
            **self.connection_config,
        }

    def _rollback(self) -> None:
        assert self._conn is not None
        with contextlib.suppress(duckdb.Error):  # no transaction was open
            self._conn.rollback()

    def _release_cache(self) -> None:
        """Write the step's changes into the file and evict the blocks it read (sti/duckdb_cache):
        kept for the connection's life, they raised the 1M-row long CSV run's peak from 1,073
        to 1,199 MB (BENCHMARKS.md, 2026-11-24). The next step reads the file again, as it did
        when each step opened its own connection and closing it checkpointed. A connection that
        holds less than RELEASE_THRESHOLD_BYTES keeps it: the checkpoint (with its fsync) cost
        ~12 ms a step, 0.5 s over the shipped data's 77 steps, to free a few MB."""
        assert self._conn is not None
        if held_bytes(self._conn) < RELEASE_THRESHOLD_BYTES:
            return
        self._conn.execute("checkpoint")
        evict_cache(self._conn, self.memory_limit)

    def _close_build_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def previous_release(self) -> Release | None:
        """The release currently published (what this run will replace), if any."""
        return self.store.current()

    def publish(self, coverage: dict[str, Any]) -> Release:
        """Make this run's build the published release (see sti/warehouse/releases.py)."""
        if self._build_path is None:
            raise RuntimeError("publish() is only meaningful inside a run (no build exists)")
        with self.get_connection() as conn:
            conn.execute("checkpoint")
        self._close_build_connection()
        if self.store.worth_compacting(self._build_path):
            self.store.compact(self._build_path)
        release = self.store.publish(self._build_path, self._run_id, coverage)
        self._build_path = None
        return release


class RawArchiveResource(dg.ConfigurableResource):
    """The raw archive: inputs exactly as received, each with its provenance sidecar."""

    root: str = str(RAW_DIR)

    @property
    def root_path(self) -> Path:
        return Path(self.root)


class KosisResource(dg.ConfigurableResource):
    """The optional live KOSIS fetch of the nightly refresh.

    The API key is read from the environment variable `api_key_env` when the run starts, never
    from run config: config is stored with the run and shown in the UI, and the key must not be.
    Without the variable the run uses the archive as it is."""

    api_key_env: str = API_KEY_ENV
    base_url: str = BASE_URL
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    retries: int = DEFAULT_RETRIES
    backoff_seconds: float = DEFAULT_BACKOFF_SECONDS
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS

    def client(self) -> KosisClient | None:
        key = os.environ.get(self.api_key_env, "")
        if not key:
            return None
        return KosisClient(
            api_key=key,
            base_url=self.base_url,
            timeout_seconds=self.timeout_seconds,
            retries=self.retries,
            backoff_seconds=self.backoff_seconds,
            deadline_seconds=self.deadline_seconds,
        )


class AlertResource(dg.ConfigurableResource):
    """Where the alert sensors send: the log always, a webhook when `webhook_url_env` names a
    set variable (read when the sensor runs, never stored in config: a webhook URL is a secret).
    `warehouse`: the published warehouse, whose open items a warning lists."""

    warehouse: str
    webhook_url_env: str = WEBHOOK_ENV

    def webhook_url(self) -> str:
        return os.environ.get(self.webhook_url_env, "")
