"""The service deployment: the rendered units run dagster-webserver and dagster-daemon (not
`dagster dev`), both stop on SIGTERM within systemd's 10 s with no process left behind, the
instance config follows the environment file, and `sti service` drives systemctl."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import dagster as dg
import pytest
import yaml

from sti.operations.service import (
    POSTGRES_URL_ENV,
    UNITS,
    Layout,
    configure,
    control,
    install,
)
from sti.paths import PROJECT_ROOT
from tests.service_units import (
    MARKER,
    free_port,
    marked_processes,
    render,
    start,
    unit_settings,
    wait_for,
)

STOP_DEADLINE_SECONDS = 10  # the units' TimeoutStopSec: after it systemd kills what is left
START_DEADLINE_SECONDS = 120


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def test_the_units_run_webserver_and_daemon_and_stop_within_systemds_timeout(
    tmp_path: Path,
) -> None:
    layout = render(tmp_path)
    for name, program in zip(UNITS, ("dagster-webserver", "dagster-daemon"), strict=True):
        unit = unit_settings((layout.unit_dir / f"{name}.service").read_text("utf-8"))
        [exec_start] = unit["ExecStart"]
        assert Path(exec_start.split()[0]) == PROJECT_ROOT / ".venv" / "bin" / program
        assert "dagster dev" not in exec_start
        assert unit["EnvironmentFile"] == [str(layout.env_file)]
        assert unit["WorkingDirectory"] == [str(layout.dagster_home)]
        assert int(unit["TimeoutStopSec"][0]) <= STOP_DEADLINE_SECONDS
        assert unit["KillMode"] == ["control-group"] and unit["KillSignal"] == ["SIGTERM"]
        assert unit["Restart"] == ["on-failure"], "restarted after a crash"
        assert unit["User"] == ["root"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_rendered_units(tmp_path: Path) -> None:
    layout = render(tmp_path)
    units = [str(layout.unit_dir / f"{name}.service") for name in UNITS]
    done = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, check=False
    )
    # without a running systemd it may warn about the host; it must not reject our lines
    rejected = [
        line
        for line in done.stderr.splitlines()
        if any(unit in line for unit in units) and "Failed to" not in line
    ]
    assert not rejected, done.stderr


def test_sigterm_stops_both_services_with_no_process_left(tmp_path: Path) -> None:
    port = free_port()
    layout = render(tmp_path, {"STI_WEB_PORT": str(port)})
    mark = uuid.uuid4().hex
    started = {
        name: start(layout.unit_dir / f"{name}.service", tmp_path / f"{name}.log", mark)
        for name in UNITS
    }
    try:
        wait_for(
            "the webserver to answer",
            START_DEADLINE_SECONDS,
            lambda: _answers(f"http://127.0.0.1:{port}/server_info"),
        )
        with dg.DagsterInstance.from_config(str(layout.dagster_home)) as instance:
            wait_for(
                "the daemon's heartbeat",
                START_DEADLINE_SECONDS,
                lambda: instance.get_daemon_heartbeats(),
            )
        children = set(marked_processes(mark)) - {p.pid for p in started.values()}
        assert children, "each service runs a code server of its own: they must go too"
        stopped_at = time.monotonic()
        for process in started.values():
            os.kill(process.pid, signal.SIGTERM)  # what systemd sends the main process
        wait_for(
            f"every process of the services to end (left: {marked_processes(mark)})",
            STOP_DEADLINE_SECONDS,
            lambda: not marked_processes(mark),
        )
        took = time.monotonic() - stopped_at
        assert took <= STOP_DEADLINE_SECONDS
        for name, process in started.items():
            assert process.wait(1) == 0, f"{name} exited {process.returncode} on SIGTERM"
    finally:
        for pid in marked_processes(mark):
            os.kill(pid, signal.SIGKILL)


def test_configure_writes_postgres_storage_only_when_a_url_is_set(tmp_path: Path) -> None:
    home = tmp_path / "home"
    secret = "postgresql://sti:pa55word@127.0.0.1:5432/dagster"
    written = configure({"DAGSTER_HOME": str(home), POSTGRES_URL_ENV: secret})
    config = yaml.safe_load(written.read_text("utf-8"))
    assert config["storage"] == {"postgres": {"postgres_url": {"env": POSTGRES_URL_ENV}}}
    assert "pa55word" not in written.read_text("utf-8"), "the password stays in the environment"
    assert config["run_queue"]["max_concurrent_runs"] == 1, "the repository's settings are kept"
    configure({"DAGSTER_HOME": str(home), POSTGRES_URL_ENV: " "})
    assert "storage" not in yaml.safe_load(written.read_text("utf-8")), "SQLite by default"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.run_storage).__name__ == "SqliteRunStorage"


def test_sti_service_drives_systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = tmp_path / "calls"
    fake = tmp_path / "bin" / "systemctl"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n', "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    layout = Layout(
        unit_dir=tmp_path / "units",
        env_file=tmp_path / "sti.env",
        dagster_home=tmp_path / "home",
        user_scope=True,
    )
    layout.env_file.write_text("KOSIS_API_KEY=kept-as-it-was\n", "utf-8")
    written = install(layout)
    assert layout.env_file not in written, "an existing environment file is never overwritten"
    assert layout.env_file.read_text("utf-8") == "KOSIS_API_KEY=kept-as-it-was\n"
    assert "WantedBy=default.target" in (layout.unit_dir / "sti-daemon.service").read_text()
    control(layout, "stop")
    assert calls.read_text("utf-8").splitlines() == [
        "--user daemon-reload",
        "--user enable sti-webserver.service sti-daemon.service",
        "--user stop sti-webserver.service sti-daemon.service",
    ]
    assert MARKER not in os.environ


def test_configure_creates_the_sqlite_storage_once_before_the_services_start(
    tmp_path: Path,
) -> None:
    """Both units run `sti service configure` first: the storage exists, stamped once, before
    a webserver and a daemon open it together."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    home = tmp_path / "home"
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: configure({"DAGSTER_HOME": str(home)}), range(2)))
    runs = home / "history" / "runs.db"
    assert runs.exists(), "the run storage is created by configure"
    with sqlite3.connect(runs) as db:
        assert len(db.execute("select * from alembic_version").fetchall()) == 1
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_runs() == []
