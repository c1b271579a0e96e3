"""The KPI status rules (sti/plan/kpi_rules.py) at their boundaries: just below, at and just above each
threshold; equal to the baseline; zero against a count target; no baseline before and in the
target year; lower is better; direction only."""

import pytest

from sti.plan.kpi_rules import (
    NEEDS_ACCELERATION_SHARE,
    STATUSES,
    Target,
    achievement,
    benchmark_rate,
    benchmark_status,
    milestone,
    plan_years,
    status,
)

EPS = 1e-6


def target(**changes: object) -> Target:
    base = dict(
        kpi_id="k",
        direction="higher",
        baseline_year=2022,
        baseline_value=100.0,
        target_year=2027,
        target_value=200.0,
        target_kind="official_numeric",
        interpolation="linear",
        unit="백만원",
    )
    base.update(changes)
    return Target(**base)  # type: ignore[arg-type]


def test_linear_milestones() -> None:
    kpi = target()
    assert plan_years(kpi) == [2023, 2024, 2025, 2026, 2027]
    assert [milestone(kpi, y) for y in (2023, 2025, 2027)] == [120.0, 160.0, 200.0]


def test_compound_milestones() -> None:
    kpi = target(interpolation="compound", target_value=400.0, baseline_year=2021, target_year=2025)
    assert milestone(kpi, 2023) == pytest.approx(200.0)
    assert milestone(kpi, 2024) == pytest.approx(282.842712)


# 2025: milestone 160, baseline 100: the needs-acceleration line is 100 + 0.8 * 60 = 148.
NEEDS_LINE_2025 = 100 + NEEDS_ACCELERATION_SHARE * 60


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (160.0 + EPS, "on_track"),
        (160.0, "on_track"),
        (160.0 - EPS, "needs_acceleration"),
        (NEEDS_LINE_2025, "needs_acceleration"),
        (NEEDS_LINE_2025 - EPS, "off_track"),
        (100.0 + EPS, "off_track"),
        (100.0, "off_track"),  # equal to the baseline: not deteriorating, but no progress
        (100.0 - EPS, "deteriorating"),
        (200.0 - EPS, "on_track"),
        (200.0, "achieved"),
    ],
)
def test_status_thresholds_in_a_middle_year(actual: float, expected: str) -> None:
    assert status(target(), 2025, actual) == expected


def test_the_needs_acceleration_line_is_eighty_percent_of_the_way() -> None:
    assert pytest.approx(148.0) == NEEDS_LINE_2025


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(200.0, "achieved"), (200.0 - EPS, "off_track"), (190.0, "off_track")],
)
def test_the_target_year_has_no_needs_acceleration(actual: float, expected: str) -> None:
    assert status(target(), 2027, actual) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (65.0, "on_track"),
        (70.0, "on_track"),
        (70.0 + EPS, "needs_acceleration"),
        (100.0, "off_track"),
        (100.0 + EPS, "deteriorating"),
        (50.0, "achieved"),
    ],
)
def test_lower_is_better(actual: float, expected: str) -> None:
    kpi = target(direction="lower", target_value=50.0)
    assert milestone(kpi, 2025) == 70.0
    assert status(kpi, 2025, actual) == expected


def test_count_milestones_step_in_whole_units() -> None:
    one_firm = target(baseline_value=0.0, target_value=1.0, unit="개")
    assert [milestone(one_firm, y) for y in plan_years(one_firm)] == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert status(one_firm, 2023, 0.0) == "on_track"  # zero firms is on the path in 2023
    assert status(one_firm, 2027, 0.0) == "off_track"
    assert status(one_firm, 2024, 1.0) == "achieved"
    fewer = target(direction="lower", baseline_value=10.0, target_value=0.0, unit="명")
    assert milestone(fewer, 2023) == 8.0 and milestone(fewer, 2024) == 6.0
    assert milestone(target(baseline_value=545.0, target_value=1045.0, unit="개"), 2023) == 645.0
    assert (
        milestone(
            target(
                baseline_value=0.0,
                target_value=300.0,
                unit="개",
                baseline_year=2022,
                target_year=2029,
            ),
            2023,
        )
        == 42.0
    )
    assert milestone(target(baseline_value=0.0, target_value=1.0, unit="%"), 2023) == pytest.approx(
        0.2
    )


