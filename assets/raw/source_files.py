"""raw.source_files: the archive's register, one row per received file with its sidecar."""

import datetime as dt
import json

import dagster as dg
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.errors import InputError, InputProblem
from sti.ingest.held_back import (
    HELD_BACK_SCHEMA,
    can_hold,
    dated,
    held_before,
    held_rows,
    published_releases,
    published_sources,
    write_held_back,
)
from sti.ingest.provenance import (
    PER_FILE_DOMAINS,
    SIDECAR_SUFFIX,
    Sidecar,
    Unusable,
    discover_each,
    file_sha256,
    sidecar_path,
)
from sti.operations.resources import RawArchiveResource, WarehouseResource

FOUND_BY = "raw.source_files"
SOURCE_FILE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_id": pl.String,
    "domain": pl.String,
    "form": pl.String,
    "raw_file": pl.String,
    "sha256": pl.String,
    "sidecar_sha256": pl.String,  # change detection: a changed mapping is a changed input
    "duplicate_of": pl.String,
    "vintage": pl.Date,
    "vintage_basis": pl.String,
    "release_date": pl.Date,
    "retrieved": pl.Date,
    "producer": pl.String,
    "title": pl.String,
    "citation": pl.String,
    "unit": pl.String,
    "reference_period": pl.String,
    "code_system": pl.String,
    "series": pl.String,
    "preliminary_periods": pl.List(pl.String),
    "mapping": pl.String,
    "expected_cells_per_period": pl.Int64,
    "restatement": pl.String,
}


def release_conflicts(sidecars: list[Sidecar]) -> dict[str, InputProblem]:
    """Files claiming a release another file (earlier in the archive's order) holds with
    different contents: two different files for the same source and release date (department
    reports excepted: their vintages are the report dates of their rows)."""
    release_owner: dict[tuple[str, object], Sidecar] = {}
    problems = {}
    for side in sidecars:
        vintage, _ = side.publication
        # a department sends several reports on one day; each row carries its own report date
        key = (side.raw_file if side.domain in PER_FILE_DOMAINS else side.source_id, vintage)
        owner = release_owner.setdefault(key, side)
        if owner.sha256 != side.sha256:
            problems[side.raw_file] = InputProblem(
                side.raw_file,
                f"claims release {vintage} of {side.source_id}, already "
                f"held by {owner.raw_file} with different contents; give the new file its own "
                "release date, or remove the wrong one",
            )
    return problems


def _row(side: Sidecar, duplicate_of: str) -> dict:
    vintage, basis = side.publication
    return {
        "source_id": side.source_id,
        "domain": side.domain,
        "form": side.form,
        "raw_file": side.raw_file,
        "sha256": side.sha256,
        "sidecar_sha256": file_sha256(sidecar_path(side.path)),
        "duplicate_of": None if duplicate_of == side.raw_file else duplicate_of,
        "vintage": vintage,
        "vintage_basis": basis,
        "release_date": side.release_date,
        "retrieved": side.retrieved,
        "producer": side.producer,
        "title": side.title,
        "citation": json.dumps(side.citation, ensure_ascii=False, default=str),
        "unit": side.unit,
        "reference_period": side.reference_period,
        "code_system": side.code_system,
        "series": side.series,
        "preliminary_periods": list(side.preliminary_periods),
        "mapping": json.dumps(side.mapping, ensure_ascii=False),
        "expected_cells_per_period": side.expected_cells_per_period,
        "restatement": side.restatement,
    }


def register_each(sidecars: list[Sidecar]) -> tuple[pl.DataFrame, list[Unusable]]:
    """One row per file, and the files that claim a release already held (not registered).
    The same bytes archived twice are one release (the copy is marked)."""
    conflicts = release_conflicts(sidecars)
    first_by_sha: dict[str, str] = {}
    rows = []
    for side in sidecars:
        if side.raw_file in conflicts:
            continue
        rows.append(_row(side, first_by_sha.setdefault(side.sha256, side.raw_file)))
    held = [
        Unusable(s.raw_file, s.source_id, s.domain, (conflicts[s.raw_file],))
        for s in sidecars
        if s.raw_file in conflicts
    ]
    return pl.DataFrame(rows, schema=SOURCE_FILE_SCHEMA), held


