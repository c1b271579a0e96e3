"""The nightly schedule: at 02:00 Seoul time, rebuild what changed since the published release.

Each tick plans the run (pipelines/run_plans.py): nothing changed, the tick is skipped with the
reason; otherwise it requests the changed assets (everything when nothing usable is published or
a KOSIS release is due)."""

from __future__ import annotations

import dagster as dg

from pipelines.jobs import materialize_everything
from pipelines.run_plans import asset_selection, next_plan
from sti.paths import published_warehouse_path
from sti.warehouse.change_detection import PLAN_TIMEZONE

NIGHTLY_CRON = "0 2 * * *"
NIGHTLY_TIMEZONE = PLAN_TIMEZONE.key  # the date change detection plans with is Seoul's too


@dg.schedule(
    name="nightly",
    job=materialize_everything,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=NIGHTLY_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="At 02:00 Asia/Seoul: rebuild the assets whose code or inputs changed since the "
    "published release and publish (needs the daemon: `make dev` or the service).",
)
def nightly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    when = context.scheduled_execution_time
    plan = next_plan(published_warehouse_path(), today=when.date() if when else None)
    if plan.nothing_to_do:
        return dg.SkipReason(plan.reason)
    return dg.RunRequest(asset_selection=asset_selection(plan), tags=plan.tags())
