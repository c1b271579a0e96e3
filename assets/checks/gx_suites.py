"""Great Expectations suites on the marts (sti/mart_suites.py says what each expects), run as
asset checks: kpi_progress and region_comparison blocking, tech_industries not.

Each check reads its mart as Arrow and the GX process validates it (sti/gx_process.py). The
mart's own step begins the validation as soon as the table exists (`begin_mart_suite`), so the
GX process works while the run goes on; the check takes that outcome when the rows it reads are
the rows validated, and validates again otherwise.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb
import pyarrow as pa

from sti.coverage import declared_withdrawals, undeclared
from sti.gx_validation import GxOutcome
from sti.mart_suites import KPI_SUITE, REGION_SUITE, TECH_SUITE, begin_suite, run_suite
from sti.resources import WarehouseResource


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


@dataclass(frozen=True)
class MartSuite:
    suite: str
    arguments: Callable[[WarehouseResource], tuple[Any, ...]]


MART_SUITES = {
    "kpi_progress": MartSuite(KPI_SUITE, lambda warehouse: (previous_kpi_years(warehouse),)),
    "region_comparison": MartSuite(REGION_SUITE, lambda warehouse: ()),
    "tech_industries": MartSuite(TECH_SUITE, lambda warehouse: ()),
}


def _mart_rows(conn: duckdb.DuckDBPyConnection, mart: str) -> pa.Table:
    if mart not in MART_SUITES:
        raise ValueError(f"no Great Expectations suite checks marts.{mart}")
    return conn.sql(f"select * from marts.{mart}").to_arrow_table()


def begin_mart_suite(
    conn: duckdb.DuckDBPyConnection, warehouse: WarehouseResource, mart: str
) -> None:
    """Begin the suite of `marts.<mart>` on the table as it is now (the mart's step, once built)."""
    spec = MART_SUITES[mart]
    begin_suite(spec.suite, _mart_rows(conn, mart), *spec.arguments(warehouse))


def _check_mart(
    warehouse: WarehouseResource, mart: str, severity: dg.AssetCheckSeverity
) -> dg.AssetCheckResult:
    spec = MART_SUITES[mart]
    with warehouse.get_connection() as conn:
        rows = _mart_rows(conn, mart)
    return _result(run_suite(spec.suite, rows, *spec.arguments(warehouse)), spec.suite, severity)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "kpi_progress"]),
    name="gx_kpi_progress",
    blocking=True,
    description="GX: baseline and target kinds present, documented statuses consistent with actuals, no lost KPI years",
)
def gx_kpi_progress(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _check_mart(warehouse, "kpi_progress", dg.AssetCheckSeverity.ERROR)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "region_comparison"]),
    name="gx_region_comparison",
    blocking=True,
    description="GX: unique keys, ranks within the regions present, all 17 시도 where the source covers them, regions sum to the nation",
)
def gx_region_comparison(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _check_mart(warehouse, "region_comparison", dg.AssetCheckSeverity.ERROR)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "tech_industries"]),
    name="gx_tech_industries",
    blocking=False,
    description="GX: tech-based shares within 0-100, section totals built from all seven sections",
)
def gx_tech_industries(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return _check_mart(warehouse, "tech_industries", dg.AssetCheckSeverity.WARN)


# The marts a Great Expectations suite checks: a run that builds one can import GX early.
GX_CHECKED_ASSETS = tuple(
    key.asset_key
    for check in (gx_kpi_progress, gx_region_comparison, gx_tech_industries)
    for key in check.check_keys
)
