"""checks.freshness: is each source's newest release in the warehouse, given its calendar?"""

import datetime as dt

import dagster as dg

from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import replace_table
from sti.ingest.freshness import freshness_frame
from sti.ingest.kosis_refresh import warehouse_periods
from sti.operations.resources import WarehouseResource
from sti.warehouse.change_detection import DATED_KEY

KEY = dg.AssetKey(["checks", "freshness"])


@dg.asset(
    key=KEY,
    deps=[["marts", "indicator_values"], ["marts", "plan_subtask"], ["staging", "press_figures"]],
    metadata={DATED_KEY: "yes"},  # overdue is relative to today
    group_name="checks",
    compute_kind="python",
)
def freshness(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Release freshness per source, judged on the day of the run."""
    today = dt.date.today()
    with warehouse.get_connection() as conn:
        held, reported = warehouse_periods(conn, today)
        upcoming = conn.execute(
            "select kind, year from marts.plan_evaluation_schedule"
            " where kind <> 'annual_check' and year >= ? order by year limit 1",
            [today.year],
        ).fetchone()
        frame = freshness_frame(held, today, upcoming, reported)
        replace_table(conn, "checks.freshness", frame)
        shown = table_metadata(conn, "checks.freshness")
    return dg.MaterializeResult(
        metadata={**shown, "sources": frame.height, "overdue": int(frame["overdue"].sum())}
    )


@dg.asset_check(
    asset=KEY,
    name="releases_are_current",
    blocking=False,
    description="Warns when a source's next release is due by its calendar but not in the archive",
)
def releases_are_current(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        overdue = conn.execute(
            "select source_name, latest_period_held, latest_period_expected, expected_release_date,"
            " latest_period_reported from checks.freshness where overdue order by source_id"
        ).fetchall()
    lines = [
        f"{name}: newest held {held}"
        + (f" (press-reported up to {reported}, not archived)" if reported else "")
        + f", {expected} expected since about {since} - archive the new release"
        for name, held, expected, since, reported in overdue
    ]
    return dg.AssetCheckResult(
        passed=not overdue,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(lines)} source(s) have a due release that is not archived (checks.freshness):\n"
            + "\n".join(lines)
        )
        if lines
        else "every source is as current as its release calendar allows",
        metadata={"overdue": len(overdue)},
    )
