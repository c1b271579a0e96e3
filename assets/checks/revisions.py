"""checks.revisions: values that moved too far between two releases of one source (blocking).

A new release that changes a number by more than its indicator's tolerance, or by a power of
ten, is far more often a mistake (a unit change, a number cut short, the wrong file) than a
revision. The run stops with both values, both files and the factor; a sidecar that declares
`restatement: <reason>` lets its release through, and the rows stay listed with that reason.
"""

import dagster as dg
import duckdb

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.operations.resources import WarehouseResource

KEY = dg.AssetKey(["checks", "revisions"])
# log10 distance from a whole power of ten within which a move is called a unit factor
# (x1000 +- 5 %: a ratio of 950-1050 reads as 천원 for 백만원).
UNIT_FACTOR_SLACK = 0.021
MAX_SHOWN = 20
BEYOND_TABLE = "_revisions_beyond"  # the temp table sql/checks/revisions.sql reads


def build_revisions(conn: duckdb.DuckDBPyConnection) -> int:
    """checks.revisions in two statements: the values beyond tolerance, found by a window over
    keys and values only (sql/checks/revisions_beyond.sql, a temp table), then where each came
    from (sql/checks/revisions.sql); the table's row count."""
    conn.execute(
        f"create or replace temp table {BEYOND_TABLE} as " + load_sql("checks", "revisions_beyond"),
        {"factor_slack": UNIT_FACTOR_SLACK},
    )
    try:
        return run_sql_table(conn, "checks.revisions", load_sql("checks", "revisions"))
    finally:
        conn.execute(f"drop table if exists {BEYOND_TABLE}")


@dg.asset(
    key=KEY,
    deps=[["marts", "indicator_values"], ["marts", "dim_indicator"], ["raw", "source_files"]],
    group_name="checks",
    compute_kind="duckdb",
)
def revisions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every value beyond its revision tolerance between consecutive releases of one source."""
    with warehouse.get_connection() as conn:
        rows = build_revisions(conn)
        shown = table_metadata(conn, "checks.revisions")
    return dg.MaterializeResult(metadata={**shown, "revisions_beyond_tolerance": rows})


def _line(row: tuple) -> str:
    (source, indicator, region, period, prev_file, prev, file, line, column, value, factor) = row
    factor_text = (
        f"; a factor of {factor:g}: likely a change of unit or a number cut short" if factor else ""
    )
    return (
        f"file {file}, row {line}, column {column!r}: {indicator} {region} {period} is {value:g} "
        f"where the previous release of {source} ({prev_file}) has {prev:g}{factor_text}"
    )


@dg.asset_check(
    asset=KEY,
    name="revisions_within_tolerance",
    blocking=True,
    description="A new release moves no value beyond its revision tolerance unless its sidecar declares a restatement",
)
def revisions_within_tolerance(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.execute(
            """
            select rev.source_id, rev.indicator_id, rev.region_id, rev.period, rev.previous_file,
                rev.previous_value, rev.source_file, rev.source_row, rev.source_column, rev.value,
                rev.unit_factor,
            from checks.revisions as rev
            where rev.restatement is null
            order by rev.source_file, rev.source_row
            """
        ).fetchall()
        declared = conn.execute(
            "select count(*) from checks.revisions where restatement is not null"
        ).fetchone()
    if not rows:
        return dg.AssetCheckResult(
            passed=True,
            description=f"no undeclared revision beyond tolerance ({declared[0] if declared else 0} declared restatements)",
        )
    shown = "\n".join(_line(row) for row in rows[:MAX_SHOWN])
    more = f"\n... and {len(rows) - MAX_SHOWN} more" if len(rows) > MAX_SHOWN else ""
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(rows)} value(s) moved beyond the revision tolerance between releases "
            "(rule: revision within the indicator's tolerance, sti/reference/indicators.py); if the new "
            "release really restates them, add `restatement: <reason>` to its sidecar:\n"
            f"{shown}{more}"
        ),
        metadata={"undeclared": len(rows)},
    )
