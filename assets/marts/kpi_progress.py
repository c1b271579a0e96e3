"""marts.kpi_progress (+ its history and the as-of macro): every KPI x plan year against its
baselines, milestone and target.

The KPI table is rebuilt once for every release date of annual values in marts.indicator_values
(the day a release was published, see raw.source_files.vintage), each time from the releases
published on or before that day. The snapshots form marts.kpi_progress_history; marts.kpi_progress is the
newest one, and marts.kpi_progress_as_of(date) returns the one in force on a date: the statuses
an evaluator would have seen then.
"""

import datetime as dt

import dagster as dg
import duckdb
import polars as pl

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import WarehouseResource
from sti.plan.kpi_progress import build_kpi_progress

# Before the first release: every KPI without data (the state an evaluator had before any).
BEFORE_ANY_RELEASE = dt.date(1900, 1, 1)


def release_dates(conn: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Every day something the KPI table reads became known: a release of annual values (KPIs
    are measured on annual values only, sql/marts/kpi_actuals.sql, so a monthly release changes
    no snapshot), or a department's report (a submitted figure changes what the KPI table
    shows, though not the status). One snapshot per monthly release would make the history
    grow with the square of a long monthly series."""
    rows = conn.execute(
        "select vintage from marts.indicator_values where month is null "
        "union select report_date from staging.department_reports order by 1"
    ).fetchall()
    return [BEFORE_ANY_RELEASE, *(row[0] for row in rows)]


def history(conn: duckdb.DuckDBPyConnection, targets: pl.DataFrame) -> pl.DataFrame:
    """One KPI snapshot per release date, tagged with the dates it is in force."""
    dates = release_dates(conn)
    snapshots = []
    for start, end in zip(dates, [*dates[1:], None], strict=True):
        actuals = conn.sql(load_sql("marts", "kpi_actuals"), params={"as_of": start}).pl()
        submitted = conn.sql(
            load_sql("marts", "kpi_submitted_reports"), params={"as_of": start}
        ).pl()
        snapshots.append(
            build_kpi_progress(targets, actuals, submitted).with_columns(
                pl.lit(start, dtype=pl.Date).alias("as_of_from"),
                pl.lit(end, dtype=pl.Date).alias("as_of_to"),
            )
        )
    return pl.concat(snapshots, how="vertical")


@dg.asset(
    key=["marts", "kpi_progress"],
    deps=[
        ["staging", "kpi_targets"],
        ["staging", "department_reports"],
        ["marts", "indicator_values"],
        ["marts", "dim_industry"],
    ],
    group_name="marts",
    compute_kind="python",
)
def kpi_progress(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Status rules: sti/plan/kpi_rules.py. Actuals: sql/marts/kpi_actuals.sql, as known on each date;
    departments' unconfirmed figures beside them: sql/marts/kpi_submitted_reports.sql."""
    with warehouse.get_connection() as conn:
        targets = read_table(conn, "staging.kpi_targets")
        snapshots = history(conn, targets)
        replace_table(conn, "marts.kpi_progress_history", snapshots)
        latest = snapshots.filter(pl.col("as_of_to").is_null()).drop("as_of_from", "as_of_to")
        replace_table(conn, "marts.kpi_progress", latest)
        conn.execute(load_sql("marts", "kpi_progress_as_of"))
        shown = table_metadata(conn, "marts.kpi_progress")
    counts = latest.group_by("status").len().sort("status")
    return dg.MaterializeResult(
        metadata={
            **shown,
            "rows": latest.height,
            "snapshots": snapshots["as_of_from"].n_unique(),
            **{r["status"]: r["len"] for r in counts.iter_rows(named=True)},
        }
    )
