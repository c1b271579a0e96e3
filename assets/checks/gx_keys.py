"""A Great Expectations key suite for every mart: not empty, one row per declared key.

The richer suites (gx_suites.py) test meaning; this one guards the grain every analyst's join
relies on. A duplicated key means a mart's SQL fanned out, so the check blocks publication.
"""

import dagster as dg

from assets.checks.gx_suites import _result
from sti.gx_validation import expectations, validate
from sti.resources import WarehouseResource

# asset key (marts/<table>) -> the table whose grain is checked and its key columns
MART_KEYS: dict[str, tuple[str, list[str]]] = {
    "grdp_summary": ("marts.grdp_summary", ["region_id", "year", "series"]),
    "dim_region": ("marts.dim_region", ["region_id"]),
    "dim_industry": ("marts.dim_industry", ["industry_code"]),
    "dim_indicator": ("marts.dim_indicator", ["indicator_id"]),
    "indicator_values": (
        "marts.indicator_values",
        ["indicator_id", "region_id", "industry_code", "period", "series", "edition", "vintage"],
    ),
    "series_overlaps": (
        "marts.series_overlaps",
        ["indicator_id", "region_id", "industry_code", "period", "series_a", "series_b"],
    ),
    "grdp_by_region": ("marts.grdp_by_region", ["region_id", "year", "series"]),
    "startups": ("marts.startups", ["region_id", "industry_code", "period", "series"]),
    "startups_annual": ("marts.startups_annual", ["region_id", "industry_code", "year", "series"]),
    "rnd": ("marts.rnd", ["region_id", "year"]),
    "workforce": ("marts.workforce", ["region_id", "year", "indicator_id", "series"]),
    "plan_subtask": ("marts.plan_subtask", ["subtask_code"]),
    "kpi_by_task": ("marts.kpi_by_task", ["task_code"]),
    "kpi_by_strategy": ("marts.kpi_by_strategy", ["strategy_code"]),
    "budget_execution": ("marts.budget_execution", ["task_code", "period", "funding_source"]),
    "rcostii": ("marts.rcostii", ["edition", "reference_year", "region_id", "component"]),
    "tech_industries": (
        "marts.tech_industries",
        ["indicator_id", "region_id", "year", "series", "method"],
    ),
    "kpi_sources": ("marts.kpi_sources", ["kpi_id"]),
    "department_reports": (
        "marts.department_reports",
        ["kpi_id", "year", "report_date", "status"],
    ),
}
# Marts that are empty until something is received: no department has reported yet.
MAY_BE_EMPTY = {"department_reports"}


def _key_check(asset: str, table: str, key: list[str]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["marts", asset]),
        name="gx_grain",
        blocking=True,
        description=f"GX: {table} is not empty and has one row per ({', '.join(key)})",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        gxe = expectations()
        with warehouse.get_connection() as conn:
            frame = conn.sql(f"select * from {table}").df()  # table names come from MART_KEYS above
        unique = (
            gxe.ExpectColumnValuesToBeUnique(column=key[0])
            if len(key) == 1
            else gxe.ExpectCompoundColumnsToBeUnique(column_list=key, ignore_row_if="never")
        )
        minimum = 0 if asset in MAY_BE_EMPTY else 1
        suite = [gxe.ExpectTableRowCountToBeBetween(min_value=minimum), unique]
        return _result(
            validate(f"{asset}_grain", frame, suite), f"{asset}_grain", dg.AssetCheckSeverity.ERROR
        )

    return _check


grain_checks = [_key_check(asset, table, key) for asset, (table, key) in MART_KEYS.items()]
