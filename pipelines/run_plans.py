"""Plans for the next run, as `sti run` and the nightly schedule make them
(sti/warehouse/change_detection.py). Running one in this process is
pipelines/run_in_process.py's job: it needs the definitions, which need the schedule, which
needs this module."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sti.ingest.kosis_api import API_KEY_ENV
from sti.ingest.kosis_refresh import due_tables
from sti.paths import RAW_DIR
from sti.warehouse.change_detection import RunPlan, plan_date, plan_run

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
