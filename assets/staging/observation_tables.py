"""Staging observation tables: one per domain, each guarded by a blocking pandera check.

Every domain's staging table has the same shape (sti.ingest.observations.OBSERVATION_SCHEMA) and the
same pandera model; a factory builds the asset and its check so that adding a domain is one line.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.enum_columns import enum_types, retype
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import attach_read_only, checked_table, has_table, replace_table
from sti.errors import InputProblem
from sti.ingest.cell_storage import LABEL_SETS_TABLE
from sti.ingest.held_back import dated, held_before, held_files, held_rows, write_held_back
from sti.ingest.observation_model import foreign_indicators, validate_observation_table
from sti.ingest.observations import (
    CELLS_VIEW,
    FACT_ENUM_COLUMNS,
    LABEL_SETS_VIEW,
    OBSERVATION_ENUM_COLUMNS,
    OBSERVATION_SCHEMA,
    PERIOD_HEADERS_VIEW,
    forget_facts,
    observation_rows,
    register_facts,
    type_facts,
)
from sti.ingest.provenance import STATISTICAL_FORMS
from sti.ingest.readers.cell_values import STATUSES
from sti.ingest.revision_gate import staged_revisions
from sti.operations.resources import WarehouseResource
from sti.reference.indicators import catalogue_domains
from sti.warehouse.change_detection import RAW_DOMAINS_KEY, VALUE_DOMAIN_KEY

# The columns of the files being staged (sql/staging/observation_columns.sql).
STAGE_COLUMNS_VIEW = "_stage_columns"
# Where the values of the ENUM columns come from besides the fact columns handed over as they
# are (FACT_ENUM_COLUMNS): relation -> {its column: observation column}. The statuses
# sql/staging/observations.sql writes itself are among STATUSES.
_OTHER_VALUE_SOURCES = {
    "temp._obs_values": {"status": "status"},
    "temp._obs_files": {"raw_file": "source_file"},
    STAGE_COLUMNS_VIEW: {"source_column": "source_column"},
}


def value_sets(conn: duckdb.DuckDBPyConnection) -> dict[str, list[str | None]]:
    """Every value each ENUM column of the staging table can take (OBSERVATION_ENUM_COLUMNS):
    the values of the relations its rows take them from, once the facts are registered."""
    found: dict[str, list[str | None]] = {column: [] for column in OBSERVATION_ENUM_COLUMNS}
    found["status"] += STATUSES
    facts = {f"temp.{table}": columns for table, columns in FACT_ENUM_COLUMNS.items()}
    for relation, columns in (*facts.items(), *_OTHER_VALUE_SOURCES.items()):
        for column, observation_column in columns.items():
            values = conn.execute(f"select distinct {column} from {relation}").fetchall()
            found[observation_column] += [value for (value,) in values]
    return found


def stage_observations(conn: duckdb.DuckDBPyConnection, files: pl.DataFrame, table: str) -> int:
    """Replace `table` with the observations of `files` (raw.source_files rows), read from
    the stored raw cells in one statement: DuckDB streams the cells through the joins, so memory
    does not grow with the number of cells. Its text columns of few values are ENUMs
    (sti/db/enum_columns.py: written in a third of the time)."""
    table = checked_table(table)
    replace_table(conn, table, pl.DataFrame(schema=OBSERVATION_SCHEMA))
    conn.register("_stage_files", files.select("raw_file"))
    try:
        conn.execute(
            f"create or replace temp view {STAGE_COLUMNS_VIEW} as "
            + load_sql("staging", "observation_columns")
        )
        conn.execute(
            f"create or replace temp view {CELLS_VIEW} as "
            + load_sql("staging", "observation_cells")
        )
        conn.execute(
            f"create or replace temp view {LABEL_SETS_VIEW} as "
            f"select l.* from {LABEL_SETS_TABLE} as l "
            "semi join _stage_files as f on f.raw_file = l.source_file"
        )
        conn.execute(
            f"create or replace temp view {PERIOD_HEADERS_VIEW} as "
            f"select distinct source_file, period_label from {STAGE_COLUMNS_VIEW}"
        )
        register_facts(conn, files)
        columns = ", ".join(OBSERVATION_SCHEMA)
        with enum_types(conn, table, value_sets(conn)) as types:
            retype(conn, table, types)
            type_facts(conn, types)
            observation_rows(conn, f"insert into {table} select {columns} from ({{rows}})")
    finally:
        forget_facts(conn)
        conn.execute(f"drop view if exists {STAGE_COLUMNS_VIEW}")
        conn.unregister("_stage_files")
    count = conn.execute(f"select count(*) from {table}").fetchone()
    return count[0] if count else 0


def keep_published(conn: duckdb.DuckDBPyConnection, release: Path | None, table: str) -> bool:
    """Replace `table` with the published release's copy; False when there is none (the first
    night, or a release built before the table existed)."""
    if release is None or not release.exists():
        return False
    attach_read_only(conn, str(release), _PUBLISHED)
    try:
        if not has_table(conn, table, _PUBLISHED):
            return False
        conn.execute(f"create or replace table {table} as select * from {_PUBLISHED}.{table}")
        return True
    finally:
        conn.execute(f"detach {_PUBLISHED}")


@dataclass(frozen=True)
class Staged:
    """What staging one domain came to: the rows of the table kept, the files held back by
    the steps before (raw) and by this one, and the problems left that no file can carry."""

    rows: int
    held_before: dict[str, str]
    held_here: dict[str, list[InputProblem]]
    unplaced: list[InputProblem]
    kept_published: bool


def _by_file(problems: list[InputProblem], files: set[str]) -> tuple[dict, list]:
    placed: dict[str, list[InputProblem]] = {}
    unplaced = []
    for problem in problems:
        if problem.file in files:
            placed.setdefault(problem.file, []).append(problem)
        else:
            unplaced.append(problem)
    return placed, unplaced


def _loading_nothing(
    conn: duckdb.DuckDBPyConnection, table: str, files: pl.DataFrame
) -> list[InputProblem]:
    """A statistical file whose sidecar maps none of its cells: an error, not an empty source."""
    loaded = {f for (f,) in conn.execute(f"select distinct source_file from {table}").fetchall()}
    return [
        InputProblem(
            row["raw_file"],
            f"its sidecar (domain {row['domain']!r}, source {row['source_id']}) loads 0 "
            "observations from a non-empty file; check the sidecar's domain and mapping",
        )
        for row in files.iter_rows(named=True)
        if row["form"] in STATISTICAL_FORMS and row["raw_file"] not in loaded
    ]


def _validated(
    conn: duckdb.DuckDBPyConnection, table: str, files: pl.DataFrame
) -> list[InputProblem]:
    """Files that load nothing, cells of another domain's indicators, the pandera Observation
    model and key, then (on a clean table) the revision rule."""
    problems, _ = validate_observation_table(conn, table)
    domain = table.split(".")[1]
    if domain in catalogue_domains():
        problems = foreign_indicators(conn, table, domain) + problems
    problems = _loading_nothing(conn, table, files) + problems
    return problems or staged_revisions(conn, table)


def stage_domain(
    conn: duckdb.DuckDBPyConnection, domain: str, release: Path | None, found_by: str
) -> Staged:
    """Stage the domain's files not held back already; a file that breaks the model or the
    revision rule is held back too. With any file held back, the domain keeps the published
    release's table whole, so nothing downstream mixes old and new; on the first night, with
    none published, it is built from the files that pass."""
    table = f"staging.{domain}"
    earlier = held_files(conn, domain, not_found_by=found_by)
    files = conn.execute(
        "select * from raw.source_files where domain = ? and duplicate_of is null "
        "order by raw_file",
        [domain],
    ).pl()
    files = files.filter(~pl.col("raw_file").is_in(list(earlier)))
    rows = stage_observations(conn, files, table)
    held_here, unplaced = _by_file(_validated(conn, table, files), set(files["raw_file"]))
    if unplaced or not (earlier or held_here):
        return Staged(rows, earlier, held_here, unplaced, False)
    if keep_published(conn, release, table):
        staged_revisions(conn, table)  # what the published table holds, kept beside it again
        return Staged(_count(conn, table), earlier, held_here, [], True)
    taken = files.filter(~pl.col("raw_file").is_in(list(held_here)))
    rows = stage_observations(conn, taken, table)
    return Staged(rows, earlier, held_here, _validated(conn, table, taken), False)


def _count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    found = conn.execute(f"select count(*) from {checked_table(table)}").fetchone()
    return found[0] if found else 0


def _model_result(staged: Staged, table: str) -> dg.AssetCheckResult:
    held = len({*staged.held_before, *staged.held_here})
    kept = "the published table kept" if staged.kept_published else "built without them"
    return problems_result(
        staged.unplaced,
        table,
        staged.rows,
        "the pandera Observation model and the revision rule",
        check_name=MODEL_CHECK,
        note=f"; {held} file(s) held back, {kept}" if held else "",
    )


def _held_result(staged: Staged, table: str) -> dg.AssetCheckResult:
    lines = [f"{file}: {rule}" for file, rule in sorted(staged.held_before.items())] + [
        f"{p}" for problems in staged.held_here.values() for p in problems[:MAX_LISTED]
    ]
    if not lines:
        return dg.AssetCheckResult(
            check_name=HELD_CHECK, passed=True, description="every received file was taken"
        )
    kept = (
        "the published table is kept until they are fixed"
        if staged.kept_published
        else "the table was built without them"
    )
    files = len({*staged.held_before, *staged.held_here})
    return dg.AssetCheckResult(
        check_name=HELD_CHECK,
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{files} file(s) of {table} held back (checks.held_back); {kept}:\n"
        + "\n".join(lines[:MAX_LISTED]),
        metadata={"held_back_files": files},
    )


def observation_staging(domain: str, description: str) -> dg.AssetsDefinition:
    """The staging asset `staging.<domain>` with its blocking pandera check (run inside it:
    a file that breaks the model is held back before the table is accepted) and a warning
    check that no file is held back."""
    key = dg.AssetKey(["staging", domain])
    table = f"staging.{domain}"
    found_by = table

    @dg.asset(
        key=key,
        deps=[["raw", "table_cells"]],
        # its files, and the region and industry references its labels resolve against
        metadata={
            RAW_DOMAINS_KEY: f"{domain},reference",
            # a catalogue domain's table holds only its indicators (foreign_indicators)
            **({VALUE_DOMAIN_KEY: domain} if domain in catalogue_domains() else {}),
        },
        group_name="staging",
        compute_kind="python",
        description=description,
        check_specs=[
            dg.AssetCheckSpec(
                MODEL_CHECK,
                asset=key,
                blocking=True,
                description=f"pandera Observation model on {table}: types, markers, units, "
                "ranges, keys; and no undeclared revision beyond tolerance. A file that breaks "
                "them is held back (the published table kept); the check fails on the rest",
            ),
            dg.AssetCheckSpec(
                HELD_CHECK,
                asset=key,
                blocking=False,
                description=f"No file of {table} is held back (checks.held_back names file, "
                "row, column, rule and since when); fix or replace it and the next night takes it",
            ),
        ],
    )
    def _staging(warehouse: WarehouseResource) -> dg.MaterializeResult:
        previous = warehouse.previous_release()
        release = previous.path if previous else None
        with warehouse.get_connection() as conn:
            staged = stage_domain(conn, domain, release, found_by)
            rows = [
                row
                for file, problems in staged.held_here.items()
                for row in held_rows(problems, file, _source_of(conn, file), domain, found_by)
            ]
            since = held_before(conn, release)
            write_held_back(conn, found_by, dated(rows, since, dt.date.today()))
            shown = table_metadata(conn, table)
        return dg.MaterializeResult(
            metadata={
                **shown,
                "rows": staged.rows,
                "held_back_files": dg.MetadataValue.json(
                    sorted({*staged.held_before, *staged.held_here})
                ),
            },
            check_results=[
                _model_result(staged, table),
                _held_result(staged, table),
            ],
        )

    return _staging


def _source_of(conn: duckdb.DuckDBPyConnection, file: str) -> str | None:
    found = conn.execute(
        "select source_id from raw.source_files where raw_file = ?", [file]
    ).fetchone()
    return found[0] if found else None


MODEL_CHECK = "pandera_observation_model"
HELD_CHECK = "no_file_held_back"
MAX_LISTED = 30
_PUBLISHED = "staging_published"
