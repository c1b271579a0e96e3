"""exports/catalog: the data dictionary of the published release, in data/marts/catalog/."""

import dagster as dg

from sti.db.sql_door import connect_read_only
from sti.operations.resources import WarehouseResource
from sti.reports.dictionary import write_catalog


@dg.asset(key=["exports", "catalog"], deps=[["published_warehouse"]], group_name="exports")
def catalog(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every table, column, indicator and KPI of the release, as Markdown and HTML."""
    published = warehouse.published_path
    with connect_read_only(published) as conn:
        files = write_catalog(conn, published.parent / "catalog", str(published))
    warehouse.record_export("exports/catalog", published.parent / "catalog")
    return dg.MaterializeResult(metadata={"files": [str(f) for f in files]})
