"""A grain assertion for every mart: not empty, one row per declared key, run in DuckDB.

The richer suites (gx_suites.py) test meaning with Great Expectations on frames of bounded
size; this one guards the grain every analyst's join relies on, on tables of any size: a
`group by` inside DuckDB (2-3 s on 10 million rows, where pulling the rows into pandas for GX
took 35 s and 17 GB, issue 12). A duplicated key means a mart's SQL fanned out, so the check
blocks publication.
"""

import dagster as dg
import duckdb

from sti.operations.resources import WarehouseResource

# How many repeated keys a failing check prints.
SHOWN_DUPLICATES = 5

# asset key (marts/<table>) -> the table whose grain is checked and its key columns
MART_KEYS: dict[str, tuple[str, list[str]]] = {
    "grdp_summary": ("marts.grdp_summary", ["region_id", "year", "series"]),
    "dim_region": ("marts.dim_region", ["region_id"]),
    "dim_industry": ("marts.dim_industry", ["industry_code"]),
    "dim_indicator": ("marts.dim_indicator", ["indicator_id"]),
    "indicator_values": (
        "marts.indicator_values",
        # a press report and the release it reports, on the same day, are two values
        [
            "indicator_id",
            "region_id",
            "industry_code",
            "period",
            "series",
            "edition",
            "vintage",
            "tier",
        ],
    ),
    "series_overlaps": (
        "marts.series_overlaps",
        ["indicator_id", "region_id", "industry_code", "period", "series_a", "series_b"],
    ),
    "grdp_by_region": ("marts.grdp_by_region", ["region_id", "year", "series"]),
    "startups": ("marts.startups", ["region_id", "industry_code", "period", "series"]),
    "startups_annual": ("marts.startups_annual", ["region_id", "industry_code", "year", "series"]),
    "rnd": ("marts.rnd", ["region_id", "year"]),
    "rnd_by_region": ("marts.rnd_by_region", ["region_id", "year"]),
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
    "dim_status_label": ("marts.dim_status_label", ["vocabulary", "code"]),
    "action_progress": (
        "marts.action_progress",
        ["year", "subtask_code", "action_no", "department_ko", "is_newest"],
    ),
    "next_year_plan": (
        "marts.next_year_plan",
        ["plan_year", "subtask_code", "action_no", "action_name_ko", "department_ko"],
    ),
    "budget_requests": (
        "marts.budget_requests",
        ["for_year", "subtask_code", "department_ko", "funding_source"],
    ),
    "task_investment": ("marts.task_investment", ["task_code", "period"]),
    "subtask_progress": ("marts.subtask_progress", ["year", "subtask_code"]),
    "reporting_completeness": ("marts.reporting_completeness", ["department_ko", "year"]),
    "subtask_indicators": (
        "marts.subtask_indicators",
        ["subtask_code", "indicator_name_ko", "source_file"],
    ),
    "subtask_indicator_progress": (
        "marts.subtask_indicator_progress",
        ["subtask_code", "indicator_name_ko", "year"],
    ),
}
# Marts that are empty until something is received: no department has reported yet.
MAY_BE_EMPTY = {
    "department_reports",
    "action_progress",
    "next_year_plan",
    "budget_requests",
    "subtask_indicators",
    "subtask_indicator_progress",
}


def grain_problems(
    conn: duckdb.DuckDBPyConnection, table: str, key: list[str], may_be_empty: bool = False
) -> tuple[int, list[str]]:
    """(rows, problems) of a table whose rows must be unique on `key`. Identifiers come from
    MART_KEYS (code, not input); null key values count as equal, as in a join on the key.

    Keys are first grouped by their hash, one number per row, and only rows whose hash repeats
    are grouped by the key itself: grouping 10 million rows of marts.indicator_values (a view)
    on its seven text columns ran out of memory under the 1 GB cap (2026-11-24)."""
    columns = ", ".join(key)
    rows = conn.execute(f"select count(*) from {table}").fetchone()[0]  # type: ignore[index]
    repeated = conn.execute(
        f"""
        with repeated_hashes as (
            select hash({columns}) as h from {table} group by h having count(*) > 1
        ),
        repeated_keys as (
            select {columns}, count(*) as n from {table}
            where hash({columns}) in (select h from repeated_hashes)
            group by all having n > 1
        )
        select *, count(*) over () as total from repeated_keys
        order by n desc, {columns} limit ?
        """,
        [SHOWN_DUPLICATES],
    ).fetchall()
    problems = []
    if rows == 0 and not may_be_empty:
        problems.append(f"{table} is empty: the SQL behind it found nothing to build from")
    if repeated:
        problems.append(
            f"{repeated[0][-1]} key(s) of {table} have more than one row on ({columns}); the SQL fans "
            "out (a join matched several rows). First ones: "
            + "; ".join(f"{row[:-2]} x{row[-2]}" for row in repeated)
        )
    return rows, problems


def _key_check(asset: str, table: str, key: list[str]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["marts", asset]),
        name="grain",
        blocking=True,
        description=f"{table} is not empty and has one row per ({', '.join(key)})",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            rows, problems = grain_problems(conn, table, key, asset in MAY_BE_EMPTY)
        return dg.AssetCheckResult(
            passed=not problems,
            severity=dg.AssetCheckSeverity.ERROR,
            description="\n".join(problems) or f"{rows} rows, one per ({', '.join(key)})",
            metadata={"rows": rows},
        )

    return _check


grain_checks = [_key_check(asset, table, key) for asset, (table, key) in MART_KEYS.items()]
