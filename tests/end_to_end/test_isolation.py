"""One bad file holds back only what depends on it. A department's bad report: the same night's
new GRDP release is published, the department tables stay as they were. A statistical source's
bad release: that source keeps its published staging table, the other sources' new releases are
published. Either way the night says which file, rule and since when (checks.held_back, `sti
run`'s exit code, `sti status`, the alert) and the next night after the fix takes the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.run_in_process import execute, run_config
from pipelines.run_plans import next_plan
from sti.cli import HELD_BACK_EXIT, _held_back_exit
from sti.db.sql_door import connect_read_only
from sti.departments.receipt import receive
from sti.ingest.provenance import file_sha256, sidecar_path
from sti.operations.alerts import warning_alert
from sti.operations.status import status
from sti.paths import WAREHOUSE_ENV_VAR
from tests.archive_edits import new_census_release, new_release
from tests.conftest import Pipeline
from tests.corpus.door_files import CSV_HEADER, CSV_ROW

TODAY = dt.date(2026, 11, 23)
REPORT = CSV_HEADER + CSV_ROW.replace("2025,650000", "2024,650000")
DEPARTMENT_ROWS = "select * exclude (source_sha256) from staging.department_reports order by all"
REVISED_GRDP = (
    "select count(*) from marts.indicator_values "
    "where vintage = date '2026-11-20' and indicator_id = 'grdp_nominal'"
)


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def _edit_in_place(path: Path, text: str) -> None:
    """Change an archived file by hand, its sidecar checksum following (the door bypassed)."""
    path.write_text(text, encoding="utf-8")
    side = sidecar_path(path)
    side.write_text(
        re.sub(r"(?m)^sha256: .*$", f"sha256: {file_sha256(path)}", side.read_text("utf-8")),
        "utf-8",
    )


def test_a_bad_report_is_held_back_alone_and_taken_once_fixed(
    baseline: Pipeline,
    pipeline: Pipeline,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipeline.start_from(baseline)
    sent = tmp_path / "report.csv"
    sent.write_text(REPORT, encoding="utf-8")
    with connect_read_only(baseline.warehouse) as conn:
        archived = receive(conn, sent, pipeline.archive, TODAY)
    _edit_in_place(archived, REPORT.replace("백만원", "억원"))  # the unit of another KPI
    new_release(pipeline.archive, "grdp_release_2026-11.csv")

    result = pipeline.run()

    assert result.success
    assert _rows(pipeline.warehouse, REVISED_GRDP)[0][0] > 0, "the new GRDP release is published"
    assert _rows(pipeline.warehouse, DEPARTMENT_ROWS) == _rows(baseline.warehouse, DEPARTMENT_ROWS)
    file = archived.relative_to(pipeline.archive).as_posix()
    held = _rows(
        pipeline.warehouse,
        "select source_id, source_file, source_row, column_name, rule, held_since "
        "from checks.held_back",
    )
    assert held == [
        (
            "department_reports",
            file,
            2,
            "단위",
            "the unit of defence_production_2027 is '백만원' (found '억원')",
            dt.date.today(),
        )
    ]
    assert archived.exists(), "the held-back file stays in the archive as received"
    warned = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "no_report_held_back"
    ]
    assert [w.passed for w in warned] == [False]

    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(pipeline.warehouse))
    assert _held_back_exit() == HELD_BACK_EXIT
    report = status(dg.DagsterInstance.ephemeral(), pipeline.warehouse, "materialize_everything")
    assert any(line.startswith("held back") and file in line for line in report.lines)
    assert any(file in problem for problem in report.problems)
    alert = warning_alert(pipeline.warehouse, result.dagster_run)
    assert alert is not None and "1 file(s) held back" in alert.title
    assert any(f"held back department_reports {file}" in line for line in alert.lines)

    _edit_in_place(archived, REPORT)  # fixed the next day
    assert pipeline.run().success
    taken = _rows(
        pipeline.warehouse,
        f"select kpi_id, year, value from staging.department_reports where source_file = '{file}'",
    )
    assert taken == [("defence_production_2027", 2024, 650000.0)]
    assert _rows(pipeline.warehouse, "select count(*) from checks.held_back") == [(0,)]
    assert _rows(pipeline.warehouse, REVISED_GRDP)[0][0] > 0
    assert _held_back_exit() == 0


def test_a_file_held_back_for_several_nights_keeps_the_night_it_was_first_held(
    tmp_path: Path,
) -> None:
    from sti.departments.check_sheets import PlanRules
    from sti.departments.hold_back import accept_reports
    from sti.departments.yearly_report import ReportRules
    from tests.departments.test_yearly_cycle import RULES as KPI_RULES

    RULES = ReportRules(KPI_RULES, PlanRules({}, {}, {}))

    root = tmp_path / "raw"
    folder = root / "departments" / "defence"
    folder.mkdir(parents=True)
    first = folder / "2026-11-01_report.csv"
    first.write_text(REPORT, encoding="utf-8")
    second = folder / "2026-11-20_report.csv"
    second.write_text(REPORT.replace("650000", "640000"), encoding="utf-8")
    file = "departments/defence/2026-11-20_report.csv"
    rule = (
        "conflicts with the archive: defence_production_2027 2024 (확정, 2026-02-20) is archived "
        "in departments/defence/2026-11-01_report.csv row 2 with the value 650000; send a "
        "revision with a later 보고일"
    )
    since = {(file, rule): dt.date(2026, 11, 21)}
    accepted = accept_reports([second, first], root, {}, RULES, TODAY, since)
    assert accepted.parsed.kpis["source_file"].to_list() == [
        "departments/defence/2026-11-01_report.csv"
    ]
    assert accepted.held_back.select("source_file", "rule", "held_since").rows() == [
        (file, rule, dt.date(2026, 11, 21))
    ]
    later = accept_reports([second, first], root, {}, RULES, TODAY, {})
    assert later.held_back["held_since"].to_list() == [TODAY]


CENSUS_ROW = "2021,사업체수,대전,제조업(10~34),계,,11047,개"
CENSUS_ROWS = "select * from staging.census order by all"
NEW_CENSUS = (
    "select value from marts.indicator_values where vintage = date '2026-11-21' "
    "and indicator_id = 'establishments' and region_id = 'KR-30' and period = '2021' "
    "and industry_code = 'C'"
)


def _planned_night(pipeline: Pipeline) -> dg.ExecuteInProcessResult:
    """The night as `sti run` runs it: planned from what changed, built on the published copy."""
    plan = next_plan(pipeline.warehouse, pipeline.archive, dt.date.today())
    assert plan.selection, plan.reason  # a partial night, not a full build
    config = run_config(pipeline.warehouse, pipeline.archive)
    result = execute(plan, dg.DagsterInstance.ephemeral(), run_config=config)
    assert result is not None
    return result


def test_a_bad_statistical_release_is_held_back_alone_and_taken_once_fixed(
    baseline: Pipeline, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.start_from(baseline)
    bad = new_census_release(
        pipeline.archive,
        "census_2026-11.csv",
        CENSUS_ROW,
        CENSUS_ROW.replace("11047", "-11047"),  # a negative count: outside the catalogue range
        "2026-11-21",
    )
    new_release(pipeline.archive, "grdp_release_2026-11.csv")

    result = _planned_night(pipeline)

    assert result.success
    assert _rows(pipeline.warehouse, REVISED_GRDP)[0][0] > 0, "the new GRDP release is published"
    assert _rows(pipeline.warehouse, CENSUS_ROWS) == _rows(baseline.warehouse, CENSUS_ROWS)
    file = bad.relative_to(pipeline.archive).as_posix()
    held = _rows(
        pipeline.warehouse,
        "select source_id, domain, source_file, column_name, found_by, held_since "
        "from checks.held_back",
    )
    assert held == [
        ("kosis_101_DT_1K52D01", "census", file, "DT", "staging.census", dt.date.today())
    ]
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(pipeline.warehouse))
    assert _held_back_exit() == HELD_BACK_EXIT
    report = status(dg.DagsterInstance.ephemeral(), pipeline.warehouse, "materialize_everything")
    assert any(line.startswith("held back") and file in line for line in report.lines)
    warned = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == "no_file_held_back"
        and not e.event_specific_data.passed
    ]
    assert [w.asset_key.path for w in warned] == [["staging", "census"]]

    _edit_in_place(bad, bad.read_text("utf-8").replace("-11047", "11048"))  # the fix, revised
    assert _planned_night(pipeline).success
    assert _rows(pipeline.warehouse, NEW_CENSUS) == [(11048.0,)]
    assert _rows(pipeline.warehouse, "select count(*) from checks.held_back") == [(0,)]
    assert _rows(pipeline.warehouse, REVISED_GRDP)[0][0] > 0
    assert _held_back_exit() == 0
