"""published_warehouse: swap this run's build into place; the last step of every run.

It depends on every mart, so a blocking check that fails anywhere upstream skips it and the
published file stays exactly as it was (see pipelines/resources.py).
"""

import datetime as dt

import dagster as dg

from pipelines.resources import WarehouseResource
from sti.provenance import file_sha256


def build_published_warehouse(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publish asset, depending on every asset in `upstream` (all marts and extracts)."""

    @dg.asset(
        key=["published_warehouse"], deps=upstream, group_name="publish", compute_kind="duckdb"
    )
    def published_warehouse(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        """The DuckDB file analysts query, replaced atomically once every mart is built and checked."""
        with warehouse.get_connection() as conn:
            conn.execute("create schema if not exists meta")
            conn.execute(
                "create or replace table meta.build_info as "
                "select cast(? as varchar) as run_id, cast(? as timestamp) as published_at",
                [context.run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
            )
        path = warehouse.publish()
        return dg.MaterializeResult(metadata={"path": str(path), "sha256": file_sha256(path)})

    return published_warehouse
