"""Running a plan (pipelines/run_plans.py) in this process, as `sti run`, the tests and the
benchmarks do: the definitions loaded once, out of the garbage collector's sight."""

from __future__ import annotations

import functools
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.run_plans import asset_selection, runs_gx_suites
from sti.warehouse.change_detection import RunPlan

if TYPE_CHECKING:  # Dagster is imported only when there is something to run
    import dagster as dg


def run_config(
    warehouse: Path | None = None, archive: Path | None = None, log_level: str = "CRITICAL"
) -> dict[str, Any]:
    """Run configuration for an in-process run: the console's log level and, when given, the
    warehouse and archive paths. Resources go in as configuration, not objects: a subset of the
    job takes no resource objects."""
    config: dict[str, Any] = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    resources = {}
    if warehouse is not None:
        resources["warehouse"] = {"config": {"database": str(warehouse)}}
    if archive is not None:
        resources["archive"] = {"config": {"root": str(archive)}}
    return {**config, "resources": resources} if resources else config


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
    from sti.quality.mart_suites import start_gx_process

    selection = asset_selection(plan)
    if runs_gx_suites(selection):
        start_gx_process()  # GX imports on the other core while the run reads its inputs
    return defs.resolve_job_def(EVERYTHING_JOB).execute_in_process(
        run_config=run_config,
        instance=instance,
        raise_on_error=False,
        asset_selection=selection,
        tags=plan.tags(),
    )
