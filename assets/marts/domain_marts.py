"""Domain marts built on marts.indicator_values: GRDP by region, startups, R&D, workforce.

Each is one SQL file in sql/marts/ named after its table; this module only runs them in order.
"""

import dagster as dg

from pipelines.resources import WarehouseResource
from sti.sql_files import load_sql
from sti.units import MILLION_KRW_PER_HUNDRED_MILLION
from sti.warehouse_tables import run_sql_table

BASE_DEPS = [
    ["marts", "indicator_values"],
    ["marts", "dim_region"],
    ["marts", "dim_indicator"],
    ["marts", "dim_industry"],
]
# 100억원 = 100 x 1억원 = 10,000 백만원: the unit of "outputs per 100억원 of investment"
PER_HUNDRED_HUNDRED_MILLION = 100 * MILLION_KRW_PER_HUNDRED_MILLION


def _sql_mart(
    table: str, description: str, deps: list, params: dict | None = None
) -> dg.AssetsDefinition:
    @dg.asset(
        key=["marts", table],
        deps=deps,
        group_name="marts",
        compute_kind="duckdb",
        description=description,
    )
    def _mart(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get_connection() as conn:
            rows = run_sql_table(conn, f"marts.{table}", load_sql("marts", table), params)
        return dg.MaterializeResult(metadata={"rows": rows})

    return _mart


grdp_by_region = _sql_mart(
    "grdp_by_region",
    "GRDP of every 시도 by year and base-year series, with shares and ranks.",
    BASE_DEPS,
)
startups = _sql_mart(
    "startups",
    "Startups by region, industry and period; suppressed cells flagged and totalled.",
    BASE_DEPS,
)
startups_annual = _sql_mart(
    "startups_annual",
    "Monthly startups summed to years, with suppressed months counted.",
    [["marts", "startups"]],
)
rnd = _sql_mart(
    "rnd",
    "R&D investment by source and outputs by region and year.",
    BASE_DEPS,
    {"per_hundred_hundred_million": PER_HUNDRED_HUNDRED_MILLION},
)
workforce = _sql_mart(
    "workforce", "Population, labour force, youth and migration by region and year.", BASE_DEPS
)
