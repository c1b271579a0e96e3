"""What the alerts and `sti status` say, on small inline releases and instances: which items are
new since the previous release, what a refused webhook does, when the daemon counts as gone."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest
from dagster._daemon.types import DaemonHeartbeat

from sti.operations.alerts import AlertError, send, warning_alert
from sti.operations.status import DAEMON_STALE_SECONDS, status
from sti.warehouse.releases import ReleaseStore
from tests.webhook_server import Webhook

NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.UTC)


def _release(store: ReleaseStore, run_id: str, findings: list[str], overdue: list[str]) -> None:
    """Publish a tiny release whose checks tables hold the given findings and overdue sources."""
    store.releases_dir.mkdir(parents=True, exist_ok=True)
    build = store.build_path(run_id)
    with duckdb.connect(str(build)) as conn:
        conn.execute("create schema checks")
        conn.execute(
            "create table checks.findings (rule_id varchar, rule varchar, region_id varchar, "
            "period varchar, series varchar, published_value double, recomputed_value double, "
            "severity varchar)"
        )
        conn.execute(
            "create table checks.freshness (source_id varchar, source_name varchar, "
            "latest_period_held varchar, latest_period_expected varchar, "
            "expected_release_date date, overdue boolean, latest_period_reported varchar)"
        )
        for rule in findings:
            conn.execute(
                "insert into checks.findings values (?, 'share', 'KR-30', '2021', 'grdp', 2.26, "
                "2.25, 'warning')",
                [rule],
            )
        for source in [*overdue, "on_time_source"]:
            conn.execute(
                "insert into checks.freshness values (?, '출처', '2023', '2024', '2025-12-20', ?, null)",
                [source, source != "on_time_source"],
            )
    store.publish(build, run_id, {})


def _run(run_id: str) -> SimpleNamespace:
    return SimpleNamespace(run_id=run_id, job_name="materialize_everything")


def test_a_warning_lists_open_items_and_marks_those_new_since_the_previous_release(
    tmp_path: Path,
) -> None:
    store = ReleaseStore(tmp_path / "warehouse.duckdb")
    _release(store, "night-1", ["R01"], ["census_sales"])
    _release(store, "night-2", ["R01", "R02"], ["census_sales", "rnd_activity_survey"])
    alert = warning_alert(store.published, _run("night-2"))
    assert alert is not None
    new = {i["item"].split()[0] for i in alert.items if i["new"] == "yes"}
    assert new == {"R02", "rnd_activity_survey"}
    assert alert.title.endswith(
        "2 finding(s) and 2 overdue release(s), 2 new since the previous release"
    )
    assert alert.lines[0].startswith("NEW "), "new items first"
    assert "on_time_source" not in alert.text, "a source on time is not an open item"


def test_no_warning_when_nothing_is_open_or_the_run_published_nothing(tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "warehouse.duckdb")
    _release(store, "night-1", [], [])
    assert warning_alert(store.published, _run("night-1")) is None
    assert warning_alert(store.published, _run("a-run-that-published-nothing")) is None


def test_a_refused_webhook_raises_after_the_alert_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("sti.test.alerts")
    alert = SimpleNamespace(level="error", text="[sti] night run x FAILED", payload=lambda: {})
    with Webhook(status=500) as hook, pytest.raises(AlertError, match="HTTP 500"):
        send(alert, log, hook.url)  # type: ignore[arg-type]
    assert "[sti] night run x FAILED" in caplog.text
    assert send(alert, log, "") is False  # type: ignore[arg-type]


def _beat(instance: dg.DagsterInstance, age_seconds: float) -> None:
    instance.add_daemon_heartbeat(
        DaemonHeartbeat(NOW.timestamp() - age_seconds, "SENSOR", "daemon-1", None)
    )


@pytest.mark.parametrize(
    ("age", "healthy"),
    [(None, False), (DAEMON_STALE_SECONDS - 5, True), (DAEMON_STALE_SECONDS + 5, False)],
)
def test_the_daemon_counts_as_alive_only_with_a_recent_heartbeat(
    tmp_path: Path, age: float | None, healthy: bool
) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        if age is not None:
            _beat(instance, age)
        lenient = status(instance, tmp_path / "w.duckdb", "materialize_everything", NOW)
        strict = status(instance, tmp_path / "w.duckdb", "materialize_everything", NOW, True)
    assert lenient.exit_code == 0, "without --require-daemon the daemon is only reported"
    assert strict.exit_code == (0 if healthy else 1), strict.lines
    daemon_line = next(line for line in strict.lines if line.startswith("daemon"))
    assert ("alive" in daemon_line) == healthy


def test_a_changed_published_release_fails_the_status(tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "warehouse.duckdb")
    _release(store, "night-1", [], [])
    current = store.current_path()
    assert current is not None
    current.chmod(0o644)
    with current.open("ab") as handle:
        handle.write(b"\0")
    with dg.DagsterInstance.ephemeral() as instance:
        report = status(instance, store.published, "materialize_everything", NOW)
    assert report.exit_code == 1
    assert any(line.startswith("NOT INTACT") for line in report.lines), report.lines
