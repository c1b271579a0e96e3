"""The nightly schedule: everything, every day at 02:00 Seoul time."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import materialize_everything

NIGHTLY_CRON = "0 2 * * *"
NIGHTLY_TIMEZONE = "Asia/Seoul"

nightly = dg.ScheduleDefinition(
    name="nightly",
    job=materialize_everything,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=NIGHTLY_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Materialize every asset nightly at 02:00 Asia/Seoul (needs the daemon: `make dev`).",
)
