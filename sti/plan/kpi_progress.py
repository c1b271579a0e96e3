"""marts.kpi_progress rows: every KPI x plan year, from the targets and the actuals.

The rules (milestones, achievement, status) are in sti/plan/kpi_rules.py; this module looks up the actual
for each year in the KPI's own series, sums flows for cumulative targets, finds the baselines
(stated, re-based, pre-plan) on that same series, computes the benchmark trajectory where the
targets file asks for one, and lays the result out as rows: one per KPI and year.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sti.plan.kpi_rules import (
    PLAN_FIRST_YEAR,
    Target,
    achievement,
    benchmark_rate,
    benchmark_status,
    followed_years,
    milestone,
    plan_years,
    status,
    whole_units,
)
from sti.reference.indicators import catalogue

BENCHMARK_LABEL = (
    "benchmark, not from the plan: the pre-plan trend of the same series continued "
    "(average yearly growth from the series' first year to the pre-plan baseline)"
)
KPI_PROGRESS_SCHEMA: dict[str, Any] = {
    "kpi_id": pl.String,
    "name_ko": pl.String,
    "name_en": pl.String,
    "indicator_id": pl.String,
    "region_id": pl.String,
    "industry_code": pl.String,
    "series": pl.String,
    "task_code": pl.String,
    "year": pl.Int32,
    "direction": pl.String,
    "aggregation": pl.String,
    "target_kind": pl.String,
    "target_basis": pl.String,
    "interpolation": pl.String,
    "baseline_kind": pl.String,
    "baseline_year": pl.Int32,
    "baseline_value": pl.Float64,
    "published_baseline_year": pl.Int32,
    "published_baseline_value": pl.Float64,
    "published_baseline_series": pl.String,
    "pre_plan_baseline_year": pl.Int32,
    "pre_plan_baseline_value": pl.Float64,
    "target_year": pl.Int32,
    "target_value": pl.Float64,
    "milestone": pl.Float64,
    "actual": pl.Float64,
    "actual_status": pl.String,
    "actual_is_preliminary": pl.Boolean,
    "actual_vintage": pl.Date,
    "actual_source": pl.String,
    "actual_tier": pl.String,
    "change_since_pre_plan": pl.Float64,
    "change_since_pre_plan_pct": pl.Float64,
    "achievement_vs_milestone": pl.Float64,
    "achievement_vs_target": pl.Float64,
    "gap_to_milestone": pl.Float64,
    "status": pl.String,
    "status_basis": pl.String,
    "benchmark": pl.String,
    "benchmark_rate_pct": pl.Float64,
    "benchmark_milestone": pl.Float64,
    "benchmark_status": pl.String,
    "benchmark_note": pl.String,
    "unit": pl.String,
    "submitted_value": pl.Float64,
    "submitted_on": pl.Date,
    "submitted_state": pl.String,
    "not_counted_reason": pl.String,
    "document": pl.String,
    "document_line": pl.Int32,
    "plan_reference": pl.String,
    "note": pl.String,
}
_CARRIED = (
    "kpi_id",
    "name_ko",
    "name_en",
    "indicator_id",
    "region_id",
    "industry_code",
    "series",
    "task_code",
    "target_kind",
    "target_basis",
    "interpolation",
    "baseline_kind",
    "published_baseline_year",
    "published_baseline_value",
    "published_baseline_series",
    "target_year",
    "benchmark",
    "document",
    "document_line",
    "plan_reference",
    "note",
)


class SeriesValues:
    """The actuals of one KPI's series: {year: actual row}."""

    def __init__(self, by_year: dict[int, dict[str, Any]]):
        self.by_year = by_year

    def value(self, year: int) -> float | None:
        row = self.by_year.get(year)
        return None if row is None else row["value"]

    def pre_plan(self) -> tuple[int, float] | None:
        """The last year before the plan with a value, and that value."""
        years = [y for y in self.by_year if y < PLAN_FIRST_YEAR]
        return (max(years), self.by_year[max(years)]["value"]) if years else None

    def first(self) -> tuple[int, float] | None:
        years = sorted(self.by_year)
        return (years[0], self.by_year[years[0]]["value"]) if years else None


def _series_lookup(actuals: pl.DataFrame) -> dict[tuple, dict[int, dict[str, Any]]]:
    lookup: dict[tuple, dict[int, dict[str, Any]]] = {}
    for r in actuals.iter_rows(named=True):
        if r["value"] is None:
            continue
        key = (r["indicator_id"], r["region_id"], r["industry_code"], r["series"])
        lookup.setdefault(key, {})[r["year"]] = r
    return lookup


