"""A killed run never blocks the night: its worker is recognised as dead and the run failed,
the queue starts the next run, and the killed run's build file is removed."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from sti.operations.run_reaper import HOST_TAG, PID_TAG, START_TAG, process_start, worker_is_dead
from sti.paths import PROJECT_ROOT
from tests.service_units import wait_for

BIN = Path(sys.executable).parent
DAEMON_DEADLINE_SECONDS = 300


def test_a_live_worker_is_alive_and_a_dead_one_is_dead() -> None:
    me = {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}
    assert not worker_is_dead({**me, START_TAG: process_start(os.getpid()) or ""})
    assert worker_is_dead({**me, START_TAG: "1"}), "same id, another process: the id was reused"
    child = subprocess.Popen(["sleep", "30"])
    child.kill()
    child.wait()
    assert worker_is_dead({HOST_TAG: socket.gethostname(), PID_TAG: str(child.pid)})
    assert not worker_is_dead({HOST_TAG: "another-host", PID_TAG: str(child.pid)})
    assert not worker_is_dead({}), "a run that never started its resources is left alone"


def _runs(home: Path) -> list[dg.DagsterRun]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs())


@pytest.fixture
def service_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if k != "KOSIS_API_KEY"}
    env.update(
        DAGSTER_HOME=str(home),
        STI_WAREHOUSE=str(tmp_path / "marts" / "warehouse.duckdb"),
        PYTHONUNBUFFERED="1",
    )
    return env


def test_after_a_killed_run_the_daemon_runs_the_next_one(
    service_env: dict[str, str], tmp_path: Path
) -> None:
    home = Path(service_env["DAGSTER_HOME"])
    releases = Path(service_env["STI_WAREHOUSE"]).parent / "releases"
    killed = subprocess.Popen([str(BIN / "sti"), "run"], env=service_env, cwd=PROJECT_ROOT)
    wait_for(  # killed mid-way: after it recorded its worker and began writing its build
        "the run to record its worker and start its build",
        120,
        lambda: (
            any(PID_TAG in r.tags for r in _runs(home))
            and releases.is_dir()
            and any(p.name.startswith(".build-") for p in releases.iterdir())
        ),
    )
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    [dead] = _runs(home)
    assert dead.status == dg.DagsterRunStatus.STARTED, "Dagster alone still thinks it runs"
    assert any(p.name.startswith(".build-") for p in releases.iterdir())

    log = (tmp_path / "daemon.log").open("w")
    daemon = subprocess.Popen(
        [str(BIN / "dagster-daemon"), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
        env=service_env,
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        subprocess.run(
            [
                str(BIN / "dagster"),
                "job",
                "launch",
                "-w",
                str(PROJECT_ROOT / "workspace.yaml"),
                "-j",
                "materialize_everything",
            ],
            env=service_env,
            cwd=home,
            check=True,
            capture_output=True,
        )
        wait_for(
            "the queued run to succeed",
            DAEMON_DEADLINE_SECONDS,
            lambda: any(
                r.run_id != dead.run_id and r.status == dg.DagsterRunStatus.SUCCESS
                for r in _runs(home)
            ),
        )
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
        log.close()
    by_id = {r.run_id: r for r in _runs(home)}
    assert by_id[dead.run_id].status == dg.DagsterRunStatus.FAILURE
    assert not any(p.name.startswith(".build-") for p in releases.iterdir())
    assert Path(service_env["STI_WAREHOUSE"]).is_symlink()
