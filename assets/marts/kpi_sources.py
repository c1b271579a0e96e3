"""marts.kpi_sources and marts.department_reports: who or what fills each KPI, and what the
departments reported."""

import datetime as dt

import dagster as dg
import duckdb

from assets.marts.sql_mart import sql_mart
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import WarehouseResource
from sti.plan.kpi_sources import kpi_source_rows
from sti.warehouse.change_detection import DATED_KEY


@dg.asset(
    key=["marts", "kpi_sources"],
    deps=[
        ["staging", "kpi_sources"],
        ["marts", "kpi_progress"],
        ["staging", "plan_structure"],
        ["raw", "source_files"],
    ],
    metadata={DATED_KEY: "yes"},  # whether an awaited release is overdue is relative to today
    group_name="marts",
    compute_kind="python",
)
def kpi_sources(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Each KPI's source (department report or official release), its latest actual, and for
    the next year without one the release that will fill it and its calendar date."""
    with warehouse.get_connection() as conn:
        frame = kpi_source_rows(
            read_table(conn, "staging.kpi_sources"),
            read_table(conn, "marts.kpi_progress"),
            read_table(conn, "staging.plan_subtask_departments"),
            dt.date.today(),
            _successors(conn),
            read_table(conn, "marts.kpi_series"),
        )
        replace_table(conn, "marts.kpi_sources", frame)
        shown = table_metadata(conn, "marts.kpi_sources")
    without = frame.filter(frame["latest_actual_year"].is_null()).height
    return dg.MaterializeResult(
        metadata={**shown, "kpis": frame.height, "kpis_without_actual": without}
    )


def _successors(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Press-report source id -> the producer's release that will replace its figures."""
    rows = conn.execute(
        "select source_id, json_extract_string(citation, '$.replaced_by') from raw.source_files"
        " where form = 'press_report' and json_extract_string(citation, '$.replaced_by') is not null"
    ).fetchall()
    return dict(rows)


department_reports = sql_mart(
    "department_reports",
    [["staging", "department_reports"], ["staging", "kpi_sources"], ["staging", "kpi_targets"]],
    "Every KPI figure the departments reported (이행점검), each revision: submitted or confirmed, "
    "in force or awaiting confirmation.",
)
