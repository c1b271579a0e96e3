"""Sensors. `dead_run_reaper` fails runs whose worker died so the nightly run is never blocked;
`night_failure_alert` and `night_warning_alert` tell people about the night (sti/operations/alerts.py)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.jobs import materialize_everything
from sti.operations.alerts import failure_alert, send, warning_alert
from sti.operations.resources import AlertResource
from sti.operations.run_reaper import reap_dead_runs

REAPER_INTERVAL_SECONDS = 30
ALERT_INTERVAL_SECONDS = 15  # a failed night is heard of within a quarter minute


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


@dg.run_failure_sensor(
    name="night_failure_alert",
    monitored_jobs=[materialize_everything],
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Posts one alert per failed run (run id, failed steps, reasons) to the webhook "
    "in STI_ALERT_WEBHOOK_URL, and writes it to the daemon's log.",
)
def night_failure_alert(context: dg.RunFailureSensorContext, alerts: AlertResource) -> None:
    send(failure_alert(context.instance, context.dagster_run), context.log, alerts.webhook_url())


@dg.run_status_sensor(
    name="night_warning_alert",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[materialize_everything],
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Posts a warning when a run published a release with data-quality findings or "
    "overdue releases (new ones marked), to the same webhook and log.",
)
def night_warning_alert(context: dg.RunStatusSensorContext, alerts: AlertResource) -> None:
    alert = warning_alert(Path(alerts.warehouse), context.dagster_run)
    if alert is not None:
        send(alert, context.log, alerts.webhook_url())
