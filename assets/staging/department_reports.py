"""staging.department_reports (+ staging.department_budget_reports, checks.held_back): every row
of every department report received (data/raw/departments/), typed, with the file and line it
came from. A file that breaks a rule is held back alone (sti/departments/hold_back.py): its rows
wait in the archive, the night publishes everything else, and checks.held_back says why."""

import datetime as dt

import dagster as dg
import polars as pl

from assets.staging.check_results import problems_result
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.departments.hold_back import FOUND_BY
from sti.departments.intake import take_reports
from sti.departments.receipt import department_slugs
from sti.departments.yearly_report import (
    REPORTS_DIR,
    kpi_rules,
    report_rules,
    validate_reports,
)
from sti.ingest.held_back import HELD_BACK_TABLE, held_before, write_held_back
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "department_reports"])


@dg.asset(
    key=KEY,
    # the KPI rules its check applies are built before it, and the plan's actions and owners
    deps=[
        ["raw", "source_files"],
        ["staging", "kpi_sources"],
        ["staging", "kpi_targets"],
        ["staging", "plan_structure"],
    ],
    metadata={RAW_DOMAINS_KEY: "department_reports,report_reviews,reference"},
    group_name="staging",
    compute_kind="python",
)
def department_reports(
    warehouse: WarehouseResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """What the departments reported (KPI figures, budgets, actions' progress, next year's
    plan), each row with its file's review state; the review decisions; files held back."""
    with warehouse.get_connection() as conn:
        files = conn.execute(
            "select raw_file, sha256 from raw.source_files "
            "where domain = 'department_reports' and duplicate_of is null order by raw_file"
        ).fetchall()
        paths = [archive.root_path / name for name, _ in files]
        previous = warehouse.previous_release()
        intake = take_reports(
            paths,
            archive.root_path,
            dict(files),
            report_rules(conn),
            dt.date.today(),
            held_before(conn, previous.path if previous else None),
            department_slugs(conn),
        )
        for table, frame in intake.tables.items():
            replace_table(conn, table, frame)
        replace_table(conn, "staging.report_files", intake.files)
        replace_table(conn, "staging.report_reviews", intake.reviews)
        write_held_back(conn, FOUND_BY, intake.held_back)
        shown = table_metadata(conn, "staging.department_reports")
    held_files = sorted(set(intake.held_back["source_file"].to_list()))
    return dg.MaterializeResult(
        metadata={
            **shown,
            "files": len(files),
            **{table.split(".")[1]: frame.height for table, frame in intake.tables.items()},
            "review_decisions": intake.reviews.height,
            "held_back_files": dg.MetadataValue.json(held_files),
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
        # a returned (반려) file's rows may be repeated by its corrected resubmission
        frame = read_table(conn, "staging.department_reports").filter(
            pl.col("review_state") != "returned"
        )
        rules = kpi_rules(conn)
    return problems_result(
        validate_reports(frame, rules, dt.date.today()),
        "staging.department_reports",
        frame.height,
        "the department report rules",
    )


@dg.asset_check(
    asset=KEY,
    name="no_report_held_back",
    blocking=False,
    description="No received report file is held back: a file that breaks a rule waits in the "
    "archive (checks.held_back names its file, row, column, rule and since when) while the night "
    "publishes everything else; fix or replace it and the next night takes it",
)
def no_report_held_back(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        held = read_table(conn, HELD_BACK_TABLE).filter(pl.col("found_by") == FOUND_BY)
    if held.is_empty():
        return dg.AssetCheckResult(passed=True, description="every received report was taken")
    lines = [
        f"held back since {row['held_since']}: file {row['source_file']}"
        + (f", row {row['source_row']}" if row["source_row"] is not None else "")
        + (f", column {row['column_name']!r}" if row["column_name"] else "")
        + f": {row['rule']}"
        for row in held.iter_rows(named=True)
    ]
    files = held["source_file"].n_unique()
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{files} department report file(s) held back; the rest of the night was "
        "published without them:\n" + "\n".join(lines[:MAX_LISTED]),
        metadata={"held_back_files": files, "problems": len(lines)},
    )


MAX_LISTED = 30
