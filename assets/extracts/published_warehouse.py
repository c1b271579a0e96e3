"""published_warehouse: turn this run's build into a release; the last step of every run.

It depends on every mart and check, so a blocking check that fails anywhere upstream skips it
and the published release stays exactly as it was (see sti/operations/resources.py and sti/warehouse/releases.py).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import dagster as dg

from assets.fingerprint_inputs import asset_inputs
from sti.operations.resources import WarehouseResource
from sti.warehouse.change_detection import (
    code_fingerprint,
    fingerprints,
    recorded_state,
    write_recorded,
)
from sti.warehouse.coverage import build_coverage
from sti.warehouse.table_docs import apply_comments


def build_published_warehouse(
    upstream: list[dg.AssetKey], asset_graph: Callable[[], Any]
) -> dg.AssetsDefinition:
    """The publish asset, depending on every asset in `upstream` (all marts and extracts).
    `asset_graph` returns the whole asset graph, for the fingerprints the release records
    (in-process runs have no repository on their context to ask)."""

    @dg.asset(
        key=["published_warehouse"], deps=upstream, group_name="publish", compute_kind="duckdb"
    )
    def published_warehouse(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        """The DuckDB release analysts query, switched in atomically once every mart is checked."""
        with warehouse.get_connection() as conn:
            conn.execute("create schema if not exists meta")
            conn.execute(
                "create or replace table meta.build_info as "
                "select cast(? as varchar) as run_id, cast(? as timestamp) as published_at",
                [context.run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
            # what this release was built from, for the next run's plan (sti/warehouse/change_detection.py)
            inputs = asset_inputs(asset_graph())
            write_recorded(
                conn,
                inputs,
                fingerprints(inputs, recorded_state(conn), code_fingerprint(), warehouse.run_date),
            )
            comments = apply_comments(conn)
            coverage = build_coverage(conn)
        release = warehouse.publish(coverage)
        return dg.MaterializeResult(
            metadata={
                "path": str(warehouse.published_path),
                "release": release.name,
                "sha256": release.sha256,
                "column_comments": comments,
            }
        )

    return published_warehouse
