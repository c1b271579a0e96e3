"""`sti status`: the health of the warehouse in one screen, and an exit status a monitoring
system can act on.

It answers what an operator asks in the morning: did last night's run succeed (and if not, at
which step and why), when was the warehouse last published and is that release intact, is the
daemon alive (no daemon, no schedule), and what the published release leaves open (data-quality
findings, overdue releases). Exit status: 1 when the last finished run failed or the published
release is not intact; with `require_daemon`, also when the daemon's heartbeat is stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from sti.operations.alerts import open_items
from sti.operations.run_report import INDENT, failed_steps, failure_lines, stored_events
from sti.warehouse.change_detection import PLAN_TIMEZONE
from sti.warehouse.releases import ReleaseStore

# Each daemon thread writes a heartbeat every 30 s (dagster/_daemon/controller.py,
# DEFAULT_HEARTBEAT_INTERVAL_SECONDS); when none of them has for four beats, it is not running.
DAEMON_STALE_SECONDS = 120
FINISHED = (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED)
LISTED_ITEMS = 12


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def add(self, label: str, text: str) -> None:
        self.lines.append(f"{label:<13}{text}")


def _time(timestamp: float | None) -> str:
    if timestamp is None:
        return "?"
    return dt.datetime.fromtimestamp(timestamp, PLAN_TIMEZONE).strftime("%Y-%m-%d %H:%M:%S %Z")


def _runs(report: Report, instance: Any, job: str) -> None:
    records = instance.get_run_records(filters=dg.RunsFilter(job_name=job), limit=20)
    running = [r for r in records if r.dagster_run.status not in FINISHED]
    finished = [r for r in records if r.dagster_run.status in FINISHED]
    for record in running[:1]:
        run = record.dagster_run
        report.add(
            "running", f"run {run.run_id} {run.status.value} since {_time(record.start_time)}"
        )
    if not finished:
        report.add("last run", f"none of {job} finished yet")
        return
    record = finished[0]
    run = record.dagster_run
    took = (
        f" ({record.end_time - record.start_time:.0f} s)"
        if record.start_time and record.end_time
        else ""
    )
    report.add(
        "last run",
        f"{run.status.value} run {run.run_id} of {job}, "
        f"{_time(record.start_time)} -> {_time(record.end_time)}{took}",
    )
    if run.status == dg.DagsterRunStatus.SUCCESS:
        return
    events = stored_events(instance, run.run_id)
    steps = failed_steps(events)
    report.add("failed at", ", ".join(steps) if steps else "before any step ran")
    report.lines += [INDENT + line for line in failure_lines(events)]
    where = f" at {', '.join(steps)}" if steps else ""
    report.problems.append(f"the last run ({run.run_id}) {run.status.value}{where}")


def _publish(report: Report, warehouse: Path) -> Path | None:
    store = ReleaseStore(warehouse)
    current = store.current()
    problems = store.verify()
    if current is None and not problems:
        report.add("published", f"nothing published at {warehouse} yet")
        return None
    if current is not None:
        report.add(
            "published",
            f"{_time(dt.datetime.fromisoformat(current.published_at).timestamp())} "
            f"release {current.name} sha256 {current.sha256[:16]}... "
            f"(run {current.run_id})",
        )
        report.add("environment", f"uv.lock {current.environment_lock}")
    for problem in problems:
        report.add("NOT INTACT", problem)
        report.problems.append(f"the published release is not intact: {problem}")
    return None if current is None else current.path


def _daemon(report: Report, instance: Any, now: dt.datetime, require: bool) -> None:
    beats = instance.get_daemon_heartbeats()
    if not beats:
        report.add("daemon", "no heartbeat: the daemon has not run against this instance")
        if require:
            report.problems.append("the daemon has never run (no schedule fires)")
        return
    newest = max(beat.timestamp for beat in beats.values())
    age = now.timestamp() - newest
    kinds = ", ".join(sorted(beats))
    if age > DAEMON_STALE_SECONDS:
        report.add("daemon", f"STALE: last heartbeat {age:.0f} s ago at {_time(newest)} ({kinds})")
        if require:
            report.problems.append(f"the daemon's last heartbeat is {age:.0f} s old")
    else:
        report.add("daemon", f"alive, heartbeat {age:.0f} s ago ({kinds})")


def _open_items(report: Report, release: Path | None) -> None:
    if release is None:
        return
    items = open_items(release)
    findings = sum(i["kind"] == "finding" for i in items)
    overdue = sum(i["kind"] == "overdue release" for i in items)
    held = [i for i in items if i["kind"] == "held back"]
    report.add("open items", f"{findings} finding(s), {overdue} overdue release(s)")
    if held:
        report.add("held back", "; ".join(f"{i['item']} ({i['detail']})" for i in held))
        report.problems.append(
            f"{len(held)} received file(s) held back: {', '.join(i['item'] for i in held)}"
        )
    report.lines += [
        f"{INDENT}{i['kind']} {i['item']}: {i['detail']}" for i in items[:LISTED_ITEMS]
    ]
    if len(items) > LISTED_ITEMS:
        report.lines.append(f"{INDENT}... {len(items) - LISTED_ITEMS} more: see `sti sql`")


def status(
    instance: Any,
    warehouse: Path,
    job: str,
    now: dt.datetime | None = None,
    require_daemon: bool = False,
) -> Report:
    """Everything `sti status` prints, and whether it is healthy."""
    now = now or dt.datetime.now(dt.UTC)
    report = Report()
    storage = type(instance.run_storage).__name__
    report.add("instance", f"{instance.root_directory} ({storage})")
    _runs(report, instance, job)
    release = _publish(report, warehouse)
    _daemon(report, instance, now, require_daemon)
    _open_items(report, release)
    verdict = "FAILING: " + "; ".join(report.problems) if report.problems else "OK"
    report.add("verdict", verdict)
    return report
