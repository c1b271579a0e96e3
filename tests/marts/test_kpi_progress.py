"""marts.kpi_progress from inline targets and actuals: every target kind."""

import datetime as dt

import polars as pl
import pytest

from sti.kpi import STATUSES
from sti.kpi_progress import build_kpi_progress

TARGET_COLUMNS = {
    "kpi_id": pl.String,
    "name_ko": pl.String,
    "name_en": pl.String,
    "indicator_id": pl.String,
    "region_id": pl.String,
    "industry_code": pl.String,
    "series": pl.String,
    "task_code": pl.String,
    "baseline_year": pl.Int64,
    "baseline_value": pl.Float64,
    "baseline_kind": pl.String,
    "published_baseline_year": pl.Int64,
    "published_baseline_value": pl.Float64,
    "published_baseline_series": pl.String,
    "target_year": pl.Int64,
    "target_value": pl.Float64,
    "target_kind": pl.String,
    "target_basis": pl.String,
    "cumulative_from": pl.Int64,
    "interpolation": pl.String,
    "growth_rate_pct": pl.Float64,
    "plan_reference": pl.String,
    "note": pl.String,
}


def kpi(kpi_id: str, indicator: str, **changes: object) -> dict:
    row: dict[str, object] = {key: None for key in TARGET_COLUMNS}
    row.update(
        kpi_id=kpi_id,
        name_ko=kpi_id,
        name_en=kpi_id,
        indicator_id=indicator,
        region_id="KR-30",
        industry_code="_T",
        series="s",
        baseline_year=2022,
        baseline_value=100.0,
        baseline_kind="published",
        target_year=2027,
        target_value=200.0,
        target_kind="official_numeric",
        target_basis="level",
        interpolation="linear",
        plan_reference="test",
    )
    row.update(changes)
    return row


def actual(
    indicator: str, year: int, value: float, status: str = "final", **changes: object
) -> dict:
    row = dict(
        indicator_id=indicator,
        region_id="KR-30",
        industry_code="_T",
        series="s",
        year=year,
        value=value,
        status=status,
        vintage=dt.date(2026, 1, 1),
        source="test",
    )
    row.update(changes)
    return row


def progress(targets: list[dict], actuals: list[dict]) -> dict[tuple[str, int], dict]:
    frame = build_kpi_progress(pl.DataFrame(targets, schema=TARGET_COLUMNS), pl.DataFrame(actuals))
    assert set(frame["status"]) <= set(STATUSES)
    return {(r["kpi_id"], r["year"]): r for r in frame.iter_rows(named=True)}


def test_linear_level_target_with_a_preliminary_year_and_a_year_without_data() -> None:
    out = progress(
        [kpi("firms", "complex_firms")],
        [actual("complex_firms", 2023, 125.0), actual("complex_firms", 2024, 134.0, "preliminary")],
    )
    assert [out[("firms", y)]["milestone"] for y in (2023, 2024, 2027)] == [120.0, 140.0, 200.0]
    assert (out[("firms", 2023)]["status"], out[("firms", 2023)]["status_basis"]) == (
        "on_track",
        "final data",
    )
    assert (out[("firms", 2024)]["status"], out[("firms", 2024)]["status_basis"]) == (
        "needs_acceleration",
        "preliminary data",
    )
    assert out[("firms", 2024)]["gap_to_milestone"] == -6.0
    assert out[("firms", 2024)]["achievement_rate"] == pytest.approx(0.34)
    assert (out[("firms", 2025)]["status"], out[("firms", 2025)]["actual"]) == ("no_data_yet", None)


def test_compound_and_lower_is_better() -> None:
    targets = [
        kpi(
            "prod",
            "complex_production",
            interpolation="compound",
            baseline_value=100.0,
            target_value=200.0,
        ),
        kpi("dep", "research_equipment_import_dependence", baseline_value=85.5, target_value=60.0),
    ]
    out = progress(targets, [actual("research_equipment_import_dependence", 2023, 90.0)])
    assert out[("prod", 2023)]["milestone"] == pytest.approx(100 * 2**0.2)
    assert out[("dep", 2023)]["direction"] == "lower"
    assert out[("dep", 2023)]["status"] == "deteriorating"


def test_cumulative_target_sums_the_yearly_flows() -> None:
    target = kpi(
        "jobs",
        "defence_relocation_employment",
        baseline_value=0.0,
        target_value=5000.0,
        target_basis="cumulative",
        cumulative_from=2023,
    )
    out = progress(
        [target],
        [
            actual("defence_relocation_employment", 2023, 900.0),
            actual("defence_relocation_employment", 2024, 1200.0),
        ],
    )
    assert out[("jobs", 2023)]["actual"] == 900.0
    assert out[("jobs", 2024)]["actual"] == 2100.0
    assert out[("jobs", 2024)]["milestone"] == 2000.0
    assert out[("jobs", 2024)]["status"] == "on_track"
    assert out[("jobs", 2025)]["actual"] is None  # a missing year is not counted as zero


def test_direction_only_rebased_on_the_actuals_series() -> None:
    target = kpi(
        "tech",
        "establishments",
        industry_code="TECH",
        baseline_year=2020,
        baseline_value=None,
        baseline_kind="rebased",
        target_value=None,
        target_kind="direction_only",
        interpolation="none",
        published_baseline_value=30499.0,
        published_baseline_series="census_pre2020",
    )
    rows = [
        actual("establishments", 2020, 40182.0, industry_code="TECH"),
        actual("establishments", 2023, 40200.0, industry_code="TECH"),
    ]
    out = progress([target], rows)
    first = out[("tech", 2023)]
    assert (first["baseline_value"], first["published_baseline_value"], first["milestone"]) == (
        40182.0,
        30499.0,
        None,
    )
    assert (first["status"], first["achievement_rate"]) == ("on_track", None)


def test_derived_target_is_computed_and_labelled() -> None:
    target = kpi(
        "d",
        "establishments",
        baseline_year=2020,
        target_kind="derived",
        target_value=None,
        growth_rate_pct=1.25,
        interpolation="compound",
    )
    out = progress([target], [actual("establishments", 2023, 110.0)])
    assert out[("d", 2023)]["target_kind"] == "derived"
    assert out[("d", 2023)]["target_value"] == pytest.approx(100 * 1.0125**7)
    assert out[("d", 2023)]["status"] == "achieved"  # 110 > 100 * 1.0125**7 = 109.1
