"""exports/catalog: the data dictionary of the published release, in data/marts/catalog/."""

import dagster as dg

from sti.db.sql_door import connect_read_only
from sti.operations.resources import WarehouseResource
from sti.reports.dictionary import write_catalog
from sti.warehouse.parquet_export import exported_rows, release_entry


@dg.asset(
    key=["exports", "catalog"],
    # after the Parquet export: its manifest has counted every table of this release
    deps=[["published_warehouse"], ["exports", "parquet"]],
    group_name="exports",
)
def catalog(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every table, column, indicator and KPI of the release, as Markdown and HTML."""
    published = warehouse.published_path
    counted = exported_rows(published.parent / "parquet", release_entry(warehouse.store.current()))
    with connect_read_only(published) as conn:
        files = write_catalog(conn, published.parent / "catalog", str(published), counted)
    warehouse.record_export("exports/catalog", published.parent / "catalog")
    return dg.MaterializeResult(
        metadata={"files": [str(f) for f in files], "rows_from_parquet_manifest": len(counted)}
    )
