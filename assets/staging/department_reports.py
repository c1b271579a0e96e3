"""staging.department_reports (+ staging.department_budget_reports): every row of every department
report received (data/raw/departments/), typed, with the file and line it came from."""

import datetime as dt

import dagster as dg

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.departments.yearly_report import (
    REPORTS_DIR,
    kpi_rules,
    parse_report_files,
    validate_reports,
)
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "department_reports"])


@dg.asset(
    key=KEY,
    # the KPI rules its check applies are built before it
    deps=[["raw", "source_files"], ["staging", "kpi_sources"], ["staging", "kpi_targets"]],
    metadata={RAW_DOMAINS_KEY: "department_reports,reference"},
    group_name="staging",
    compute_kind="python",
)
def department_reports(
    warehouse: WarehouseResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """KPI figures and budget execution the departments reported, submitted or confirmed."""
    with warehouse.get_connection() as conn:
        files = conn.execute(
            "select raw_file, sha256 from raw.source_files "
            "where domain = 'department_reports' and duplicate_of is null order by raw_file"
        ).fetchall()
        paths = [archive.root_path / name for name, _ in files]
        reports, budgets = parse_report_files(paths, archive.root_path, dict(files))
        replace_table(conn, "staging.department_reports", reports)
        replace_table(conn, "staging.department_budget_reports", budgets)
        shown = table_metadata(conn, "staging.department_reports")
    return dg.MaterializeResult(
        metadata={
            **shown,
            "files": len(files),
            "kpi_rows": reports.height,
            "budget_rows": budgets.height,
            "folder": str(REPORTS_DIR),
        }
    )


@dg.asset_check(
    asset=KEY,
    name="pandera_department_reports",
    blocking=True,
    description="pandera DepartmentReportRow, then: known KPI reported by its own department, the KPI's unit, a year the KPI covers, "
    "a value in range, evidence for confirmed figures, no duplicate report",
)
def department_reports_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = read_table(conn, "staging.department_reports")
        rules = kpi_rules(conn)
    return problems_result(
        validate_reports(frame, rules, dt.date.today()),
        "staging.department_reports",
        frame.height,
        "the department report rules",
    )
