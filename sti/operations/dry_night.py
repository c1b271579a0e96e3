"""`sti check`: would tonight's run take the archive as it is now? Answered before the night.

A KOSIS file placed by `sti fetch` or by hand (with its sidecar), or any other change to
data/raw/, is checked by the night's own code on scratch copies: the archive and the published
release store are copied to a temporary folder, the run the night would plan is executed there
up to the publish step (the exports read only what is published, and nothing here is), and what
failed is reported as the night would report it. Nothing published or archived is touched; the
copies are removed. The same rules as the night, because it is the night's code.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sti.warehouse.change_detection import RunPlan, plan_date, plan_run
from sti.warehouse.export_record import EXPORT_PREFIX

SCRATCH_PREFIX = "sti-check-"


@dataclass(frozen=True)
class DryNight:
    plan: RunPlan
    failures: list[str]
    warnings: list[str]
    held_back: list[str]  # the files the night would hold back, and why

    @property
    def passed(self) -> bool:
        return not self.failures


def without_exports(plan: RunPlan) -> RunPlan:
    """The plan up to the publish step: exports read only the published release."""
    if plan.selection is None:
        return plan
    kept = frozenset(key for key in plan.selection if not key.startswith(EXPORT_PREFIX))
    return RunPlan(plan.reason, kept, plan.base_release, plan.today)


def dry_night(
    archive: Path,
    warehouse: Path,
    execute: Callable[[RunPlan, Path, Path], Any],
    report: Callable[[Any], tuple[list[str], list[str], list[str]]],
    today: dt.date | None = None,
) -> DryNight:
    """Copy `archive` and `warehouse`'s release store, plan the night on the copies and run
    it with `execute(plan, scratch archive, scratch warehouse)`; `report(result)` gives the
    failures, the warnings and the files held back. Returns the plan alone when there is nothing to build. Both are
    handed in by the command line: running the job is `pipelines`' work, above this package."""
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX) as scratch:
        root = Path(scratch)
        copy_archive = root / "raw"
        shutil.copytree(archive, copy_archive, symlinks=True)
        copy_warehouse = root / "marts" / warehouse.name
        if warehouse.parent.is_dir():
            shutil.copytree(warehouse.parent, copy_warehouse.parent, symlinks=True)
        plan = without_exports(
            # the night's date (Asia/Seoul), as the releases' dated fingerprints were recorded with
            plan_run(copy_archive, copy_warehouse, today or plan_date(), refresh_due=False)
        )
        if plan.nothing_to_do:
            return DryNight(plan, [], [], [])
        failures, warnings, held = report(execute(plan, copy_archive, copy_warehouse))
        return DryNight(plan, failures, warnings, held)
