"""Fail runs whose worker process died, so that a killed run never blocks the nightly run.

Dagster's run monitoring cannot see a dead worker of the default run launcher (it does not
support worker health checks), and `sti run` executes in its own process. So each run records
its worker (host, process id and the process's start time, which tells a reused id apart) as
run tags when the warehouse resource starts; a run still marked STARTED whose worker is gone is
reported failed. The `dead_run_reaper` sensor does this in the daemon every minute, and
`sti run` before it starts.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping
from pathlib import Path

import dagster as dg

HOST_TAG = "sti/worker_host"
PID_TAG = "sti/worker_pid"
START_TAG = "sti/worker_start"
IN_PROGRESS = (
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
)


def process_start(pid: int) -> str | None:
    """The start time of process `pid` in clock ticks since boot (None when it does not exist)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # field 22 (starttime) counted after the parenthesised command name, which may hold spaces
    return stat.rsplit(")", 1)[1].split()[19]


def worker_tags() -> dict[str, str]:
    pid = os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), START_TAG: process_start(pid) or ""}


def worker_is_dead(tags: Mapping[str, str]) -> bool:
    """True when the tags name a worker on this host that no longer runs."""
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG, "").isdigit():
        return False  # another host's worker, or a run that never started its resources
    started = process_start(int(tags[PID_TAG]))
    return started is None or started != tags.get(START_TAG)


def dead_runs(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    runs: Iterable[dg.DagsterRun] = instance.get_runs(
        filters=dg.RunsFilter(statuses=list(IN_PROGRESS))
    )
    return [run for run in runs if worker_is_dead(run.tags)]


def reap_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark every run whose worker died as failed; return their ids."""
    reaped = []
    for run in dead_runs(instance):
        instance.report_run_failed(
            run,
            f"the run's worker process {run.tags[PID_TAG]} on {run.tags[HOST_TAG]} is gone "
            "(killed or crashed); marked failed so that the queue can start the next run. Its "
            "build file is removed at the start of the next run; the published warehouse was "
            "not changed.",
        )
        reaped.append(run.run_id)
    return reaped
