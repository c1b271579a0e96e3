"""Freshness that follows each source's release calendar (sti/ingest/release_calendar.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from sti.ingest.readers.periods import last_reference_period
from sti.reference import yaml_text

CALENDAR_FILE = Path(__file__).with_name("release_calendar.yaml")


@dataclass(frozen=True)
class Expectation:
    source_id: str
    name: str
    frequency: str
    expected_latest: str
    due_since: dt.date


@cache
def calendar() -> dict[str, dict]:
    return yaml_text.parse(CALENDAR_FILE.read_text(encoding="utf-8"))["sources"]


def _release_date(period_end: dt.date, lag_months: int, release_day: int) -> dt.date:
    month_index = period_end.year * 12 + period_end.month - 1 + lag_months
    year, month = divmod(month_index, 12)
    last_day = (dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(release_day, last_day))


def calendar_release_date(source_id: str, reference_period: str | None) -> dt.date | None:
    """When the calendar says the release holding `reference_period` was published."""
    rule = calendar().get(source_id)
    if rule is None or not reference_period:
        return None
    last = last_reference_period(reference_period)
    if last is None:
        return None
    end = dt.date(last.year, last.month or 12, 28)  # the month is what counts, not the day
    return _release_date(end, rule["lag_months"], rule["release_day"])


def calendar_basis(source_id: str) -> str:
    """'stated' when the calendar entry follows a documented release date, else 'assumed'."""
    return str(calendar().get(source_id, {}).get("basis", "assumed"))


def expected_latest(source_id: str, today: dt.date) -> Expectation | None:
    """The newest period that should have been released (with grace) by `today`; for a closed
    series (`last_period`), never later than its last."""
    rule = calendar().get(source_id)
    if rule is None:
        return None
    found = _expected(source_id, rule, today)
    last = rule.get("last_period")
    if last is None or found.expected_latest <= str(last):
        return found
    last_end = last_reference_period(str(last))
    assert last_end is not None
    end = dt.date(last_end.year, last_end.month or 12, 28)
    due = _release_date(end, rule["lag_months"], rule["release_day"])
    return Expectation(source_id, rule["name"], rule["frequency"], str(last), due)


def _expected(source_id: str, rule: dict, today: dt.date) -> Expectation:
    grace = dt.timedelta(days=rule["grace_days"])
    if rule["frequency"] == "monthly":
        candidates = [(y, m) for y in range(today.year - 2, today.year + 1) for m in range(1, 13)]
        due = [
            (y, m, _release_date(dt.date(y, m, 28), rule["lag_months"], rule["release_day"]))
            for y, m in candidates
        ]
        y, m, date = max((d for d in due if d[2] + grace <= today), key=lambda d: (d[0], d[1]))
        return Expectation(source_id, rule["name"], "monthly", f"{y}-{m:02d}", date)
    yearly = [
        (year, _release_date(dt.date(year, 12, 31), rule["lag_months"], rule["release_day"]))
        for year in range(today.year - 5, today.year + 1)
    ]
    year, released = max((d for d in yearly if d[1] + grace <= today), key=lambda d: d[0])
    return Expectation(source_id, rule["name"], rule["frequency"], str(year), released)


def freshness_frame(
    latest: dict[str, str],
    today: dt.date,
    next_evaluation: tuple[str, int] | None = None,
    reported: dict[str, str] | None = None,
) -> pl.DataFrame:
    """One row per calendar source: latest period held, latest expected, overdue or not, and
    the newest period the calendar promises by the end of the next evaluation's year
    (marts.plan_evaluation_schedule), so an evaluator knows which data year to expect. A period
    known only from a press report (`reported`: source -> newest period) is shown apart: the
    release is still to be archived."""
    rows = []
    kind, year = next_evaluation or (None, None)
    for source_id in calendar():
        expectation = expected_latest(source_id, today)
        assert expectation is not None
        by_evaluation = expected_latest(source_id, dt.date(year, 12, 31)) if year else None
        held = latest.get(source_id)
        rows.append(
            {
                "source_id": source_id,
                "source_name": expectation.name,
                "frequency": expectation.frequency,
                "latest_period_held": held,
                "latest_period_reported": (reported or {}).get(source_id),
                "latest_period_expected": expectation.expected_latest,
                "expected_release_date": expectation.due_since,
                "overdue": held is None or held < expectation.expected_latest,
                "next_evaluation_kind": kind,
                "next_evaluation_year": year,
                "latest_period_by_next_evaluation": by_evaluation.expected_latest
                if by_evaluation
                else None,
                "checked_on": today,
            }
        )
    return pl.DataFrame(rows)
