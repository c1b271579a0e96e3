"""Staging observation tables: one per domain, each guarded by a blocking pandera check.

Every domain's staging table has the same shape (sti.ingest.observations.OBSERVATION_SCHEMA) and the
same pandera model; a factory builds the asset and its check so that adding a domain is one line.
"""

import dagster as dg
import duckdb
import polars as pl

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.enum_columns import enum_types, retype
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import checked_table, replace_table
from sti.ingest.cell_storage import LABEL_SETS_TABLE
from sti.ingest.observation_model import validate_observation_table
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
from sti.ingest.readers.cell_values import STATUSES
from sti.operations.resources import WarehouseResource
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

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


def observation_staging(
    domain: str, description: str
) -> tuple[dg.AssetsDefinition, dg.AssetChecksDefinition]:
    """The staging asset `staging.<domain>` and its blocking pandera check."""
    key = dg.AssetKey(["staging", domain])
    table = f"staging.{domain}"

    @dg.asset(
        key=key,
        deps=[["raw", "table_cells"]],
        # its files, and the region and industry references its labels resolve against
        metadata={RAW_DOMAINS_KEY: f"{domain},reference"},
        group_name="staging",
        compute_kind="python",
        description=description,
    )
    def _staging(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get_connection() as conn:
            files = conn.execute(
                "select * from raw.source_files where domain = ? and duplicate_of is null order by raw_file",
                [domain],
            ).pl()
            rows = stage_observations(conn, files, table)
            shown = table_metadata(conn, table)
        return dg.MaterializeResult(metadata={**shown, "rows": rows, "files": files.height})

    @dg.asset_check(
        asset=key,
        name="pandera_observation_model",
        blocking=True,
        description=f"pandera Observation model on {table}: types, markers, units, ranges, keys",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            problems, rows = validate_observation_table(conn, table)
        return problems_result(problems, table, rows, "the pandera Observation model")

    return _staging, _check
