"""Plans for the next run, as `sti run` and the nightly schedule make them
(sti/change_detection.py), and running one in this process."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sti.change_detection import RunPlan, plan_date, plan_run
from sti.kosis_api import API_KEY_ENV
from sti.kosis_refresh import due_tables
from sti.paths import RAW_DIR

if TYPE_CHECKING:  # Dagster is imported only when there is something to run
    import dagster as dg

FULL_BUILD = RunPlan("a full build was asked for", None)


def refresh_due(today: dt.date, archive: Path = RAW_DIR) -> bool:
    """A live fetch will run (a key is set) and the release calendar expects a newer release."""
    return bool(os.environ.get(API_KEY_ENV)) and bool(due_tables(archive, today))


def next_plan(warehouse: Path, archive: Path = RAW_DIR, today: dt.date | None = None) -> RunPlan:
    today = today or plan_date()
    return plan_run(archive, warehouse, today, refresh_due(today, archive))


def asset_selection(plan: RunPlan) -> list[dg.AssetKey] | None:
    import dagster as dg

    if plan.selection is None:
        return None
    return [dg.AssetKey(key.split("/")) for key in sorted(plan.selection)]


def runs_gx_suites(selection: list[dg.AssetKey] | None) -> bool:
    """Whether a run of `selection` (None: everything) builds a mart a GX suite checks."""
    from assets.checks.gx_suites import GX_CHECKED_ASSETS

    return selection is None or bool(set(selection) & set(GX_CHECKED_ASSETS))


def execute(
    plan: RunPlan, instance: dg.DagsterInstance, run_config: dict[str, Any] | None = None
) -> dg.ExecuteInProcessResult | None:
    """Run what the plan says in this process (None when there is nothing to do). Resources
    are configured through `run_config`: a subset of the job takes no resource objects."""
    if plan.nothing_to_do:
        return None
    from pipelines.definitions import defs
    from pipelines.jobs import EVERYTHING_JOB
    from sti import gx_process

    selection = asset_selection(plan)
    if runs_gx_suites(selection):
        gx_process.start()  # GX imports on the other core while the run reads its inputs
    return defs.resolve_job_def(EVERYTHING_JOB).execute_in_process(
        run_config=run_config,
        instance=instance,
        raise_on_error=False,
        asset_selection=selection,
        tags=plan.tags(),
    )
