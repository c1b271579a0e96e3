"""exports/parquet: every published table as Parquet in data/marts/parquet/."""

import dagster as dg

from sti.db.sql_door import connect_read_only
from sti.operations.resources import WarehouseResource
from sti.warehouse.parquet_export import building_folder, export_parquet, release_entry


@dg.asset(key=["exports", "parquet"], deps=[["published_warehouse"]], group_name="exports")
def parquet(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One Parquet file per mart, check and view, with the same descriptions as metadata; a
    table unchanged since the last export keeps its file (`written` lists those written)."""
    published = warehouse.published_path
    # configuration open: the export resets the memory limit after each table (sti/duckdb_cache)
    out_dir = published.parent / "parquet"
    with connect_read_only(
        published, warehouse.memory_limit, locked=False, writes_to=building_folder(out_dir)
    ) as conn:
        manifest = export_parquet(
            conn,
            out_dir,
            release_entry(warehouse.store.current()),
            warehouse.memory_limit,
        )
    warehouse.record_export("exports/parquet", out_dir)
    return dg.MaterializeResult(
        metadata={
            "path": str(out_dir),
            "tables": len(manifest["tables"]),
            "dagster/row_count": sum(t["rows"] for t in manifest["tables"]),
            "written": manifest["written"],
            "kept": len(manifest["kept"]),
        }
    )