def _actual(series: SeriesValues, row: dict[str, Any], year: int) -> dict[str, Any] | None:
    """The value for the year, or for a cumulative target the sum of flows since cumulative_from."""
    if row["target_basis"] != "cumulative":
        return series.by_year.get(year)
    parts = [series.by_year.get(y) for y in range(row["cumulative_from"], year + 1)]
    if not parts or any(p is None for p in parts):
        return None  # a partial sum is no actual
    found = [p for p in parts if p is not None]
    return {
        "value": sum(p["value"] for p in found),
        "status": "preliminary" if any(p["status"] == "preliminary" for p in found) else "final",
        "vintage": max(p["vintage"] for p in found),
        "source": ", ".join(sorted({p["source"] for p in found})),
        "tier": ", ".join(sorted({p["tier"] for p in found})),
    }


def _missing_flows(series: SeriesValues, row: dict[str, Any], year: int) -> str | None:
    """Why a cumulative KPI has no actual although some of its flows are known."""
    if row["target_basis"] != "cumulative":
        return None
    years = range(row["cumulative_from"], year + 1)
    missing = [y for y in years if series.value(y) is None]
    if not missing or len(missing) == len(years):
        return None
    known = ", ".join(f"{y}년 {series.value(y):g}" for y in years if series.value(y) is not None)
    return (
        f"누적 목표({row['cumulative_from']}년부터): {', '.join(map(str, missing))}년 실적이 없어 "
        f"누계를 낼 수 없음 (확정 실적 {known}는 누계에 반영되지 않음; cumulative target: no "
        f"flow for {', '.join(map(str, missing))})"
    )


# Why a department's newest figure does not count (yet): kpi_submitted_reports' submitted_state.
PENDING_REASONS = {
    "provisional": "부서 잠정 수치(제출): 부서가 확정하지 않음 (provisional, not confirmed)",
    "awaiting_approval": "과학기술위원회 확정 전 (report not yet approved by the committee)",
    "returned": "사무국 반려 (report returned by the secretariat)",
}


def _pending_reason(found: dict[str, Any]) -> str | None:
    if not found:
        return None
    value, on = found["submitted_value"], found["submitted_on"]
    return f"보고 수치 {value:g} ({on}): {PENDING_REASONS[found['submitted_state']]}"


def _baseline(series: SeriesValues, row: dict[str, Any]) -> tuple[int, float | None]:
    """(year, value) of the KPI's baseline on its own series."""
    kind = row["baseline_kind"]
    if kind == "rebased":
        return row["baseline_year"], series.value(row["baseline_year"])
    if kind == "pre_plan":
        found = series.pre_plan()
        return found if found else (row["baseline_year"], None)
    return row["baseline_year"], row["baseline_value"]


def _pre_plan(series: SeriesValues, baseline: tuple[int, float | None]) -> tuple[int, float] | None:
    found = series.pre_plan()
    if found:
        return found
    year, value = baseline
    return (year, value) if value is not None and year < PLAN_FIRST_YEAR else None


def _benchmark(
    series: SeriesValues, row: dict[str, Any], pre_plan: tuple[int, float] | None
) -> float | None:
    if row["benchmark"] != "pre_plan_trend" or pre_plan is None:
        return None
    first = series.first()
    return None if first is None else benchmark_rate(first, pre_plan)