@pytest.mark.parametrize(
    ("year", "actual", "expected"),
    [
        (2025, None, "no_data_yet"),
        (2025, 500.0, "not_assessable"),
        (2026, 799.0, "not_assessable"),
        (2025, 800.0, "achieved"),
        (2027, 800.0 - EPS, "off_track"),
        (2027, 800.0, "achieved"),
    ],
)
def test_no_baseline_is_not_assessable_until_the_target_year(
    year: int, actual: float | None, expected: str
) -> None:
    kpi = target(baseline_value=None, interpolation="none", target_value=800.0)
    assert milestone(kpi, year) == (800.0 if year == 2027 else None)
    assert status(kpi, year, actual) == expected


@pytest.mark.parametrize(
    ("year", "actual", "expected"),
    [
        (2023, 30.0, "on_track"),
        (2023, 29.0, "off_track"),
        (2027, 30.0, "achieved"),
        (2027, 29.0, "off_track"),
    ],
)
def test_a_yearly_threshold_is_judged_every_year(year: int, actual: float, expected: str) -> None:
    kpi = target(baseline_value=None, interpolation="constant", target_value=30.0, unit="명")
    assert milestone(kpi, year) == 30.0
    assert status(kpi, year, actual) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (100.0 + EPS, "improving"),
        (100.0, "unchanged"),
        (100.0 - EPS, "deteriorating"),
        (None, "no_data_yet"),
    ],
)
def test_direction_only_is_judged_on_the_pre_plan_baseline(
    actual: float | None, expected: str
) -> None:
    kpi = target(target_kind="direction_only", target_value=None, interpolation="none")
    assert milestone(kpi, 2025) is None
    assert achievement(kpi, actual, None) is None
    assert status(kpi, 2025, actual) == expected


def test_direction_only_without_a_pre_plan_baseline_is_not_assessable() -> None:
    kpi = target(target_kind="direction_only", target_value=None, baseline_value=None)
    assert status(kpi, 2025, 123.0) == "not_assessable"


def test_achievement_against_milestone_and_target_are_separate() -> None:
    kpi = target()
    assert achievement(kpi, 150.0, milestone(kpi, 2025)) == pytest.approx(50 / 60)
    assert achievement(kpi, 150.0, 200.0) == 0.5
    assert achievement(target(direction="lower", target_value=50.0), 75.0, 50.0) == 0.5
    assert achievement(target(baseline_value=None), 400.0, 800.0) == 0.5
    assert achievement(target(baseline_value=0.0), 0.0, 0.0) is None


def test_benchmark_is_the_series_own_trend() -> None:
    rate = benchmark_rate((2020, 40182.0), (2022, 41104.0))
    assert rate == pytest.approx((41104 / 40182) ** 0.5 - 1)
    assert benchmark_rate((2022, 1.0), (2022, 2.0)) is None
    assert benchmark_status("higher", 41206.0, 41572.0) == "behind_trend"
    assert benchmark_status("lower", 41206.0, 41572.0) == "ahead_of_trend"
    assert benchmark_status("higher", 5.0, 5.0) == "on_trend"
    assert benchmark_status("higher", None, 5.0) == "no_data_yet"


def test_every_status_is_reachable() -> None:
    numeric, direction = target(), target(target_kind="direction_only", target_value=None)
    seen = {status(numeric, 2025, v) for v in (None, 90.0, 120.0, 150.0, 170.0, 250.0)}
    seen |= {status(direction, 2025, v) for v in (99.0, 100.0, 101.0)}
    seen.add(status(target(baseline_value=None, interpolation="none"), 2025, 1.0))
    assert seen == set(STATUSES)


def test_a_kpi_is_followed_from_the_year_after_its_baseline_at_the_earliest_2023() -> None:
    from sti.plan.kpi_rules import followed_years

    assert followed_years(2022, 2027) == (2023, 2027)
    # the national strategy's R&D share: baseline 2026, followed 2027-2030
    assert followed_years(2026, 2030) == (2027, 2030)


def test_a_milestone_is_judged_from_its_due_year() -> None:
    """An event dated by the plan (line 560: '26년 산업단지계획 승인): 1 the year it happens."""
    event = target(
        baseline_value=0.0,
        target_value=1.0,
        target_year=2026,
        target_kind="milestone",
        interpolation="none",
        unit="건",
    )
    assert [milestone(event, y) for y in plan_years(event)] == [None, None, None, 1.0]
    assert status(event, 2025, 0.0) == "not_assessable"  # not due yet
    assert status(event, 2025, 1.0) == "achieved"  # early
    assert status(event, 2026, 0.0) == "off_track"  # due and not done
    assert status(event, 2026, 1.0) == "achieved"
