"""Reporting completeness (sti/departments/completeness.py) against the due date."""

from __future__ import annotations

import datetime as dt

import polars as pl

from sti.departments.completeness import completeness, reporting_status

DUE = dt.date(2026, 2, 28)


def test_on_time_late_missing_and_not_due_at_their_bounds() -> None:
    assert reporting_status(DUE, DUE, DUE) == "on_time"
    assert reporting_status(DUE, DUE + dt.timedelta(days=1), DUE) == "late"
    assert reporting_status(DUE, None, DUE) == "not_due"
    assert reporting_status(DUE, None, DUE + dt.timedelta(days=1)) == "missing"


def test_a_held_back_file_is_not_a_report() -> None:
    files = pl.DataFrame(
        {
            "source_file": ["a.xlsx", "b.xlsx"],
            "department_ko": ["부서 A", "부서 B"],
            "year": [2025, 2025],
            "received_on": [dt.date(2026, 2, 20), dt.date(2026, 2, 21)],
            "review_state": ["approved", "submitted"],
        }
    )
    table = completeness(
        [("부서 A", "A"), ("부서 B", "B"), ("부서 C", "C")],
        [2025],
        files,
        {"b.xlsx"},
        dt.date(2026, 3, 5),
    )
    rows = table.select(
        "department_ko", "due_date", "reporting_ko", "review_state_ko", "files_held_back"
    ).rows()
    assert rows == [
        ("부서 A", DUE, "기한 내 제출", "확정", 0),
        ("부서 B", DUE, "미제출", None, 1),
        ("부서 C", DUE, "미제출", None, 0),
    ]
