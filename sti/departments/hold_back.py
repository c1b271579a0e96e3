"""One department's mistake holds back its own file, not the night.

A report file that breaks a rule (a cell that cannot be read, a KPI of another department, a
row that repeats or contradicts one received before it) is *held back*: none of its rows enter
the warehouse, every other report does, and the night publishes everything else. The file stays
in the archive as received; `checks.held_back` says which file, row, column and rule, and since
which night. Once the file is fixed (or replaced by a corrected one), the next night takes it.

Files are taken in the order they were received (`sti receive` prefixes the date): a row that
repeats or contradicts an earlier file's is the later file's problem, so one bad resend never
holds back what was accepted before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from sti.departments.yearly_report import (
    ParsedReports,
    ReportRules,
    archive_conflicts,
    parse_report_files,
    validate_parsed,
)
from sti.errors import InputError, InputProblem
from sti.ingest.held_back import dated, held_rows
from sti.paths import relative_to_raw

SOURCE = "department_reports"
FOUND_BY = "staging.department_reports"


@dataclass(frozen=True)
class Accepted:
    """The rows of the files taken, and one row per problem of each file held back."""

    parsed: ParsedReports
    held_back: pl.DataFrame


def _problems_of(path: Path, root: Path, problems: list[InputProblem]) -> list[dict[str, Any]]:
    return held_rows(problems, relative_to_raw(path, root), SOURCE, SOURCE, FOUND_BY)


def accept_reports(
    paths: list[Path],
    root: Path,
    checksums: dict[str, str],
    rules: ReportRules,
    today: dt.date,
    held_before: dict[tuple[str, str], dt.date],
    returned: frozenset[str] = frozenset(),
) -> Accepted:
    """Every file in receipt order, taken whole or held back whole. `held_before` maps (file,
    rule) to the night it was first held back (the previous release's checks.held_back).
    `returned` are files the secretariat sent back (반려): kept and shown with their state, but
    a corrected resubmission may repeat their rows."""
    taken = ParsedReports.empty()
    counted = ParsedReports.empty()  # what a later file may not repeat
    held: list[dict[str, Any]] = []
    for path in sorted(paths, key=lambda p: (p.parent.as_posix(), p.name)):
        try:
            new = parse_report_files([path], root, checksums)
        except InputError as error:
            held += _problems_of(path, root, error.problems)
            continue
        problems = validate_parsed(new, rules, today) + archive_conflicts(new, counted)
        if problems:
            held += _problems_of(path, root, problems)
            continue
        taken = taken.plus(new)
        if relative_to_raw(path, root) not in returned:
            counted = counted.plus(new)
    return Accepted(taken, dated(held, held_before, today))
