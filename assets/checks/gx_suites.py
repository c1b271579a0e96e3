"""Great Expectations suites on the marts (sti/quality/mart_suites.py says what each expects), run as
asset checks: kpi_progress and region_comparison blocking, tech_industries not.

Each check reads the columns its suite uses (SUITE_COLUMNS) as Arrow and the GX process
validates them (sti/quality/gx_process.py).
"""

import dagster as dg

from sti.db.warehouse_tables import checked_table
from sti.operations.resources import WarehouseResource
from sti.quality.gx_validation import GxOutcome
from sti.quality.mart_suites import KPI_SUITE, REGION_SUITE, SUITE_COLUMNS, TECH_SUITE, run_suite
from sti.warehouse.coverage import declared_withdrawals, undeclared


def suite_rows_sql(suite: str, table: str) -> str:
    """The select of `table`'s rows for `suite`: only the columns it reads (code constants)."""
    return f"select {', '.join(SUITE_COLUMNS[suite])} from {checked_table(table)}"


def _result(outcome: GxOutcome, suite: str, severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=severity,
        description=(
            f"Great Expectations suite {suite}: {len(outcome.failures)} of {outcome.evaluated} expectations failed:\n"
            + "\n".join(outcome.failures)
        )
        if outcome.failures
        else f"Great Expectations suite {suite}: all {outcome.evaluated} expectations met",
        metadata={"evaluated": outcome.evaluated, "failed": len(outcome.failures)},
    )


def previous_kpi_years(warehouse: WarehouseResource) -> set[str]:
    """The KPI years of the published release, from its record (empty before the first one).

    Read from the release record, not the published file: a reader holding the file can never
    make this expectation skip itself."""
    release = warehouse.previous_release()
    if release is None:
        return set()
    kept = undeclared(release.coverage.get("kpi_years", []), declared_withdrawals())
    return {key.replace("|", ":") for key in kept}


@dg.asset_check(
    asset=dg.AssetKey(["marts", "kpi_progress"]),
    name="gx_kpi_progress",
    blocking=True,
    description="GX: baseline and target kinds present, documented statuses consistent with actuals, no lost KPI years",
)
def gx_kpi_progress(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.sql(suite_rows_sql(KPI_SUITE, "marts.kpi_progress")).to_arrow_table()
    outcome = run_suite(KPI_SUITE, rows, previous_kpi_years(warehouse))
    return _result(outcome, KPI_SUITE, dg.AssetCheckSeverity.ERROR)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "region_comparison"]),
    name="gx_region_comparison",
    blocking=True,
    description="GX: unique keys, ranks within the regions present, all 17 시도 where the source covers them, regions sum to the nation",
)
def gx_region_comparison(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.sql(suite_rows_sql(REGION_SUITE, "marts.region_comparison")).to_arrow_table()
    return _result(run_suite(REGION_SUITE, rows), REGION_SUITE, dg.AssetCheckSeverity.ERROR)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "tech_industries"]),
    name="gx_tech_industries",
    blocking=False,
    description="GX: tech-based shares within 0-100, section totals built from all seven sections (or none, naming the sections missing)",
)
def gx_tech_industries(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.sql(suite_rows_sql(TECH_SUITE, "marts.tech_industries")).to_arrow_table()
    return _result(run_suite(TECH_SUITE, rows), TECH_SUITE, dg.AssetCheckSeverity.WARN)


# The marts a Great Expectations suite checks: a run that builds one can import GX early.
GX_CHECKED_ASSETS = tuple(
    key.asset_key
    for check in (gx_kpi_progress, gx_region_comparison, gx_tech_industries)
    for key in check.check_keys
)
