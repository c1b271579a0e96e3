"""marts.kpi_progress (+ its history and the as-of macro): every KPI x plan year against its
baselines, milestone and target.

The KPI table is rebuilt once for every release date of annual values in marts.indicator_values
(the day a release was published, see raw.source_files.vintage), each time from the releases
published on or before that day and the KPIs of the documents published by then (a target of
the 2026 strategy does not exist before 2026-04-16; no snapshot before the plan's publication). The snapshots form marts.kpi_progress_history; marts.kpi_progress is the
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
from sti.plan.kpi_progress import build_kpi_progress, kpi_series_rows
from sti.plan.targets import DOCUMENT_PUBLISHED

LATEST = dt.date(9999, 12, 31)  # as of: every release held


def release_dates(conn: duckdb.DuckDBPyConnection, targets: pl.DataFrame) -> list[dt.date]:
    """Every day something the KPI table reads became known, from the first document's
    publication on (no KPI existed before it): a document with targets (sti/plan/targets.py,
    DOCUMENT_PUBLISHED), a release of annual values (KPIs are measured on annual values only,
    sql/marts/kpi_actuals.sql, so a monthly release changes no snapshot), or a department's
    report (a submitted figure changes what the KPI table shows, though not the status). One
    snapshot per monthly release would make the history grow with the square of a long monthly
    series."""
    rows = conn.execute(
        "select vintage from marts.indicator_values where month is null "
        "union select report_date from staging.department_reports "
        "union select approved_on from staging.department_reports where approved_on is not null"
    ).fetchall()
    documents = {DOCUMENT_PUBLISHED[d] for d in targets["document"].unique().to_list()}
    first = min(documents)
    return sorted({first, *documents, *(row[0] for row in rows if row[0] > first)})


def history(conn: duckdb.DuckDBPyConnection, targets: pl.DataFrame) -> pl.DataFrame:
    """One KPI snapshot per release date, tagged with the dates it is in force; each holds the
    KPIs of the documents published by then."""
    dates = release_dates(conn, targets)
    published = targets["document"].replace_strict(DOCUMENT_PUBLISHED, return_dtype=pl.Date)
    snapshots = []
    for start, end in zip(dates, [*dates[1:], None], strict=True):
        actuals = conn.sql(load_sql("marts", "kpi_actuals"), params={"as_of": start}).pl()
        submitted = conn.sql(
            load_sql("marts", "kpi_submitted_reports"), params={"as_of": start}
        ).pl()
        set_then = targets.filter(published <= start)
        snapshots.append(
            build_kpi_progress(set_then, actuals, submitted).with_columns(
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
        actuals = conn.sql(load_sql("marts", "kpi_actuals"), params={"as_of": LATEST}).pl()
        replace_table(conn, "marts.kpi_series", kpi_series_rows(targets, actuals))
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
