"""The rule book of the implementation check: a sub-task's yearly traffic light.

The plan asks each year for every sub-task's 당해연도 계획 대비 현황 (line 2401) and its
investment against plan (line 2402), but states no rule for judging them. This project's rule,
stated in the packages and on marts.subtask_progress, judges only what the committee approved
(확정): the actions' 추진상태 and the budget executed against the budget allocated (예산; the
planned amount where no allocation is reported).

- 자료 없음 (no_report): no approved action report for the sub-task and year;
- 미흡 (red): at least `RED_LATE_SHARE` of the action reports late (지연, or 미착수 in a year the
  action runs), or execution below `RED_EXECUTION_PCT`;
- 주의 (amber): any action late or stopped or changed (중단·변경), or execution below
  `AMBER_EXECUTION_PCT`;
- 양호 (green): otherwise.

An execution rate is judged only where one is reported; executed above allocated is shown as a
warning (`over_execution`), not judged.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sti.reference.vocabulary import korean

# A third of the actions late is a sub-task behind, not an action behind (project convention).
RED_LATE_SHARE = 1 / 3
# Execution rates (% of the allocated budget spent by year end) below which the budget is far
# behind (red) or behind (amber): project conventions, stated in the packages.
RED_EXECUTION_PCT = 50.0
AMBER_EXECUTION_PCT = 80.0
LATE = ("delayed", "not_started")
CHANGED = ("stopped_or_changed",)


@dataclass(frozen=True)
class SubtaskYear:
    """What the approved reports say of one sub-task in one year."""

    action_reports: int
    late: int
    changed: int
    execution_rate_pct: float | None


def traffic_light(year: SubtaskYear) -> tuple[str, str]:
    """(code, reason in words) of the sub-task's light for the year."""
    if year.action_reports == 0:
        return "no_report", "확정된 추진현황 보고가 없음 (no approved action report)"
    rate = year.execution_rate_pct
    late_share = year.late / year.action_reports
    if late_share >= RED_LATE_SHARE:
        return "red", (
            f"지연·미착수 {year.late}/{year.action_reports} (≥ {RED_LATE_SHARE:.0%} of actions late)"
        )
    if rate is not None and rate < RED_EXECUTION_PCT:
        return "red", f"집행률 {rate:.1f}% < {RED_EXECUTION_PCT:.0f}%"
    if year.late or year.changed:
        return "amber", (
            f"지연·미착수 {year.late}, 중단·변경 {year.changed} of {year.action_reports} actions"
        )
    if rate is not None and rate < AMBER_EXECUTION_PCT:
        return "amber", f"집행률 {rate:.1f}% < {AMBER_EXECUTION_PCT:.0f}%"
    return "green", "모든 세세부과제 완료·정상추진" + (
        f", 집행률 {rate:.1f}%" if rate is not None else ", 집행 보고 없음"
    )


def with_traffic_light(frame: pl.DataFrame) -> pl.DataFrame:
    """The sub-task-year figures (sql/marts/subtask_progress.sql) with their light."""
    lights = [
        traffic_light(
            SubtaskYear(
                row["action_reports"],
                row["delayed"] + row["not_started"],
                row["stopped_or_changed"],
                row["execution_rate_pct"],
            )
        )
        for row in frame.iter_rows(named=True)
    ]
    return frame.with_columns(
        pl.Series("traffic_light", [code for code, _ in lights], pl.String),
        pl.Series("traffic_light_ko", [korean("traffic_light", c) for c, _ in lights], pl.String),
        pl.Series("traffic_light_reason", [reason for _, reason in lights], pl.String),
    )


# Worst first: a key task or strategy is as far behind as its furthest-behind sub-task.
LIGHT_SEVERITY = ("red", "amber", "green")


def rollup_light(codes: list[str]) -> str:
    """A key task's or strategy's light from its sub-tasks' lights of one year: the worst light
    among the sub-tasks with an approved report, 자료 없음 when none has one. Sub-tasks without a
    report neither lower nor raise it (the site shows how many there are beside it)."""
    reported = [code for code in codes if code in LIGHT_SEVERITY]
    if not reported:
        return "no_report"
    return min(reported, key=LIGHT_SEVERITY.index)