def _kpi_rows(row: dict[str, Any], series: SeriesValues) -> list[dict[str, Any]]:
    indicator = catalogue()[row["indicator_id"]]
    base_year, base_value = _baseline(series, row)
    target = Target(
        kpi_id=row["kpi_id"],
        direction=indicator.direction,
        baseline_year=base_year,
        baseline_value=base_value,
        target_year=row["target_year"],
        target_value=row["target_value"],
        target_kind=row["target_kind"],
        interpolation=row["interpolation"],
        unit=indicator.unit,
    )
    pre_plan = _pre_plan(series, (base_year, base_value))
    rate = _benchmark(series, row, pre_plan)
    rows = []
    for year in plan_years(target):
        found = _actual(series, row, year)
        actual = found["value"] if found else None
        mark = milestone(target, year)
        bench = (
            None
            if rate is None or pre_plan is None
            else whole_units(target, pre_plan[1] * (1 + rate) ** (year - pre_plan[0]))
        )
        preliminary = bool(found and found["status"] == "preliminary")
        change = None if actual is None or pre_plan is None else actual - pre_plan[1]
        rows.append(
            {
                **{k: row[k] for k in _CARRIED},
                "year": year,
                "direction": indicator.direction,
                "aggregation": indicator.aggregation,
                "baseline_year": base_year,
                "baseline_value": base_value,
                "pre_plan_baseline_year": pre_plan[0] if pre_plan else None,
                "pre_plan_baseline_value": pre_plan[1] if pre_plan else None,
                "target_value": row["target_value"],
                "milestone": mark,
                "actual": actual,
                "actual_status": found["status"] if found else None,
                "actual_is_preliminary": preliminary if found else None,
                "actual_vintage": found["vintage"] if found else None,
                "actual_source": found["source"] if found else None,
                "actual_tier": found["tier"] if found else None,
                "change_since_pre_plan": change,
                "change_since_pre_plan_pct": None
                if change is None or not pre_plan or pre_plan[1] == 0
                else 100 * change / pre_plan[1],
                "achievement_vs_milestone": achievement(target, actual, mark),
                "achievement_vs_target": achievement(target, actual, row["target_value"]),
                "gap_to_milestone": None if actual is None or mark is None else actual - mark,
                "status": status(target, year, actual),
                "status_basis": "no data"
                if found is None
                else ("preliminary data" if preliminary else f"{found['status']} data"),
                "benchmark_rate_pct": None if rate is None else 100 * rate,
                "benchmark_milestone": bench,
                "benchmark_status": benchmark_status(indicator.direction, actual, bench),
                "benchmark_note": BENCHMARK_LABEL if row["benchmark"] != "none" else None,
                "unit": indicator.unit,
                "not_counted_reason": _missing_flows(series, row, year) if found is None else None,
            }
        )
    return rows


def build_kpi_progress(
    targets: pl.DataFrame, actuals: pl.DataFrame, submitted: pl.DataFrame | None = None
) -> pl.DataFrame:
    """`actuals`: indicator_id, region_id, industry_code, series, year, value, status, vintage,
    source. `submitted`: kpi_id, year, submitted_value, submitted_on - a department's figure
    awaiting confirmation, shown beside the status it does not drive."""
    lookup = _series_lookup(actuals)
    records = []
    for row in targets.iter_rows(named=True):
        key = (row["indicator_id"], row["region_id"], row["industry_code"], row["series"])
        records += _kpi_rows(row, SeriesValues(lookup.get(key, {})))
    pending = (
        {(r["kpi_id"], r["year"]): r for r in submitted.iter_rows(named=True)}
        if submitted is not None
        else {}
    )
    for record in records:
        found = pending.get((record["kpi_id"], record["year"]), {})
        record["submitted_value"] = found.get("submitted_value")
        record["submitted_on"] = found.get("submitted_on")
        record["submitted_state"] = found.get("submitted_state")
        reasons = [record["not_counted_reason"], _pending_reason(found)]
        record["not_counted_reason"] = "; ".join(r for r in reasons if r) or None
    return pl.DataFrame(records, schema=KPI_PROGRESS_SCHEMA)


KPI_SERIES_SCHEMA: dict[str, Any] = {
    "kpi_id": pl.String,
    "indicator_id": pl.String,
    "region_id": pl.String,
    "industry_code": pl.String,
    "series": pl.String,
    "year": pl.Int32,
    "phase": pl.String,
    "value": pl.Float64,
    "status": pl.String,
    "vintage": pl.Date,
    "source": pl.String,
    "tier": pl.String,
}


def _phase(year: int, baseline_year: int, first_followed: int) -> str:
    if year < baseline_year:
        return "before_baseline"
    if year == baseline_year:
        return "baseline"
    return "followed" if year >= first_followed else "before_follow_up"


def kpi_series_rows(targets: pl.DataFrame, actuals: pl.DataFrame) -> pl.DataFrame:
    """Every year of every KPI's own series, before its baseline too: the trend a KPI chart
    draws behind the target (the national strategy's 지역 연구원 has 2023 before its 2024
    baseline). One series per KPI, never another's values."""
    lookup = _series_lookup(actuals)
    records = []
    for row in targets.iter_rows(named=True):
        key = (row["indicator_id"], row["region_id"], row["industry_code"], row["series"])
        first, _ = followed_years(row["baseline_year"], row["target_year"])
        for year, found in sorted(lookup.get(key, {}).items()):
            records.append(
                {
                    "kpi_id": row["kpi_id"],
                    "indicator_id": row["indicator_id"],
                    "region_id": row["region_id"],
                    "industry_code": row["industry_code"],
                    "series": row["series"],
                    "year": year,
                    "phase": _phase(year, row["baseline_year"], first),
                    **{k: found[k] for k in ("value", "status", "vintage", "source", "tier")},
                }
            )
    return pl.DataFrame(records, schema=KPI_SERIES_SCHEMA)
