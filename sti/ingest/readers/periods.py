"""Period headers of KOSIS tables: `2021`, `2021 p)`, `1985 년`, `2026.06`, `202606`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERIOD = re.compile(
    r"^\s*(?P<year>(19|20)\d{2})\s*(?:년)?\s*(?:[.\-/]\s*(?P<month>\d{1,2})\s*(?:월)?)?"
    r"\s*(?P<flag>[pe]\))?\s*$"
)
_COMPACT_MONTH = re.compile(r"^\s*(?P<year>(19|20)\d{2})(?P<month>0[1-9]|1[0-2])\s*$")


@dataclass(frozen=True)
class Period:
    """A normalised period: `2021` (annual) or `2021-06` (monthly)."""

    label: str
    year: int
    month: int | None
    preliminary: bool
    estimate: bool

    @property
    def key(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"


def parse_period(label: str) -> Period | None:
    """Return the period a column header names, or None when it is not a period header."""
    match = _PERIOD.match(label) or _COMPACT_MONTH.match(label)
    if not match:
        return None
    month = match.groupdict().get("month")
    flag = match.groupdict().get("flag") or ""
    if month is not None and not 1 <= int(month) <= 12:
        return None
    return Period(
        label=label,
        year=int(match.group("year")),
        month=int(month) if month else None,
        preliminary=flag.startswith("p"),
        estimate=flag.startswith("e"),
    )


def reference_periods(reference_period: str | None) -> list[str]:
    """Every period a sidecar's `reference_period` spans, as period keys:
    `2014-2024` -> every year, `2026-01..2026-06` or `202601-202606` -> every month, a single
    period -> itself; anything else -> [] (the span is not known)."""
    text = (reference_period or "").strip()
    single = parse_period(text) if text else None
    if single is not None:
        return [single.key]
    bounds = text.split("..") if ".." in text else text.split("-") if text.count("-") == 1 else []
    first, last = (parse_period(b) for b in bounds) if len(bounds) == 2 else (None, None)
    if first is None or last is None or (first.month is None) != (last.month is None):
        return []
    if first.month is None or last.month is None:
        return [str(year) for year in range(first.year, last.year + 1)]
    months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in months]


def last_reference_period(reference_period: str | None) -> Period | None:
    """The newest period a release covers, e.g. `2024` for `2014-2024`."""
    periods = reference_periods(reference_period)
    return parse_period(periods[-1]) if periods else None
