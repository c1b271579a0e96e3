"""marts.kpi_progress from inline targets and actuals: every target kind."""

import datetime as dt

import polars as pl
import pytest

from sti.plan.kpi_progress import build_kpi_progress
from sti.plan.kpi_rules import STATUSES

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
    "benchmark": pl.String,
    "document": pl.String,
    "document_line": pl.Int64,
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
        benchmark="none",
        document="plan2023",
        document_line=1,
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
        tier="official",
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
    assert out[("firms", 2024)]["achievement_vs_target"] == pytest.approx(0.34)
    assert out[("firms", 2024)]["achievement_vs_milestone"] == pytest.approx(34 / 40)
    assert out[("firms", 2024)]["actual_is_preliminary"] is True
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


def tech_rows(*values: tuple[int, float]) -> list[dict]:
    return [actual("establishments", y, v, industry_code="TECH") for y, v in values]


def tech_target(**changes: object) -> dict:
    return kpi(
        "tech",
        "establishments",
        industry_code="TECH",
        baseline_year=2022,
        baseline_value=None,
        baseline_kind="pre_plan",
        target_value=None,
        target_kind="direction_only",
        interpolation="none",
        benchmark="pre_plan_trend",
        published_baseline_year=2020,
        published_baseline_value=30499.0,
        published_baseline_series="census_pre2020",
        **changes,
    )


def test_direction_only_is_judged_on_the_pre_plan_year_of_its_own_series() -> None:
    rows = tech_rows((2020, 40182.0), (2021, 40478.0), (2022, 41104.0), (2023, 41206.0))
    first = progress([tech_target()], rows)[("tech", 2023)]
    assert (first["baseline_year"], first["baseline_value"]) == (2022, 41104.0)
    assert (first["pre_plan_baseline_year"], first["pre_plan_baseline_value"]) == (2022, 41104.0)
    assert (first["published_baseline_value"], first["published_baseline_series"]) == (
        30499.0,
        "census_pre2020",
    )
    assert first["milestone"] is None and first["target_value"] is None
    assert first["status"] == "improving"
    assert first["change_since_pre_plan"] == 102.0
    assert first["change_since_pre_plan_pct"] == pytest.approx(100 * 102 / 41104)


def test_the_benchmark_continues_the_same_series_and_is_labelled() -> None:
    rows = tech_rows((2020, 40182.0), (2022, 41104.0), (2023, 41206.0))
    out = progress([tech_target()], rows)
    rate = (41104 / 40182) ** 0.5 - 1
    first = out[("tech", 2023)]
    assert first["benchmark_rate_pct"] == pytest.approx(100 * rate)
    assert first["benchmark_milestone"] == float(int(41104 * (1 + rate)))  # whole firms
    assert first["benchmark_status"] == "behind_trend"
    assert "not from the plan" in first["benchmark_note"]
    assert first["status"] == "improving", "the benchmark never sets the status"
    assert out[("tech", 2025)]["benchmark_milestone"] == float(int(41104 * (1 + rate) ** 3))


def test_unchanged_and_deteriorating_against_the_pre_plan_baseline() -> None:
    same = progress([tech_target()], tech_rows((2022, 41104.0), (2023, 41104.0)))
    fell = progress([tech_target()], tech_rows((2022, 41104.0), (2023, 41000.0)))
    assert same[("tech", 2023)]["status"] == "unchanged"
    assert fell[("tech", 2023)]["status"] == "deteriorating"


def test_no_pre_plan_year_in_the_series_is_not_assessable() -> None:
    out = progress([tech_target()], tech_rows((2023, 41206.0)))
    assert out[("tech", 2023)]["pre_plan_baseline_value"] is None
    assert out[("tech", 2023)]["status"] == "not_assessable"
    assert out[("tech", 2023)]["benchmark_milestone"] is None


def test_values_of_another_series_are_never_used() -> None:
    rows = tech_rows((2022, 41104.0), (2023, 41206.0))
    rows.append(actual("establishments", 2022, 30900.0, industry_code="TECH", series="other"))
    out = progress([tech_target()], rows)
    assert out[("tech", 2023)]["pre_plan_baseline_value"] == 41104.0


def test_snapshots_are_taken_on_annual_releases_and_reports_not_on_monthly_releases() -> None:
    """KPIs read annual values only: a monthly release changes no snapshot, so it starts none
    (one per monthly release would grow the history with the square of the series). The first
    snapshot is the first document's publication: no KPI existed before it, and a release
    before it starts none; a later document starts one of its own."""
    import duckdb

    from assets.marts.kpi_progress import release_dates

    conn = duckdb.connect()
    conn.execute("create schema marts; create schema staging")
    conn.execute(
        "create table marts.indicator_values as select * from (values"
        " (date '2022-12-20', null), (date '2024-03-01', null), (date '2024-03-01', null),"
        " (date '2024-04-15', 3), (date '2024-05-15', 4), (date '2024-06-30', null))"
        " as t(vintage, month)"
    )
    conn.execute(
        "create table staging.department_reports as select * from (values"
        " (date '2024-05-20', null), (date '2024-05-25', date '2024-06-10'))"
        " as t(report_date, approved_on)"
    )
    targets = pl.DataFrame({"document": ["plan2023", "strategy2026", "plan2023"]})
    assert release_dates(conn, targets) == [
        dt.date(2023, 5, 1),  # the plan's publication
        dt.date(2024, 3, 1),
        dt.date(2024, 5, 20),  # a department's report: shown beside the status
        dt.date(2024, 5, 25),
        dt.date(2024, 6, 10),  # the committee approves a report: its figures count
        dt.date(2024, 6, 30),
        dt.date(2026, 4, 16),  # the 2026 strategy's
    ]
    assert release_dates(conn, targets.head(1))[-1] == dt.date(2024, 6, 30)
