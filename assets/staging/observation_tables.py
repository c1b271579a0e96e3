"""Staging observation tables: one per domain, each guarded by a blocking pandera check.

Every domain's staging table has the same shape (sti.observations.OBSERVATION_SCHEMA) and the
same pandera model; a factory builds the asset and its check so that adding a domain is one line.
"""

import json

import dagster as dg
import polars as pl

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.change_detection import RAW_DOMAINS_KEY
from sti.observation_model import validate_observation_table
from sti.observations import OBSERVATION_SCHEMA, observations_from_cells
from sti.resources import WarehouseResource
from sti.warehouse_tables import append_frame, replace_table


def build_observations(files: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """Observations of every file in `files` (raw.source_files rows) from their cells."""
    frames = [pl.DataFrame(schema=OBSERVATION_SCHEMA)]
    by_file = cells.partition_by("source_file", as_dict=True, include_key=True)
    for source in files.iter_rows(named=True):
        source = {**source, "mapping": json.loads(source["mapping"] or "{}")}
        file_cells = by_file.get((source["raw_file"],), cells.clear())
        frames.append(observations_from_cells(file_cells, source))
    return pl.concat(frames, how="vertical")


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
            replace_table(conn, table, pl.DataFrame(schema=OBSERVATION_SCHEMA))
            rows = 0
            for index in range(files.height):  # one file's cells in memory at a time
                source = files.slice(index, 1)
                cells = conn.execute(
                    "select * from raw.table_cells where source_file = ?", [source["raw_file"][0]]
                ).pl()
                rows += append_frame(conn, table, build_observations(source, cells))
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
