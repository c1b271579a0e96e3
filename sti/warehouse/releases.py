"""Published releases of the warehouse: publish, list, verify, restore, prune.

Layout, beside the stable path that analysts open (default `data/marts/warehouse.duckdb`):

    warehouse.duckdb                      symlink -> releases/warehouse-<UTC time>-<run>.duckdb
    releases/warehouse-<...>.duckdb       one file per release, read-only (mode 0444)
    releases/warehouse-<...>.duckdb.json  its record: sha256, size, run id, publication time,
                                          and what it covers (used to detect silent loss)
    releases/.build-<run>.duckdb          the private build of a running run
    quarantine/                           stale write-ahead logs moved out of the way, kept

Why a new file per release and a symlink: DuckDB names a write-ahead log after the *resolved*
database path (shared/notes/stack.md §4.1). A reader that opens the published file read-write,
writes and is killed leaves `<release>.duckdb.wal`; had we replaced one fixed file in place, that
log would be replayed onto every later release. With one file per release the stale log stays
beside the release it belongs to, and publishing (or restoring) moves any such log into
`quarantine/` so that no later open, of any release, can replay it.

What this cannot prevent: a process with write permission (root ignores mode 0444) may still
open a release read-write and change it. The checksum recorded at publication detects that
(`sti verify`, and at the start of every run), and `sti restore` brings back an intact release.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sti.db.warehouse_tables import sql_literal
from sti.ingest.provenance import file_sha256
from sti.paths import PROJECT_ROOT

# How many releases are kept for `sti restore` (a week of nightly runs).
DEFAULT_KEEP_RELEASES = 7
# The copy streams table by table; DuckDB's default (80 % of RAM) would let it cache the whole
# release in memory at national scale.
COMPACT_MEMORY_LIMIT = "1GB"
RELEASES_DIR = "releases"
QUARANTINE_DIR = "quarantine"
BUILD_PREFIX = ".build-"
# Block size of a published release. DuckDB's default is 256 KB, and each table's columns take
# whole blocks, so the shipped warehouse (mostly small tables) was 15.0 MB with 256 KB blocks,
# 4.9 MB with 16 KB blocks (the smallest DuckDB allows; measured 2026-11-23). DuckDB reads files
# of any block size since 1.2.
RELEASE_BLOCK_SIZE = 16384
# A build larger than this is published as built unless replaced tables left much free space
# in it: the copy into a fresh file runs at about 10 MB/s (62 s for the 650 MB build of the
# 10M-cell bench; measured 2026-11-24), while what it buys, small tables in 16 KB blocks and the
# same size run after run, matters for small files (the shipped build is about 15.5 MB). Below
# 32 MB: the 31.5 MB build of the 1M-row long CSV bench, nearly all cell text, was copied the
# small way (no FSST) into 56.5 MB in 3 s (measured 2026-11-24, after the cells lost their
# repeated texts); 24 MB keeps the shipped build small and that one as built.
COMPACT_MAX_BYTES = 24 * 2**20
# ... and a large build is copied all the same when free blocks are more than this share of it.
# Half: a night with one new startups release at 10M cells rewrites the staging table of the
# whole history, leaving 35-38 % of its build free. Copied at 0.25, that publication took 13.5 s
# of the night (of 95; 142 MB published); published as built, 1.6-2.1 s, and the next nights
# write into the free blocks, so the release stays the same size night after night (227, then
# 229 MB, 35 % free; measured 2026-12-07): disk for time, bounded, where the copy was paid
# every night.
COMPACT_FREE_SHARE = 0.5
# How a large build is copied (compact): all threads, FSST on, DuckDB's default 256 KB blocks. The 301 MB
# build of one new release at 10M cells (38 % free blocks) copied the small builds' way took
# 25.1 s and wrote 367 MB, more than it freed; this way 20.1 s and 173 MB (measured 2026-11-24).
RECORD_SUFFIX = ".json"
WAL_SUFFIX = ".wal"
READ_ONLY_MODE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
LOCK_FILE = "uv.lock"
UNKNOWN_LOCK = "unknown (no uv.lock)"


class ReleaseError(RuntimeError):
    """A release cannot be published, verified or restored; the message says why."""


@dataclass(frozen=True)
class Release:
    """One published release and its record."""

    path: Path
    sha256: str
    size: int
    run_id: str
    published_at: str
    coverage: dict[str, Any]
    # sha256 of the uv.lock the release was built with: the environment, package by package
    environment_lock: str = UNKNOWN_LOCK

    @property
    def name(self) -> str:
        return self.path.name


def environment_lock() -> str:
    """`sha256:<hex>` of the project's uv.lock: `make` installs exactly that lock, so the hash
    names the environment (every package and version) that builds a release or a package."""
    lock = PROJECT_ROOT / LOCK_FILE
    return f"sha256:{file_sha256(lock)}" if lock.is_file() else UNKNOWN_LOCK


class ReleaseStore:
    """The releases of one published warehouse path."""

    def __init__(
        self,
        published: Path,
        keep: int = DEFAULT_KEEP_RELEASES,
        compact_max_bytes: int = COMPACT_MAX_BYTES,
    ):
        self.published = Path(published)
        self.keep = keep
        self.compact_max_bytes = compact_max_bytes
        self.releases_dir = self.published.parent / RELEASES_DIR
        self.quarantine_dir = self.published.parent / QUARANTINE_DIR

    # -- building --------------------------------------------------------------------------

    def build_path(self, run_id: str) -> Path:
        return self.releases_dir / f"{BUILD_PREFIX}{run_id}.duckdb"

    def remove_stale_builds(self) -> list[Path]:
        """Delete build files left by runs that died. Call only while holding the build lock."""
        stale = []
        if self.releases_dir.is_dir():
            stale += [p for p in self.releases_dir.iterdir() if p.name.startswith(BUILD_PREFIX)]
        # builds of the previous layout (before releases/), beside the published path
        legacy = f".{self.published.name}.build-"
        stale += [p for p in self.published.parent.glob(f"{legacy}*")]
        for path in stale:
            path.unlink(missing_ok=True)
        return stale

    # -- publishing ------------------------------------------------------------------------

    def worth_compacting(self, build: Path) -> bool:
        """Whether `compact` pays for itself: a small build, or a large one that is more than
        COMPACT_FREE_SHARE free blocks."""
        if build.stat().st_size <= self.compact_max_bytes:
            return True
        with duckdb.connect(str(build), read_only=True) as conn:
            row = conn.execute(
                "select free_blocks, total_blocks from pragma_database_size() "
                "where database_name = current_database()"
            )
            free, total = row.fetchone() or (0, 0)
        return total > 0 and free / total > COMPACT_FREE_SHARE

    def compact(self, build: Path) -> Path:
        """Copy a closed build into a fresh file and replace the build with it.

        A build replaces tables as the run goes, leaving free blocks, and DuckDB's parallel
        writers lay blocks out differently from run to run: 14.95 MB one run, 15.22 MB the next
        on identical inputs. A small build is copied with one thread and without FSST into 16 KB
        blocks (RELEASE_BLOCK_SIZE): no free blocks, the many small tables stop costing 256 KB
        each (4.9 MB), and the same size run after run. A large one is copied as DuckDB copies
        fastest (see COMPACT_FREE_SHARE): there FSST and the default blocks keep it small. A copy
        no smaller than the build is thrown away: compaction never makes a release larger.
        """
        compacted = build.with_name(build.name + ".compact")
        compacted.unlink(missing_ok=True)
        small = build.stat().st_size <= self.compact_max_bytes
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": COMPACT_MEMORY_LIMIT
        }
        if small:
            config["threads"] = 1
        target_options = f" (block_size {RELEASE_BLOCK_SIZE})" if small else ""
        with duckdb.connect(config=config) as conn:
            if small:
                # FSST string compression trains its symbol table on a random sample, so two
                # copies of one file differed by up to 5 blocks; without it the copy is the same
                # every time (measured: 4,894,720 bytes in four separate processes; 4.53-4.70 MB
                # with it).
                conn.execute("set disabled_compression_methods = 'fsst'")
            conn.execute(f"attach {sql_literal(str(build))} as build_db (read_only)")
            conn.execute(f"attach {sql_literal(str(compacted))} as compact_db{target_options}")
            conn.execute("copy from database build_db to compact_db")
            conn.execute("detach compact_db")
        if compacted.stat().st_size >= build.stat().st_size:
            # text that FSST compressed in the build takes more room without it: a copy the
            # small way can be larger than its build (a 7.9 MB build of hashes: 17.8 MB); the
            # release is then the build as it is
            compacted.unlink()
            return build
        os.replace(compacted, build)
        return build

    def publish(self, build: Path, run_id: str, coverage: dict[str, Any]) -> Release:
        """Turn a closed, checkpointed build into a release and point the stable path at it."""
        if Path(str(build) + WAL_SUFFIX).exists():
            raise ReleaseError(
                f"the build {build} still has a write-ahead log; checkpoint and close it first"
            )
        now = dt.datetime.now(dt.UTC)
        name = f"{self.published.stem}-{now:%Y%m%dT%H%M%S%fZ}-{run_id[:8]}.duckdb"
        target = self.releases_dir / name
        sha256 = file_sha256(build)
        os.chmod(build, READ_ONLY_MODE)
        os.replace(build, target)
        self._record(target, sha256, run_id, now, coverage)
        self._adopt_legacy_file()
        self._switch(target)
        self.quarantine_stale_logs()
        self.prune()
        return self._release(target)

    def _switch(self, target: Path) -> None:
        """Point the stable path at `target` atomically (readers keep the file they opened)."""
        link = self.published.with_name(f".{self.published.name}.link-{os.getpid()}")
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(target, self.published.parent), link)
        os.replace(link, self.published)

    def _adopt_legacy_file(self) -> None:
        """A regular file at the stable path (published before releases existed) becomes a
        release of its own, so switching the link never destroys it."""
        if not self.published.is_file() or self.published.is_symlink():
            return
        mtime = dt.datetime.fromtimestamp(self.published.stat().st_mtime, dt.UTC)
        target = self.releases_dir / f"{self.published.stem}-{mtime:%Y%m%dT%H%M%S%fZ}-legacy.duckdb"
        self.quarantine_log(self.published)
        sha256 = file_sha256(self.published)
        os.replace(self.published, target)
        self._record(target, sha256, "unknown (published before the release layout)", mtime, {})

    def _record(
        self, release: Path, sha256: str, run_id: str, published: dt.datetime, coverage: dict
    ) -> None:
        """Write the release's record beside it (atomically)."""
        record = {
            "release": release.name,
            "sha256": sha256,
            "size": release.stat().st_size,
            "run_id": run_id,
            "published_at": published.isoformat(timespec="seconds"),
            "coverage": coverage,
            "environment_lock": environment_lock(),
        }
        tmp = release.with_name(f".{release.name}{RECORD_SUFFIX}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, self._record_path(release))

    # -- write-ahead logs ------------------------------------------------------------------

    def quarantine_log(self, database: Path) -> Path | None:
        """Move `<database>.wal` into quarantine/ (kept, never replayed); return its new path."""
        wal = Path(str(database) + WAL_SUFFIX)
        if not wal.exists():
            return None
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        moved = self.quarantine_dir / f"{wal.name}.{stamp}"
        os.replace(wal, moved)
        return moved

    def quarantine_stale_logs(self) -> list[Path]:
        """Quarantine the log beside the stable path and beside every release that is not the
        current one. The current release's log is left alone: a live writer may own it, and
        `sti verify` reports it."""
        current = self.current_path()
        databases = [self.published, *(r.path for r in self.releases() if r.path != current)]
        return [moved for db in databases if (moved := self.quarantine_log(db)) is not None]

    def prune(self) -> list[Path]:
        """Delete the oldest releases beyond `keep` (never the current one)."""
        current = self.current_path()
        removed = []
        for release in self.releases()[self.keep :]:
            if release.path == current:
                continue
            release.path.unlink(missing_ok=True)
            self._record_path(release.path).unlink(missing_ok=True)
            removed.append(release.path)
        return removed

    # -- reading ---------------------------------------------------------------------------

    def _record_path(self, release: Path) -> Path:
        return release.with_name(release.name + RECORD_SUFFIX)

    def _release(self, path: Path) -> Release:
        record_path = self._record_path(path)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            return Release(
                path=path,
                sha256=record["sha256"],
                size=record["size"],
                run_id=record["run_id"],
                published_at=record["published_at"],
                coverage=record.get("coverage") or {},
                environment_lock=record.get("environment_lock") or UNKNOWN_LOCK,
            )
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ReleaseError(f"release record {record_path} is unreadable: {error!r}") from None

    def releases(self) -> list[Release]:
        """Every release with a record, newest first."""
        if not self.releases_dir.is_dir():
            return []
        found = []
        for path in self.releases_dir.glob("*.duckdb"):
            if path.name.startswith(BUILD_PREFIX) or not self._record_path(path).exists():
                continue
            try:
                found.append(self._release(path))
            except ReleaseError:
                continue  # a damaged record: the release is not offered (verify reports it)
        return sorted(found, key=lambda r: (r.published_at, r.name), reverse=True)

    def current_path(self) -> Path | None:
        """The release the stable path points at (None when it is not a release link)."""
        if not self.published.is_symlink():
            return None
        return self.published.resolve()

    def current(self) -> Release | None:
        path = self.current_path()
        if path is None or not self._record_path(path).exists():
            return None
        try:
            return self._release(path)
        except ReleaseError:
            return None

    # -- checking and restoring ------------------------------------------------------------

    def verify(self) -> list[str]:
        """Problems with the published warehouse (empty when it is intact)."""
        if not self.published.exists() and not self.published.is_symlink():
            return []  # nothing published yet
        if not self.published.is_symlink():
            return [
                f"{self.published} is a regular file, not a link to a recorded release: it cannot "
                "be verified; the next run adopts it as a release and publishes a checked one"
            ]
        current = self.current()
        if current is None:
            return [
                f"{self.published} points at {self.published.resolve()}, which is not a recorded "
                "release; run `sti restore` to point it at the newest intact release"
            ]
        return release_problems(current)

    def restore(self, name: str | None = None) -> Release:
        """Point the stable path at the named release, or at the newest intact release before
        the current one; any write-ahead log beside it is quarantined first."""
        releases = self.releases()
        current = self.current_path()
        if name is not None:
            chosen = [r for r in releases if r.name == name]
            if not chosen:
                known = ", ".join(r.name for r in releases) or "none"
                raise ReleaseError(f"no release named {name!r}; releases: {known}")
            target = chosen[0]
        else:
            # releases are newest first: the earlier ones are those listed after the current
            paths = [r.path for r in releases]
            older = releases[paths.index(current) + 1 :] if current in paths else releases
            intact = [r for r in older if not release_problems(r, check_log=False)]
            if not intact:
                raise ReleaseError(f"no intact earlier release to restore in {self.releases_dir}")
            target = intact[0]
        self.quarantine_log(target.path)
        problems = release_problems(target)
        if problems:
            raise ReleaseError("; ".join(problems))
        self._switch(target.path)
        return target


def release_problems(release: Release, check_log: bool = True) -> list[str]:
    """What is wrong with one release file: changed bytes, a pending write-ahead log."""
    problems = []
    if not release.path.exists():
        return [f"release {release.path} is missing"]
    actual = file_sha256(release.path)
    if actual != release.sha256:
        problems.append(
            f"release {release.path} changed after it was published (sha256 {actual}, recorded "
            f"{release.sha256}): someone wrote to it; run `sti restore` to switch to an intact "
            "release, or `sti run` to publish a new one"
        )
    wal = Path(str(release.path) + WAL_SUFFIX)
    if check_log and wal.exists():
        problems.append(
            f"{wal} exists: the write-ahead log of a read-write connection that wrote to the "
            "published release and has not checkpointed (or was killed); readers now see its "
            "changes. Open the warehouse "
            "read-only; `sti restore --release "
            f"{release.name}` quarantines the log, and the next `sti run` publishes a clean release"
        )
    return problems
