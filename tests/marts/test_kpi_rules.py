"""The KPI status rules, one target kind at a time, with a few inline rows each."""

import pytest

from sti.kpi import STATUSES, Target, achievement_rate, milestone, plan_years, status


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
    )
    base.update(changes)
    return Target(**base)  # type: ignore[arg-type]


def test_linear_milestones_and_statuses() -> None:
    kpi = target()
    assert plan_years(kpi) == [2023, 2024, 2025, 2026, 2027]
    assert [milestone(kpi, y) for y in (2023, 2025, 2027)] == [120.0, 160.0, 200.0]
    assert status(kpi, 2025, 165.0) == "on_track"
    assert status(kpi, 2025, 150.0) == "needs_acceleration"  # 50 of 60 = 83% of the way
    assert status(kpi, 2025, 120.0) == "off_track"
    assert status(kpi, 2025, 95.0) == "deteriorating"
    assert status(kpi, 2025, 201.0) == "achieved"
    assert achievement_rate(kpi, 150.0) == 0.5


def test_compound_milestones() -> None:
    kpi = target(
        interpolation="compound",
        baseline_value=100.0,
        target_value=400.0,
        baseline_year=2021,
        target_year=2025,
    )
    assert milestone(kpi, 2023) == pytest.approx(200.0)
    assert milestone(kpi, 2024) == pytest.approx(282.842712)


def test_lower_is_better() -> None:
    kpi = target(direction="lower", baseline_value=100.0, target_value=50.0)
    assert milestone(kpi, 2025) == 70.0
    assert status(kpi, 2025, 65.0) == "on_track"
    assert status(kpi, 2025, 110.0) == "deteriorating"
    assert status(kpi, 2027, 49.0) == "achieved"
    assert achievement_rate(kpi, 75.0) == 0.5


def test_direction_only_has_no_milestone() -> None:
    kpi = target(target_kind="direction_only", target_value=None, interpolation="none")
    assert milestone(kpi, 2025) is None
    assert achievement_rate(kpi, 150.0) is None
    assert status(kpi, 2025, 101.0) == "on_track"
    assert status(kpi, 2025, 99.0) == "deteriorating"
    assert status(kpi, 2025, None) == "no_data_yet"


def test_derived_target_continues_the_baseline_growth() -> None:
    kpi = target(
        target_kind="derived",
        target_value=None,
        interpolation="compound",
        growth_rate_pct=10.0,
        baseline_year=2020,
    )
    assert kpi.resolved_target() == pytest.approx(100 * 1.1**7)
    assert milestone(kpi, 2023) == pytest.approx(133.1)


def test_no_baseline_checks_the_threshold_in_the_target_year_only() -> None:
    kpi = target(baseline_value=None, interpolation="none", target_value=800.0)
    assert milestone(kpi, 2025) is None
    assert milestone(kpi, 2027) == 800.0
    assert status(kpi, 2025, 500.0) == "on_track"
    assert status(kpi, 2027, 700.0) == "off_track"
    assert status(kpi, 2027, 800.0) == "achieved"
    assert achievement_rate(kpi, 400.0) == 0.5


def test_every_status_is_in_the_vocabulary() -> None:
    kpi = target()
    seen = {status(kpi, 2025, v) for v in (None, 90.0, 120.0, 150.0, 170.0, 250.0)}
    assert seen == set(STATUSES)
