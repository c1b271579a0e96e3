"""marts.kpi_sources and marts.department_reports: who or what fills each KPI, and what the
departments reported."""

import datetime as dt

import dagster as dg

from assets.marts.sql_mart import sql_mart
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.operations.resources import WarehouseResource
from sti.plan.kpi_sources import kpi_source_rows
from sti.warehouse.change_detection import DATED_KEY


@dg.asset(
    key=["marts", "kpi_sources"],
    deps=[["staging", "kpi_sources"], ["marts", "kpi_progress"], ["staging", "plan_structure"]],
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
        )
        replace_table(conn, "marts.kpi_sources", frame)
        shown = table_metadata(conn, "marts.kpi_sources")
    without = frame.filter(frame["latest_actual_year"].is_null()).height
    return dg.MaterializeResult(
        metadata={**shown, "kpis": frame.height, "kpis_without_actual": without}
    )


department_reports = sql_mart(
    "department_reports",
    [["staging", "department_reports"], ["staging", "kpi_sources"], ["staging", "kpi_targets"]],
    "Every KPI figure the departments reported (이행점검), each revision: submitted or confirmed, "
    "in force or awaiting confirmation.",
)
