"""Sensors. `dead_run_reaper` fails runs whose worker died so the nightly run is never blocked."""

from __future__ import annotations

import dagster as dg

from sti.run_reaper import reap_dead_runs

REAPER_INTERVAL_SECONDS = 30


@dg.sensor(
    name="dead_run_reaper",
    minimum_interval_seconds=REAPER_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks runs whose worker process died as failed, so the queue can start the next run.",
)
def dead_run_reaper(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    reaped = reap_dead_runs(context.instance)
    for run_id in reaped:
        context.log.warning(f"run {run_id}: its worker died; marked failed")
    return dg.SkipReason(
        f"marked {len(reaped)} dead run(s) failed: {reaped}" if reaped else "no dead runs"
    )
