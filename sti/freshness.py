"""Freshness that follows each source's release calendar (sti/release_calendar.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

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
    return yaml.safe_load(CALENDAR_FILE.read_text(encoding="utf-8"))["sources"]


def _release_date(period_end: dt.date, lag_months: int, release_day: int) -> dt.date:
    month_index = period_end.year * 12 + period_end.month - 1 + lag_months
    year, month = divmod(month_index, 12)
    last_day = (dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(release_day, last_day))


def _last_period_end(reference_period: str, frequency: str) -> dt.date | None:
    """The last day of the newest period a release covers ('2014-2024' -> 2024-12-31,
    '2026-01..2026-06' -> 2026-06-30, '2021' -> 2021-12-31)."""
    months = re.findall(r"((?:19|20)\d{2})-(\d{2})(?!\d)", reference_period)
    if frequency == "monthly" and months:
        year, month = max((int(y), int(m)) for y, m in months)
        return _release_date(dt.date(year, month, 1), 0, 31)
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", reference_period)]
    return dt.date(max(years), 12, 31) if years else None


def calendar_release_date(source_id: str, reference_period: str | None) -> dt.date | None:
    """When the calendar says the release holding `reference_period` was published."""
    rule = calendar().get(source_id)
    if rule is None or not reference_period:
        return None
    end = _last_period_end(reference_period, rule["frequency"])
    if end is None:
        return None
    return _release_date(end, rule["lag_months"], rule["release_day"])


def calendar_basis(source_id: str) -> str:
    """'stated' when the calendar entry follows a documented release date, else 'assumed'."""
    return str(calendar().get(source_id, {}).get("basis", "assumed"))


def expected_latest(source_id: str, today: dt.date) -> Expectation | None:
    """The newest period that should have been released (with grace) by `today`."""
    rule = calendar().get(source_id)
    if rule is None:
        return None
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
