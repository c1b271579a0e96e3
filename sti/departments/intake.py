"""What the night takes from the departments: every report file with its review state.

The files are taken or held back one by one (sti/departments/hold_back.py); each row then
carries its file's review state (sti/departments/review.py), so the marts can show every
figure with its state and count only 확정 ones, from the meeting date on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sti.departments.hold_back import accept_reports
from sti.departments.review import (
    file_states,
    read_transitions,
    report_file_table,
    report_files,
    transition_table,
    with_review_state,
)
from sti.departments.yearly_report import ReportRules

TABLES = {
    "kpis": "staging.department_reports",
    "budgets": "staging.department_budget_reports",
    "actions": "staging.department_action_reports",
    "plans": "staging.department_next_plans",
    "indicators": "staging.department_subtask_indicators",
}


@dataclass(frozen=True)
class Intake:
    tables: dict[str, pl.DataFrame]  # staging table -> rows, each with its review state
    files: pl.DataFrame  # staging.report_files: one row per received file and its state
    reviews: pl.DataFrame  # staging.report_reviews: every decision, in order
    held_back: pl.DataFrame


def take_reports(
    paths: list[Path],
    root: Path,
    checksums: dict[str, str],
    rules: ReportRules,
    today: dt.date,
    held_before: dict[tuple[str, str], dt.date],
    slugs: dict[str, str],
) -> Intake:
    files = report_files(root, paths, slugs)
    transitions = read_transitions(root)
    states = file_states(files, transitions)
    returned = frozenset(name for name, state in states.items() if state.state == "returned")
    accepted = accept_reports(paths, root, checksums, rules, today, held_before, returned)
    frames = accepted.parsed.frames()
    return Intake(
        {TABLES[kind]: with_review_state(frame, states) for kind, frame in frames.items()},
        report_file_table(files, states),
        transition_table(transitions),
        accepted.held_back,
    )
