"""The asset that builds one mart from its SQL file, `sql/marts/<table>.sql`."""

from typing import Any

import dagster as dg

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.operations.resources import WarehouseResource


def sql_mart(
    table: str,
    deps: list[Any],
    description: str,
    params: dict[str, Any] | None = None,
    macros: tuple[str, ...] = (),
) -> dg.AssetsDefinition:
    """`marts.<table>` created or replaced from its SQL file with bound `params`, after the
    table macros it reads (`sql/marts/<macro>.sql`, each a `create or replace macro`)."""

    @dg.asset(
        key=["marts", table],
        deps=deps,
        group_name="marts",
        compute_kind="duckdb",
        description=description,
    )
    def _mart(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get_connection() as conn:
            for macro in macros:
                conn.execute(load_sql("marts", macro))
            rows = run_sql_table(conn, f"marts.{table}", load_sql("marts", table), params)
            shown = table_metadata(conn, f"marts.{table}")
        return dg.MaterializeResult(metadata={**shown, "rows": rows})

    return _mart