def register(sidecars: list[Sidecar]) -> pl.DataFrame:
    """register_each, refusing the archive when a file claims a release already held."""
    frame, held = register_each(sidecars)
    if held:
        raise InputError([p for file in held for p in file.problems])
    return frame


def _as_published(file: Unusable, known: dict[str, tuple[str, str]]) -> Unusable:
    """The file with the source and domain the published release registered it under, when
    that is all that tells what it feeds (its sidecar gone, unreadable or naming no domain)."""
    if file.raw_file not in known or (file.domain is not None and file.source_id is not None):
        return file
    source_id, domain = known[file.raw_file]
    return Unusable(file.raw_file, file.source_id or source_id, domain, file.problems)


def late_releases(
    sidecars: list[Sidecar], published: set[str], newest: dict[str, tuple[dt.date, str]]
) -> list[Unusable]:
    """New files claiming a release older than one of their source already published: a late
    copy of an old release would change what the warehouse said it knew on past dates. A
    sidecar that declares `backfill: <reason>` (a past release never archived) is taken."""
    late = []
    for side in sidecars:
        if side.raw_file in published or side.backfill or side.source_id not in newest:
            continue
        vintage, _ = side.publication
        held, file = newest[side.source_id]
        if vintage < held:
            problem = InputProblem(
                f"{side.raw_file}{SIDECAR_SUFFIX}",
                f"release {vintage} of {side.source_id} is older than release {held} the "
                f"warehouse already holds ({file}): a late copy of an old release would change "
                "what was known on past dates; if it really is a past release never archived, "
                "declare `backfill: <reason>` in its sidecar",
            )
            late.append(Unusable(side.raw_file, side.source_id, side.domain, (problem,)))
    return late


def hold_back_unusable(unusable: list[Unusable], found_by: str) -> pl.DataFrame:
    """checks.held_back rows (without held_since) for files that cannot be registered; refuses
    the night when one feeds a table that cannot wait alone (sti/ingest/held_back.py)."""
    stopping = [p for file in unusable if not can_hold(file.domain) for p in file.problems]
    if stopping:
        raise InputError(stopping)
    rows = [
        row
        for file in unusable
        for row in held_rows(file.problems, file.raw_file, file.source_id, file.domain, found_by)
    ]
    return pl.DataFrame(
        rows, schema={k: v for k, v in HELD_BACK_SCHEMA.items() if k != "held_since"}
    )


@dg.asset(
    key=["raw", "source_files"],
    deps=[["raw", "kosis_refresh"]],  # what the refresh archived is registered with the rest
    group_name="raw",
    compute_kind="python",
)
def source_files(warehouse: WarehouseResource, archive: RawArchiveResource) -> dg.MaterializeResult:
    """Every file in data/raw/ with its provenance; checksums verified against the sidecars. A
    file that cannot be registered is held back (checks.held_back) when its source can wait
    alone; otherwise the night stops on it."""
    found, unusable = discover_each(archive.root_path)
    previous = warehouse.previous_release()
    release = previous.path if previous else None
    with warehouse.get_connection() as conn:
        late = late_releases(found, *published_releases(conn, release))
        late_files = {file.raw_file for file in late}
        frame, conflicting = register_each([s for s in found if s.raw_file not in late_files])
        known = published_sources(conn, release, [u.raw_file for u in unusable])
        unusable = [_as_published(u, known) for u in unusable]
        held = hold_back_unusable(unusable + late + conflicting, FOUND_BY)
        replace_table(conn, "raw.source_files", frame)
        since = held_before(conn, release)
        write_held_back(conn, FOUND_BY, dated(held.to_dicts(), since, dt.date.today()))
        shown = table_metadata(conn, "raw.source_files")
    return dg.MaterializeResult(
        metadata={
            **shown,
            "files": frame.height,
            "sources": frame["source_id"].n_unique(),
            "held_back_files": dg.MetadataValue.json(sorted(set(held["source_file"]))),
        }
    )
