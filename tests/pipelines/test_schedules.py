"""The nightly schedule: 02:00 Asia/Seoul, every asset."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.definitions import defs


def test_cron_and_timezone() -> None:
    schedule = defs.resolve_schedule_def("nightly")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Seoul"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING


def test_tick_targets_every_asset_with_valid_config() -> None:
    schedule = defs.resolve_schedule_def("nightly")
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    )
    requests = schedule.evaluate_tick(context).run_requests or []
    assert len(requests) == 1
    job = defs.resolve_job_def(schedule.job_name)
    dg.validate_run_config(job, requests[0].run_config)
    every_asset = defs.resolve_asset_graph().get_all_asset_keys()
    assert set(job.asset_layer.selected_asset_keys) == every_asset


def test_next_ticks_are_at_two_in_seoul() -> None:
    # cron_string_iterator is what the daemon uses to place ticks (internal, hence this test)
    from dagster._utils.schedules import cron_string_iterator

    schedule = defs.resolve_schedule_def("nightly")
    start = dt.datetime(2026, 11, 22, 0, 0, tzinfo=dt.UTC).timestamp()
    ticks = cron_string_iterator(start, schedule.cron_schedule, schedule.execution_timezone)
    first, second = next(ticks), next(ticks)
    # 00:00 UTC is 09:00 in Seoul, so the next tick is 02:00 KST the following day
    assert first.isoformat() == "2026-11-23T02:00:00+09:00"
    assert second - first == dt.timedelta(days=1)
