"""Change detection: which assets a run must rebuild, so an unchanged night rebuilds nothing.

Every asset gets a fingerprint: a hash of the code (all of it: a change anywhere in sti/,
assets/, pipelines/, sql/ or the catalogues rebuilds everything, the safe side), the
fingerprints of its parents, the raw files it reads (path, domain, sha256 of the file and of its
sidecar) and, for assets whose output depends on the date, the date. An asset that reads the
raw archive through `raw.source_files` or `raw.table_cells` declares the sidecar domains it reads
(`RAW_DOMAINS_KEY` in its metadata), so one new GRDP release does not rebuild the startups
table; an asset that declares nothing reads every file.

Values are split the same way, by the indicator catalogue's domains (sti/reference/indicators.yaml).
Each observation staging table holds only its domain's indicators (its gate holds back a file
that maps a cell to another domain's indicator: `VALUE_DOMAIN_KEY`), and an asset such as
`marts.indicator_values` that only passes values on, indicator by indicator, is split by domain
(`SPLIT_KEY`). A mart that reads the values of a few domains declares them
(`VALUE_DOMAINS_KEY`): its fingerprint takes, through the split assets, only the staging tables
of those domains (and every table of mixed domains), so one new startups release does not
rebuild the GRDP marts. tests/assets/marts/test_value_domains.py checks each declaration by
changing every value outside it and rebuilding the mart: nothing it holds may change.

Each release records the fingerprints it was built with (`meta.asset_fingerprints`). Before a
run, the fingerprints of the archive and code as they are now are compared with the published
release's: the assets whose fingerprints differ are rebuilt on a copy of that release, the rest
carried over. With the code unchanged, the release's recorded asset inputs are this code's, so
a plan needs no asset graph (and no Dagster import). The fingerprints a release records are computed from its own `raw.source_files`
(what the run actually read, checksums verified), so a file that arrives during a run is seen
by the next one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import yaml

from sti.db.sql_door import connect_read_only
from sti.db.warehouse_tables import has_table
from sti.ingest.provenance import NOT_RECEIVED, SIDECAR_SUFFIX, file_sha256
from sti.paths import PROJECT_ROOT, relative_to_raw
from sti.reference import yaml_text
from sti.warehouse.export_record import stale_exports
from sti.warehouse.releases import ReleaseStore

RAW_DOMAINS_KEY = "sti/raw_domains"  # asset metadata: comma-separated sidecar domains read
DATED_KEY = "sti/depends_on_date"  # asset metadata: "yes" when the output depends on today
VALUE_DOMAINS_KEY = "sti/value_domains"  # comma-separated catalogue domains whose values it reads
VALUE_DOMAIN_KEY = "sti/value_domain"  # the one catalogue domain a staging table's values belong to
# "yes": its rows of a domain come from that domain's values only (a union, ranks per indicator)
SPLIT_KEY = "sti/split_by_value_domain"
RAW_REGISTER = ("raw/source_files", "raw/table_cells")  # assets that hold the whole archive
FINGERPRINTS_TABLE = "meta.asset_fingerprints"
REFRESH_KEY = "raw/kosis_refresh"  # runs only in full builds: it may bring new files
BASE_RELEASE_TAG = "sti/base_release"  # a partial run builds on a copy of this release
PLAN_DATE_TAG = "sti/plan_date"  # the date the plan's dated fingerprints used
CODE_DIRS = ("sti", "assets", "pipelines", "sql")
CODE_FILES = ("pyproject.toml",)  # a new pin of polars or DuckDB may change what is computed
CODE_SUFFIXES = (".py", ".sql", ".yaml", ".json")
UNREADABLE = "unreadable"
DEFAULT_DOMAIN = "unspecified"
PLAN_TIMEZONE = ZoneInfo("Asia/Seoul")  # sti/ingest/provenance.py Sidecar.domain


def plan_date() -> dt.date:
    """Today in Seoul, the date dated fingerprints use (the nightly schedule's timezone)."""
    return dt.datetime.now(PLAN_TIMEZONE).date()


@dataclass(frozen=True, order=True)
class RawFile:
    """One received file as change detection sees it."""

    raw_file: str
    domain: str
    sha256: str
    sidecar_sha256: str


@dataclass(frozen=True)
class AssetInputs:
    """What an asset's fingerprint is made of besides the code."""

    parents: tuple[str, ...]
    raw_domains: frozenset[str]  # the sidecar domains it reads; empty: every file
    reads_raw: bool  # it is, or reads, the raw register
    dated: bool
    value_domains: frozenset[str] = frozenset()  # the catalogue domains whose values it reads
    value_domain: str = ""  # a staging table holding one catalogue domain's values
    split: bool = False  # passes values on by domain (marts.indicator_values)


@cache
def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """A hash of every code, SQL and catalogue file; pinned once per process, so a run's
    fingerprints describe the code it loaded even if the checkout changes meanwhile."""
    digest = hashlib.sha256()
    for folder in CODE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    for name in CODE_FILES:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()


def archive_state(root: Path) -> list[RawFile]:
    """Every file under the archive as it is on disk now: actual checksums, not the declared
    ones, so a file changed in place is seen (and refused by the run that rebuilds)."""
    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name in NOT_RECEIVED or path.name.endswith(SIDECAR_SUFFIX):
            continue
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        domain, sidecar_sha = UNREADABLE, ""
        if sidecar.is_file():
            sidecar_sha = file_sha256(sidecar)
            try:
                declared = yaml_text.parse(sidecar.read_text("utf-8")) or {}
                domain = str(declared.get("domain") or DEFAULT_DOMAIN)
            except (yaml.YAMLError, UnicodeDecodeError, AttributeError, ValueError):
                domain = UNREADABLE
        files.append(RawFile(relative_to_raw(path, root), domain, file_sha256(path), sidecar_sha))
    return files


def recorded_state(conn: duckdb.DuckDBPyConnection) -> list[RawFile]:
    """The archive as a build read it (raw.source_files: checksums verified by the run)."""
    rows = conn.execute(
        "select raw_file, domain, sha256, sidecar_sha256 from raw.source_files order by raw_file"
    ).fetchall()
    return sorted(RawFile(*row) for row in rows)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _files_digest(files: Iterable[RawFile]) -> str:
    return _digest(
        *(f"{f.raw_file}|{f.domain}|{f.sha256}|{f.sidecar_sha256}" for f in sorted(files))
    )


def fingerprints(
    assets: Mapping[str, AssetInputs], archive: list[RawFile], code: str, today: dt.date
) -> dict[str, str]:
    """Every asset's fingerprint (keys are asset keys as 'schema/table')."""
    whole = _files_digest(archive)
    by_domain = {
        domain: _files_digest(f for f in archive if f.domain == domain)
        for domain in {f.domain for f in archive}
    }
    done: dict[str, str] = {}
    split_done: dict[tuple[str, frozenset[str]], str] = {}

    def own_inputs(key: str) -> list[str]:
        spec = assets[key]
        parts = [code, key]
        if spec.reads_raw:
            domains = spec.raw_domains
            parts += (
                [f"{d}:{by_domain.get(d, '')}" for d in sorted(domains)] if domains else [whole]
            )
        if spec.dated:
            parts.append(today.isoformat())
        return parts

    def parent(key: str, name: str, values: frozenset[str]) -> list[str]:
        """What `name`, a parent of `key`, adds to its fingerprint; `values` the domains read."""
        if name in RAW_REGISTER and assets[key].raw_domains:
            return []  # the declared domains' files stand for the whole register
        found = assets.get(name)
        if found is None:
            return [f"external:{name}"]
        if values and found.split:
            return [visit_split(name, values)]
        return [visit(name)]

    def visit(key: str) -> str:
        if key not in done:
            values = assets[key].value_domains
            parts = own_inputs(key)
            for name in assets[key].parents:
                parts += parent(key, name, values)
            done[key] = _digest(*parts)
        return done[key]

    def visit_split(key: str, values: frozenset[str]) -> str:
        """The fingerprint of the rows of `key` that belong to `values`' domains: its parents
        holding another domain's values do not count."""
        if (key, values) not in split_done:
            parts = [*own_inputs(key), "values:" + ",".join(sorted(values))]
            for name in assets[key].parents:
                holds = assets[name].value_domain if name in assets else ""
                if not holds or holds in values:
                    parts += parent(key, name, values)
            split_done[(key, values)] = _digest(*parts)
        return split_done[(key, values)]

    for key in assets:
        visit(key)
    return done


def stale(current: Mapping[str, str], recorded: Mapping[str, str]) -> set[str]:
    """The assets whose fingerprint differs from the one the release recorded."""
    return {key for key, value in current.items() if recorded.get(key) != value}


@dataclass(frozen=True)
class Recorded:
    """What a release recorded: each asset's fingerprint and inputs, and the code's hash."""

    code: str
    fingerprints: dict[str, str]
    assets: dict[str, AssetInputs]


def read_recorded(conn: duckdb.DuckDBPyConnection) -> Recorded | None:
    """None when the release predates change detection, or recorded its inputs before values
    were split by domain (its plan is then a full build, as after any code change)."""
    if not has_table(conn, FINGERPRINTS_TABLE):
        return None
    try:
        rows = conn.execute(
            "select asset_key, fingerprint, parents, raw_domains, reads_raw, dated, "
            f"value_domains, value_domain, split, code_fingerprint from {FINGERPRINTS_TABLE}"
        ).fetchall()
    except duckdb.BinderException:  # recorded before values were split by domain
        return None
    if not rows:
        return None
    return Recorded(
        code=rows[0][9],
        fingerprints={row[0]: row[1] for row in rows},
        assets={
            row[0]: AssetInputs(
                tuple(row[2]), frozenset(row[3]), row[4], row[5], frozenset(row[6]), row[7], row[8]
            )
            for row in rows
        },
    )


def write_recorded(
    conn: duckdb.DuckDBPyConnection, assets: Mapping[str, AssetInputs], values: Mapping[str, str]
) -> None:
    """Record each asset's fingerprint with its inputs and the code hash: with the code
    unchanged, the next plan needs nothing else (no Dagster import, no asset graph)."""
    conn.execute("create schema if not exists meta")
    conn.execute(
        f"create or replace table {FINGERPRINTS_TABLE} (asset_key varchar, fingerprint varchar, "
        "parents varchar[], raw_domains varchar[], reads_raw boolean, dated boolean, "
        "value_domains varchar[], value_domain varchar, split boolean, code_fingerprint varchar)"
    )
    code = code_fingerprint()
    rows = [
        (
            key, values[key], list(spec.parents), sorted(spec.raw_domains), spec.reads_raw,
            spec.dated, sorted(spec.value_domains), spec.value_domain, spec.split,
        )
        for key, spec in sorted(assets.items())
    ]  # fmt: skip
    conn.executemany(
        f"insert into {FINGERPRINTS_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[*row, code] for row in rows],
    )


@dataclass(frozen=True)
class RunPlan:
    """`selection` None: build everything from scratch; empty: nothing to do."""

    reason: str
    selection: frozenset[str] | None
    base_release: str | None = None
    today: dt.date | None = None  # the date dated fingerprints were computed with

    @property
    def nothing_to_do(self) -> bool:
        return self.selection is not None and not self.selection

    def tags(self) -> dict[str, str]:
        tags = {PLAN_DATE_TAG: self.today.isoformat()} if self.today else {}
        return {**tags, BASE_RELEASE_TAG: self.base_release} if self.base_release else tags


def plan_run(archive: Path, warehouse: Path, today: dt.date, refresh_due: bool) -> RunPlan:
    """What the next run must build. With the code unchanged since the published release, the
    assets and inputs that release recorded are this code's, so the plan needs no asset graph:
    a night with nothing new is decided without importing Dagster."""
    full = "build everything"
    if refresh_due:
        return RunPlan(f"a KOSIS release is due: fetch, then {full}", None, today=today)
    store = ReleaseStore(warehouse)
    release = store.current()
    if release is None:
        return RunPlan(f"nothing published yet: {full}", None, today=today)
    if store.verify():
        return RunPlan(f"the published release is not intact: {full}", None, today=today)
    with connect_read_only(release.path) as conn:
        recorded = read_recorded(conn)
    if recorded is None:
        reason = f"the published release predates change detection: {full}"
        return RunPlan(reason, None, today=today)
    if recorded.code != code_fingerprint():
        return RunPlan(f"the code changed since release {release.name}: {full}", None, today=today)
    current = fingerprints(recorded.assets, archive_state(archive), recorded.code, today)
    changed = frozenset(stale(current, recorded.fingerprints) - {REFRESH_KEY})
    unwritten = stale_exports(warehouse, release.name, current) - changed
    if unwritten and not changed:
        reason = f"exports not written from release {release.name}: {', '.join(sorted(unwritten))}"
        return RunPlan(reason, frozenset(unwritten), release.name, today)
    changed |= unwritten
    if not changed:
        reason = f"nothing changed since release {release.name}"
        return RunPlan(reason, frozenset(), release.name, today)
    reason = f"{len(changed)} of {len(current)} assets changed since release {release.name}"
    return RunPlan(reason, changed, release.name, today)
