"""Reporting completeness: which department sent its yearly report, on time or late.

Every department that owns a sub-task owes one report a year (plan line 2401), due by the
release calendar's date for `department_reports` (sti/ingest/release_calendar.yaml: the end of
February of the next year). A report counts as received on the day `sti receive` archived its
first file that the night took (a file held back is not a report yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from sti.ingest.freshness import calendar_release_date
from sti.reference.vocabulary import korean

SOURCE_ID = "department_reports"
# Most advanced first: a department-year is shown by its furthest file.
STATE_ORDER = ("approved", "reviewed", "submitted", "returned")
COMPLETENESS_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "department_en": pl.String,
    "year": pl.Int32,
    "due_date": pl.Date,
    "files_received": pl.Int32,
    "first_received_on": pl.Date,
    "days_late": pl.Int32,
    "reporting": pl.String,
    "reporting_ko": pl.String,
    "review_state": pl.String,
    "review_state_ko": pl.String,
    "files_held_back": pl.Int32,
}


def reporting_status(due: dt.date, received: dt.date | None, today: dt.date) -> str:
    if received is not None:
        return "on_time" if received <= due else "late"
    return "not_due" if today <= due else "missing"


def completeness(
    departments: list[tuple[str, str]],
    years: list[int],
    files: pl.DataFrame,
    held_back: set[str],
    today: dt.date,
) -> pl.DataFrame:
    """One row per department and check year: due date, files received, on time / late /
    missing / not due yet, and the report's furthest review state."""
    rows = []
    for name_ko, name_en in departments:
        for year in years:
            due = calendar_release_date(SOURCE_ID, str(year))
            assert due is not None, "the release calendar has department_reports"
            mine = files.filter((pl.col("department_ko") == name_ko) & (pl.col("year") == year))
            taken = mine.filter(~pl.col("source_file").is_in(list(held_back)))
            first: dt.date | None = min(taken["received_on"].to_list(), default=None)
            states = set(taken["review_state"].to_list())
            state = next((s for s in STATE_ORDER if s in states), None)
            status = reporting_status(due, first, today)
            rows.append(
                {
                    "department_ko": name_ko,
                    "department_en": name_en,
                    "year": year,
                    "due_date": due,
                    "files_received": taken.height,
                    "first_received_on": first,
                    "days_late": (first - due).days if first and status == "late" else None,
                    "reporting": status,
                    "reporting_ko": korean("reporting", status),
                    "review_state": state,
                    "review_state_ko": korean("review_state", state),
                    "files_held_back": mine.height - taken.height,
                }
            )
    return pl.DataFrame(rows, schema=COMPLETENESS_SCHEMA)
