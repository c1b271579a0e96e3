"""The asset that builds one mart from its SQL file, `sql/marts/<table>.sql`."""

from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import duckdb

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.operations.resources import WarehouseResource
from sti.warehouse.change_detection import SPLIT_KEY, VALUE_DOMAINS_KEY


@dataclass(frozen=True)
class SqlMart:
    """How `marts.<table>` is made: its SQL file with bound `params`, after the table macros
    it reads (`sql/marts/<macro>.sql`, each a `create or replace macro`)."""

    table: str
    params: dict[str, Any] = field(default_factory=dict)
    macros: tuple[str, ...] = ()

    def build(self, conn: duckdb.DuckDBPyConnection) -> int:
        for macro in self.macros:
            conn.execute(load_sql("marts", macro))
        return run_sql_table(
            conn, f"marts.{self.table}", load_sql("marts", self.table), self.params
        )


# Every SQL mart by table, as its asset builds it (the value-domain test rebuilds them).
SQL_MARTS: dict[str, SqlMart] = {}


def sql_mart(
    table: str,
    deps: list[Any],
    description: str,
    params: dict[str, Any] | None = None,
    macros: tuple[str, ...] = (),
    value_domains: tuple[str, ...] = (),
    split: bool = False,
) -> dg.AssetsDefinition:
    """`marts.<table>` created or replaced from its SQL file. `value_domains`: the catalogue
    domains whose values it reads (sti/warehouse/change_detection.py; empty: all of them);
    `split`: its rows of a domain come from that domain's values only."""
    mart = SQL_MARTS[table] = SqlMart(table, params or {}, macros)
    metadata = {VALUE_DOMAINS_KEY: ",".join(value_domains)} if value_domains else {}
    if split:
        metadata[SPLIT_KEY] = "yes"

    @dg.asset(
        key=["marts", table],
        deps=deps,
        group_name="marts",
        compute_kind="duckdb",
        description=description,
        metadata=metadata,
    )
    def _mart(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get_connection() as conn:
            rows = mart.build(conn)
            shown = table_metadata(conn, f"marts.{table}")
        return dg.MaterializeResult(metadata={**shown, "rows": rows})

    return _mart
