"""The service on PostgreSQL, with alerts: a real PostgreSQL server (Debian's) in a temporary
directory holds Dagster's runs, events, schedule and sensor state; a night that publishes with
open items posts a warning, a failed night posts one alert naming its run and failing step, and
`sti status` then exits non-zero naming that step. The webhook is a local HTTP server."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import psycopg2
import pytest
from dagster._core.definitions.run_request import InstigatorType

from pipelines.definitions import defs
from pipelines.schedules import nightly
from pipelines.sensors import night_warning_alert
from sti.cli import main as sti
from sti.operations.alerts import WEBHOOK_ENV
from sti.operations.resources import AlertResource, RawArchiveResource, WarehouseResource
from sti.operations.service import POSTGRES_URL_ENV, configure
from sti.paths import PROJECT_ROOT, RAW_DIR, WAREHOUSE_ENV_VAR
from tests.postgres_server import Server, postgres_server
from tests.service_units import marked_processes, render, start, wait_for
from tests.webhook_server import Webhook

BIN = Path(sys.executable).parent
DAEMON_DEADLINE_SECONDS = 240
BROKEN_FILE = "budget/budget_execution.csv"  # the plan's own table: a night cannot go on without it
FAILING_STEP = "raw__source_files"  # the step that checks every file against its sidecar


# One xdist worker runs this file: its module fixture starts one PostgreSQL server.
pytestmark = pytest.mark.xdist_group("postgres")


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: Server) -> str:
    """A fresh database per test: each test sees only its own runs."""
    return postgres.new_database()


def _rows(url: str, sql: str, *params: object) -> list[tuple]:
    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def _sqlite_files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.suffix == ".db" or p.name.endswith(".db-wal")]


def _status(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = sti(["status"])
    return code, capsys.readouterr().out


def test_with_postgres_a_schedule_tick_runs_the_night_and_a_warning_is_posted(
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, warehouse = tmp_path / "dagster_home", tmp_path / "marts" / "warehouse.duckdb"
    configure({"DAGSTER_HOME": str(home), POSTGRES_URL_ENV: postgres_url})
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv(POSTGRES_URL_ENV, postgres_url)
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(warehouse))
    with dg.DagsterInstance.get() as instance, Webhook() as hook:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        tick = dg.build_schedule_context(
            instance=instance,
            scheduled_execution_time=dt.datetime(2026, 11, 24, 2, tzinfo=ZoneInfo("Asia/Seoul")),
        )
        [request] = nightly.evaluate_tick(tick).run_requests
        result = defs.resolve_job_def(nightly.job_name).execute_in_process(
            run_config=request.run_config,
            tags=request.tags,
            instance=instance,
            raise_on_error=False,
            resources={
                "warehouse": WarehouseResource(database=str(warehouse)),
                "archive": RawArchiveResource(root=str(RAW_DIR)),
            },
        )
        assert result.success
        monkeypatch.setenv(WEBHOOK_ENV, hook.url)
        night_warning_alert(
            dg.build_run_status_sensor_context(
                sensor_name="night_warning_alert",
                dagster_event=result.get_run_success_event(),
                dagster_instance=instance,
                dagster_run=result.dagster_run,
                resources={"alerts": AlertResource(warehouse=str(warehouse))},
            )
        )
    run_id = result.run_id
    # the run, its events and its schedule tag are in PostgreSQL; no SQLite file was written
    assert _rows(postgres_url, "select status from runs where run_id = %s", run_id) == [
        ("SUCCESS",)
    ]
    [(events,)] = _rows(postgres_url, "select count(*) from event_logs where run_id = %s", run_id)
    assert events > 100
    assert _rows(
        postgres_url,
        "select value from run_tags where run_id = %s and key = %s",
        run_id,
        "dagster/schedule_name",
    ) == [("nightly",)]
    assert _sqlite_files(home) == []
    # the shipped data leave 4 findings (3 of the plan's own figures; 경북's two R-COSTII 2022
    # press reports) and overdue releases open: one warning, all new
    [warning] = hook.posts
    assert warning["level"] == "warning" and warning["run_id"] == run_id
    kinds = [item["kind"] for item in warning["items"]]
    assert kinds.count("finding") == 4 and "overdue release" in kinds
    assert {item["new"] for item in warning["items"]} == {"yes"}, "no earlier release"
    assert "4 finding(s)" in warning["text"]
    code, out = _status(capsys)
    assert code == 0, out
    assert f"last run     SUCCESS run {run_id}" in out and "PostgresRunStorage" in out
    assert "verdict      OK" in out


def _sensor_ticks(instance: dg.DagsterInstance, name: str) -> int:
    states = [
        s
        for s in instance.all_instigator_state(instigator_type=InstigatorType.SENSOR)
        if s.instigator_name == name
    ]
    return sum(len(instance.get_ticks(s.instigator_origin_id, s.selector_id)) for s in states)


def test_a_failed_night_posts_one_alert_and_status_names_the_step(
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "raw"
    shutil.copytree(RAW_DIR, archive)
    with (archive / BROKEN_FILE).open("ab") as handle:
        handle.write(b"\n")  # changed after it was received: the sidecar's checksum fails
    with Webhook() as hook:
        layout = render(tmp_path, {POSTGRES_URL_ENV: postgres_url, WEBHOOK_ENV: hook.url})
        mark = uuid.uuid4().hex
        daemon = start(layout.unit_dir / "sti-daemon.service", tmp_path / "daemon.log", mark)
        monkeypatch.setenv("DAGSTER_HOME", str(layout.dagster_home))
        monkeypatch.setenv(POSTGRES_URL_ENV, postgres_url)
        monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(tmp_path / "marts" / "warehouse.duckdb"))
        try:
            with dg.DagsterInstance.get() as instance:
                # a failure sensor only sees runs that end after its first tick
                wait_for(
                    "the failure sensor's first tick",
                    DAEMON_DEADLINE_SECONDS,
                    lambda: _sensor_ticks(instance, "night_failure_alert"),
                )
                launch = [str(BIN / "dagster"), "job", "launch", "-j", "materialize_everything"]
                launch += ["-w", str(PROJECT_ROOT / "workspace.yaml")]
                launch += [
                    "--config-json",
                    json.dumps({"resources": {"archive": {"config": {"root": str(archive)}}}}),
                ]
                subprocess.run(
                    launch,
                    env=dict(os.environ),
                    cwd=layout.dagster_home,
                    check=True,
                    capture_output=True,
                )
                wait_for("the alert", DAEMON_DEADLINE_SECONDS, lambda: hook.posts)
                ticks = _sensor_ticks(instance, "night_failure_alert")
                wait_for(
                    "two more ticks of the failure sensor",
                    DAEMON_DEADLINE_SECONDS,
                    lambda: _sensor_ticks(instance, "night_failure_alert") >= ticks + 2,
                )
                [run] = instance.get_runs()
        finally:
            os.kill(daemon.pid, signal.SIGTERM)
            wait_for("the daemon to stop", 10, lambda: not marked_processes(mark))
    assert run.status == dg.DagsterRunStatus.FAILURE
    [alert] = hook.posts  # one alert, however many ticks saw the failed run
    assert alert["level"] == "error" and alert["run_id"] == run.run_id
    assert alert["failed_steps"] == [FAILING_STEP]
    assert f"FAILED at {FAILING_STEP}" in alert["text"]
    assert "sha256 does not match its sidecar" in alert["text"]
    assert _rows(postgres_url, "select status from runs where run_id = %s", run.run_id) == [
        ("FAILURE",)
    ]
    assert _sqlite_files(layout.dagster_home) == []
    code, out = _status(capsys)
    assert code == 1, out
    assert f"FAILURE run {run.run_id}" in out
    assert f"failed at    {FAILING_STEP}" in out
    assert f"FAILING: the last run ({run.run_id}) FAILURE at {FAILING_STEP}" in out
    assert "daemon       alive" in out
