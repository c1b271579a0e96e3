"""KPI status rules: milestones, achievement and status. The rules live here and only here.

One KPI is one goal the documents state (a row of data/raw/targets/kpi_targets.csv); it has one
status per plan year. The rules, as an evaluation report states them:

baseline
    The value the KPI is measured from, on the series of its actuals: as published, re-based
    (the published baseline belongs to another series), the pre-plan baseline (the last year
    before the plan, PLAN_FIRST_YEAR, in the series of the actuals), defined (0 for a count that
    starts with the plan) or not stated. The plan's published baseline is always kept beside it.

milestone (the value the KPI should have reached in a year)
    linear:    baseline + (target - baseline) * (year - baseline_year) / (target_year - baseline_year)
    compound:  baseline * (target / baseline) ** ((year - baseline_year) / (target_year - baseline_year))
    constant:  the target in every plan year (a yearly threshold, e.g. 30 new students a year)
    none:      the target in the target year, nothing before (a facility built once, a
               threshold the plan sets for its last year only)
    With no baseline only the target year has a milestone. Counts (COUNT_UNITS) step in whole
    units: a milestone never asks for a fraction of a firm (rounded down when higher is better,
    up when lower is better), so 0.2 firms in 2023 is a milestone of 0.

achievement (two named columns, never one ambiguous rate)
    achievement_vs_milestone = (actual - baseline) / (milestone - baseline)
    achievement_vs_target    = (actual - baseline) / (target - baseline)
    With no baseline: actual / milestone and actual / target. Undefined when the denominator is 0.

status (STATUSES; `better` honours the direction: lower is better for some indicators)
    no_data_yet         no actual for the year;
    Direction-only KPIs (the documents give a direction, no number), against the pre-plan baseline:
      improving         better than the pre-plan baseline;
      unchanged         equal to it (neither improving nor deteriorating);
      deteriorating     worse than it;
      not_assessable    no pre-plan baseline in the series of the actuals.
    KPIs with a numeric target:
      achieved          at or better than the final target;
      deteriorating     worse than the baseline (a value equal to the baseline is not);
      not_assessable    no milestone for the year: no baseline before the target year, or a
                        target judged in its target year only;
      on_track          at or better than the year's milestone;
      needs_acceleration short of the milestone but at least NEEDS_ACCELERATION_SHARE of the way
                        from the baseline to it, before the target year;
      off_track         otherwise (and any shortfall in the target year).
    A status that rests on a preliminary actual says so (kpi_progress.status_basis).

milestone KPIs (target_kind `milestone`: an event the plan dates, e.g. line 560's '26년
산업단지계획 승인): a count from a defined 0 to a target of 1 in its due year, with no
interpolation. The department reports 1 for the year the event happened (its date in 비고) and 0
for a year it had not: achieved once 1; not_assessable (not due yet) while 0 before the due year;
off_track while 0 in the due year. The same rules as any numeric target judged in its target
year only, so no rule of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# What a KPI row of data/raw/targets/kpi_targets.csv may say of its target and its baseline
# (sti/plan/targets.py checks the file against them).
TARGET_KINDS = ("official_numeric", "direction_only", "milestone")
BASELINE_KINDS = ("published", "rebased", "pre_plan", "defined", "not_stated")
STATUSES = (
    "achieved",
    "on_track",
    "needs_acceleration",
    "off_track",
    "deteriorating",
    "improving",
    "unchanged",
    "not_assessable",
    "no_data_yet",
)
# Share of the way from baseline to milestone below which a lagging KPI is off track rather
# than needing acceleration (a convention of this project, stated in the evaluation report).
NEEDS_ACCELERATION_SHARE = 0.8
# Each status in words, as the site and the reports state the rule that gave it (Korean,
# English); `status` below is the rule itself.
_SHARE = f"{NEEDS_ACCELERATION_SHARE:.0%}"
STATUS_RULES = {
    "achieved": (
        "실적이 최종 목표에 도달했거나 넘어섬",
        "the actual is at or better than the final target",
    ),
    "on_track": (
        "실적이 그해 중간 목표(기준값→목표 경로) 이상",
        "the actual is at or better than the year's milestone (the path from baseline to target)",
    ),
    "needs_acceleration": (
        f"중간 목표에 못 미치나 기준값에서 그 길의 {_SHARE} 이상 옴 (목표연도 전)",
        f"short of the milestone but at least {_SHARE} of the way from the baseline to it, before the target year",
    ),
    "off_track": (
        f"중간 목표까지의 길의 {_SHARE} 미만, 또는 목표연도에 목표 미달",
        f"less than {_SHARE} of the way to the milestone, or short of the target in the target year",
    ),
    "deteriorating": (
        "실적이 기준값보다 나빠짐 (지표의 방향 기준)",
        "the actual is worse than the baseline (in the indicator's direction)",
    ),
    "improving": (
        "방향만 정한 지표: 계획 전 기준값보다 나아짐",
        "direction-only KPI: better than the pre-plan baseline",
    ),
    "unchanged": (
        "방향만 정한 지표: 계획 전 기준값과 같음",
        "direction-only KPI: equal to the pre-plan baseline",
    ),
    "not_assessable": (
        "그해 중간 목표 또는 같은 계열의 계획 전 기준값이 없어 판정할 수 없음",
        "no milestone for the year, or no pre-plan baseline in the series of the actuals",
    ),
    "no_data_yet": (
        "그해 실적이 아직 공표·보고되지 않음",
        "no actual published or reported for the year yet",
    ),
}
# The plan runs 2023-2027 (plan Ⅰ.1, 계획 기간); the pre-plan baseline is the last year before.
PLAN_FIRST_YEAR = 2023
# Units of whole things: their milestones are whole numbers.
COUNT_UNITS = ("개", "명", "건", "곳", "개사", "개소")
# Binary noise allowed when comparing two values for equality (floats from unit conversion).
EQUAL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Target:
    kpi_id: str
    direction: str  # higher | lower
    baseline_year: int
    baseline_value: float | None
    target_year: int
    target_value: float | None
    target_kind: str  # official_numeric | direction_only
    interpolation: str  # linear | compound | constant | none
    unit: str = ""


def followed_years(baseline_year: int, target_year: int) -> tuple[int, int]:
    """(first, last) year a KPI is followed: the plan's first year (or the year after the
    baseline) to the target year. Department reports may cover exactly these years."""
    return max(PLAN_FIRST_YEAR, baseline_year + 1), target_year


def plan_years(target: Target) -> list[int]:
    first, last = followed_years(target.baseline_year, target.target_year)
    return list(range(first, last + 1))


def _equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=EQUAL_TOLERANCE, abs_tol=EQUAL_TOLERANCE)


def _better(direction: str, a: float, b: float) -> bool:
    """a is strictly better than b."""
    return not _equal(a, b) and (a < b if direction == "lower" else a > b)


def _at_least(direction: str, a: float, b: float) -> bool:
    return _equal(a, b) or _better(direction, a, b)


def whole_units(target: Target, value: float) -> float:
    """A count milestone in whole units, never asking for more than the path requires."""
    if target.unit not in COUNT_UNITS:
        return value
    nearest = round(value)
    if _equal(value, nearest):
        return float(nearest)
    return float(math.floor(value) if target.direction == "higher" else math.ceil(value))


def milestone(target: Target, year: int) -> float | None:
    """The value the KPI should have reached in `year` (None when the plan sets none)."""
    goal = target.target_value if target.target_kind != "direction_only" else None
    if goal is None:
        return None
    if target.interpolation == "constant" or year == target.target_year:
        return goal
    base = target.baseline_value
    if base is None or target.interpolation == "none":
        return None
    share = (year - target.baseline_year) / (target.target_year - target.baseline_year)
    if target.interpolation == "compound":
        if base <= 0 or goal <= 0:
            return None
        return whole_units(target, base * (goal / base) ** share)
    return whole_units(target, base + (goal - base) * share)


def achievement(target: Target, actual: float | None, reference: float | None) -> float | None:
    """Progress from the baseline to `reference` (a milestone or the target); 1.0 = reached."""
    if actual is None or reference is None:
        return None
    base = target.baseline_value
    if base is None:
        return None if reference == 0 else actual / reference
    if _equal(reference, base):
        return None
    return (actual - base) / (reference - base)


def _direction_only_status(target: Target, actual: float) -> str:
    base = target.baseline_value
    if base is None:
        return "not_assessable"
    if _equal(actual, base):
        return "unchanged"
    return "improving" if _better(target.direction, actual, base) else "deteriorating"


def status(target: Target, year: int, actual: float | None) -> str:
    """The status of one KPI year; see the module docstring for the rules."""
    if actual is None:
        return "no_data_yet"
    if target.target_kind == "direction_only":
        return _direction_only_status(target, actual)
    direction, base = target.direction, target.baseline_value
    goal = target.target_value
    final = year == target.target_year
    if (
        goal is not None
        and _at_least(direction, actual, goal)
        and (final or target.interpolation != "constant")
    ):
        return "achieved"
    if base is not None and _better(direction, base, actual):
        return "deteriorating"
    mark = milestone(target, year)
    if mark is None:
        return "not_assessable"
    if _at_least(direction, actual, mark):
        return "on_track"
    lagging = not final and base is not None and not _equal(mark, base)
    if lagging and (actual - base) / (mark - base) >= NEEDS_ACCELERATION_SHARE:  # type: ignore[operator]
        return "needs_acceleration"
    return "off_track"


def benchmark_rate(first: tuple[int, float], last: tuple[int, float]) -> float | None:
    """Average yearly growth between two (year, value) points of one series (None if undefined)."""
    (year0, value0), (year1, value1) = first, last
    if year1 <= year0 or value0 <= 0 or value1 <= 0:
        return None
    return (value1 / value0) ** (1 / (year1 - year0)) - 1


def benchmark_status(direction: str, actual: float | None, mark: float | None) -> str | None:
    """Where the actual stands against the benchmark trajectory (not a status of the plan)."""
    if actual is None or mark is None:
        return None if mark is None else "no_data_yet"
    if _equal(actual, mark):
        return "on_trend"
    return "ahead_of_trend" if _better(direction, actual, mark) else "behind_trend"
