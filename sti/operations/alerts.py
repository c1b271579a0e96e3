"""Alerts: a failed night, and a night that published with findings or overdue releases.

A city office hears about a night without opening the UI: each alert is written to the log and,
when a webhook is configured, posted as JSON. The payload's `text` is what chat tools (Slack,
Mattermost, a Teams workflow) show; the other fields are for a program (run id, job, the steps
that failed, the open items).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from sti.db.sql_door import connect_read_only
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import has_table
from sti.operations.run_report import check_lines, failed_steps, failure_lines, stored_events
from sti.warehouse.releases import ReleaseStore

# Written by sti/departments/hold_back.py (HELD_BACK_TABLE there), read here by name: importing
# that module would bring pandera and polars into `sti status` (0.24 -> 0.8 s, 2026-12-07).
HELD_BACK_TABLE = "checks.held_back"

WEBHOOK_ENV = "STI_ALERT_WEBHOOK_URL"
WEBHOOK_TIMEOUT_SECONDS = 10.0
MAX_LISTED_ITEMS = 20  # a chat message stays readable; the full list is in `sti status`


class AlertError(RuntimeError):
    """The webhook refused or could not be reached; the alert is still in the log."""


@dataclass(frozen=True)
class Alert:
    level: str  # "error" (the night failed) or "warning" (published, with open items)
    title: str
    run_id: str
    job: str
    lines: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    items: list[dict[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.lines[:MAX_LISTED_ITEMS]])

    def payload(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "level": self.level,
            "run_id": self.run_id,
            "job": self.job,
            "failed_steps": self.failed_steps,
            "items": self.items,
        }


def failure_alert(instance: Any, run: Any) -> Alert:
    """What failed in a stored run, step by step, with each reason (from its event log)."""
    events = stored_events(instance, run.run_id)
    steps = failed_steps(events)
    where = f"at {', '.join(steps)}" if steps else "before any step ran"
    return Alert(
        level="error",
        title=f"[sti] night run {run.run_id} of {run.job_name} FAILED {where}; "
        "the published warehouse was left unchanged",
        run_id=run.run_id,
        job=run.job_name,
        lines=failure_lines(events) + check_lines(events, "ERROR"),
        failed_steps=steps,
    )


def open_items(database: Path) -> list[dict[str, str]]:
    """Findings, overdue releases and held-back files of a published release
    (sql/operations/open_items.sql, held_back_items.sql)."""
    with connect_read_only(database) as conn:
        rows = conn.execute(load_sql("operations", "open_items")).fetchall()
        if has_table(conn, HELD_BACK_TABLE):  # releases before held-back files have none
            rows += conn.execute(load_sql("operations", "held_back_items")).fetchall()
    return [{"kind": kind, "item": item, "detail": detail} for kind, item, detail in rows]


def warning_alert(warehouse: Path, run: Any) -> Alert | None:
    """A warning when the release the run published leaves findings or overdue releases open;
    items that the release before it did not have are marked new."""
    releases = ReleaseStore(warehouse).releases()  # newest first
    mine = [i for i, r in enumerate(releases) if r.run_id == run.run_id]
    if not mine:
        return None
    items = open_items(releases[mine[0]].path)
    if not items:
        return None
    before = releases[mine[0] + 1 :]
    known = {(i["kind"], i["item"]) for i in open_items(before[0].path)} if before else set()
    for item in items:
        item["new"] = "yes" if (item["kind"], item["item"]) not in known else "no"
    counts = {
        kind: sum(i["kind"] == kind for i in items)
        for kind in ("finding", "overdue release", "held back")
    }
    fresh = sum(i["new"] == "yes" for i in items)
    held = f", {counts['held back']} file(s) held back" if counts["held back"] else ""
    return Alert(
        level="warning",
        title=f"[sti] night run {run.run_id} published with {counts['finding']} finding(s) and "
        f"{counts['overdue release']} overdue release(s){held}, {fresh} new since the previous "
        "release",
        run_id=run.run_id,
        job=run.job_name,
        lines=[
            f"{'NEW ' if i['new'] == 'yes' else ''}{i['kind']} {i['item']}: {i['detail']}"
            for i in sorted(items, key=lambda i: i["new"] != "yes")
        ],
        items=items,
    )


def send(alert: Alert, log: logging.Logger | Any, webhook_url: str | None = None) -> bool:
    """Log the alert, then post it to the webhook (from STI_ALERT_WEBHOOK_URL when not given).
    Returns whether it was posted; a refused post raises AlertError after logging."""
    (log.error if alert.level == "error" else log.warning)(alert.text)
    url = webhook_url if webhook_url is not None else os.environ.get(WEBHOOK_ENV, "")
    if not url:
        return False
    try:
        response = httpx.post(url, json=alert.payload(), timeout=WEBHOOK_TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise AlertError(f"alert webhook unreachable ({type(error).__name__}): {error}") from None
    if response.status_code >= 300:
        raise AlertError(
            f"alert webhook answered HTTP {response.status_code}: {response.text[:200]}"
        )
    return True
