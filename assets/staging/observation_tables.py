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
from sti.observation_model import validate_observations
from sti.observations import OBSERVATION_SCHEMA, observations_from_cells
from sti.resources import WarehouseResource
from sti.warehouse_tables import read_table, replace_table


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
            cells = conn.execute(  # only this domain's cells
                "select c.* from raw.table_cells as c "
                "join raw.source_files as f on f.raw_file = c.source_file "
                "where f.domain = ? and f.duplicate_of is null",
                [domain],
            ).pl()
            frame = build_observations(files, cells)
            replace_table(conn, table, frame)
            shown = table_metadata(conn, table)
        return dg.MaterializeResult(metadata={**shown, "rows": frame.height, "files": files.height})

    @dg.asset_check(
        asset=key,
        name="pandera_observation_model",
        blocking=True,
        description=f"pandera Observation model on {table}: types, markers, units, ranges, keys",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            frame = read_table(conn, table)
        return problems_result(
            validate_observations(frame, table),
            table,
            frame.height,
            "the pandera Observation model",
        )

    return _staging, _check
