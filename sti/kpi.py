"""KPI progress: milestones, achievement and status. The status rules live here and only here.

For one KPI (a row of data/raw/targets/kpi_targets.csv) and one plan year:

milestone
    linear:    baseline + (target - baseline) * (year - baseline_year) / (target_year - baseline_year)
    compound:  baseline * (target / baseline) ** ((year - baseline_year) / (target_year - baseline_year))
    none:      the target itself in the target year, nothing before (used when no baseline exists)
    A derived target is baseline * (1 + growth_rate_pct / 100) ** (target_year - baseline_year).
    A direction-only KPI has no milestone.

actual
    level target:       the year's value (newest release) in the KPI's series;
    cumulative target:  the sum of the yearly flows from `cumulative_from` to the year, and only
                        when every one of those years has a value (a partial sum is no actual);
    a rate is never summed (the targets file is refused if it asks for that).

achievement_rate = (actual - baseline) / (target - baseline); with no baseline, actual / target.

status (fixed vocabulary, STATUSES), with `better` honouring the direction (lower is better
for some indicators):
    no_data_yet         no actual for the year;
    achieved            actual at or better than the target;
    deteriorating       actual worse than the baseline;
    on_track            actual at or better than the year's milestone;
    needs_acceleration  actual short of the milestone but at least NEEDS_ACCELERATION_SHARE of
                        the way from the baseline to it;
    off_track           otherwise.
  Direction-only KPIs: better than the baseline is on_track, equal is needs_acceleration,
  worse is deteriorating. With no baseline, before the target year: no milestone, so the status
  is no_data_yet without an actual and on_track with one (the threshold is judged at the target
  year only). A status that rests on a preliminary value says so in `status_basis`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STATUSES = (
    "achieved",
    "on_track",
    "needs_acceleration",
    "off_track",
    "deteriorating",
    "no_data_yet",
)
# Share of the way from baseline to milestone below which a lagging KPI is off track rather
# than needing acceleration (a convention of this project, stated in the evaluation report).
NEEDS_ACCELERATION_SHARE = 0.8
PLAN_FIRST_YEAR = 2023


@dataclass(frozen=True)
class Target:
    kpi_id: str
    direction: str  # higher | lower
    baseline_year: int
    baseline_value: float | None
    target_year: int
    target_value: float | None
    target_kind: str  # official_numeric | direction_only | derived
    interpolation: str  # linear | compound | none
    growth_rate_pct: float | None = None

    def resolved_target(self) -> float | None:
        """The numeric target: as stated, or computed for a derived target."""
        if self.target_kind == "derived":
            if self.baseline_value is None or self.growth_rate_pct is None:
                return None
            years = self.target_year - self.baseline_year
            return self.baseline_value * (1 + self.growth_rate_pct / 100) ** years
        if self.target_kind == "direction_only":
            return None
        return self.target_value


def plan_years(target: Target) -> list[int]:
    """The years a KPI is followed: from the plan's first year (or the year after the baseline)
    to the target year."""
    return list(range(max(PLAN_FIRST_YEAR, target.baseline_year + 1), target.target_year + 1))


def milestone(target: Target, year: int) -> float | None:
    goal = target.resolved_target()
    if goal is None:
        return None
    if target.baseline_value is None or target.interpolation == "none":
        return goal if year == target.target_year else None
    share = (year - target.baseline_year) / (target.target_year - target.baseline_year)
    base = target.baseline_value
    if target.interpolation == "compound" or target.target_kind == "derived":
        if base <= 0 or goal <= 0:
            return None
        return base * (goal / base) ** share
    return base + (goal - base) * share


def achievement_rate(target: Target, actual: float | None) -> float | None:
    goal = target.resolved_target()
    if actual is None or goal is None:
        return None
    if target.baseline_value is None:
        return actual / goal if goal else None
    if math.isclose(goal, target.baseline_value):
        return None
    return (actual - target.baseline_value) / (goal - target.baseline_value)


def _better(direction: str, a: float, b: float) -> bool:
    """a is strictly better than b."""
    return a < b if direction == "lower" else a > b


def _at_least(direction: str, a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or _better(direction, a, b)


def status(target: Target, year: int, actual: float | None) -> str:
    """The status of one KPI year; see the module docstring for the rules."""
    if actual is None:
        return "no_data_yet"
    base, direction = target.baseline_value, target.direction
    if target.target_kind == "direction_only":
        if base is None:
            return "no_data_yet"
        if math.isclose(actual, base):
            return "needs_acceleration"
        return "on_track" if _better(direction, actual, base) else "deteriorating"
    goal = target.resolved_target()
    if goal is not None and _at_least(direction, actual, goal):
        return "achieved"
    if base is not None and _better(direction, base, actual):
        return "deteriorating"
    mark = milestone(target, year)
    if mark is None:
        return "on_track" if year < target.target_year else "off_track"
    if _at_least(direction, actual, mark):
        return "on_track"
    if base is not None and not math.isclose(mark, base):
        progress = (actual - base) / (mark - base)
        if progress >= NEEDS_ACCELERATION_SHARE:
            return "needs_acceleration"
    return "off_track"
