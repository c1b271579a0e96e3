"""Plans for the next run, as `sti run` and the nightly schedule make them
(sti/change_detection.py), and running one in this process."""

from __future__ import annotations

import datetime as dt
import functools
import gc
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


@functools.cache
def load_definitions() -> dg.Definitions:
    """The project's definitions, imported (with Dagster, pandera, polars and pandas) while
    Python's cyclic garbage collector waits, then frozen out of its sight (`gc.freeze`): the
    ~280,000 objects the imports leave live as long as the process, and each full collection
    walked them all, five during the imports and more during the run (0.8 s of the shipped
    data's 12 s run; 0.1 s with this; measured 2026-11-24). Imports leave next to no cyclic
    garbage. Done once a process: objects frozen are never collected, so a long-lived process
    that runs many times (tests, a code server) freezes only what it loaded first."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        from pipelines.definitions import defs
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return defs


def execute(
    plan: RunPlan, instance: dg.DagsterInstance, run_config: dict[str, Any] | None = None
) -> dg.ExecuteInProcessResult | None:
    """Run what the plan says in this process (None when there is nothing to do). Resources
    are configured through `run_config`: a subset of the job takes no resource objects."""
    if plan.nothing_to_do:
        return None
    defs = load_definitions()
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
