"""marts.kpi_progress rows: every KPI x plan year, from the targets and the actuals.

The rules (milestones, achievement, status) are in sti/kpi.py; this module only looks up the
actual for each year, sums flows for cumulative targets, re-bases KPIs whose published baseline
belongs to another series, and lays the result out as rows.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from sti.catalogue import catalogue
from sti.kpi import Target, achievement_rate, milestone, plan_years, status

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
    "target_year": pl.Int32,
    "target_value": pl.Float64,
    "milestone": pl.Float64,
    "actual": pl.Float64,
    "actual_status": pl.String,
    "actual_vintage": pl.Date,
    "actual_source": pl.String,
    "achievement_rate": pl.Float64,
    "gap_to_milestone": pl.Float64,
    "status": pl.String,
    "status_basis": pl.String,
    "unit": pl.String,
    "plan_reference": pl.String,
    "note": pl.String,
}


def _actual_lookup(actuals: pl.DataFrame) -> dict[tuple, dict[str, Any]]:
    return {
        (r["indicator_id"], r["region_id"], r["industry_code"], r["series"], r["year"]): r
        for r in actuals.iter_rows(named=True)
        if r["value"] is not None
    }


def _actual(lookup: dict, row: dict[str, Any], year: int) -> dict[str, Any] | None:
    """The value for the year, or for a cumulative target the sum of flows since cumulative_from."""
    key = (row["indicator_id"], row["region_id"], row["industry_code"], row["series"])
    if row["target_basis"] != "cumulative":
        return lookup.get((*key, year))
    parts = [lookup.get((*key, y)) for y in range(row["cumulative_from"], year + 1)]
    if not parts or any(p is None for p in parts):
        return None
    found = [p for p in parts if p is not None]
    return {
        "value": sum(p["value"] for p in found),
        "status": "preliminary" if any(p["status"] == "preliminary" for p in found) else "final",
        "vintage": max(p["vintage"] for p in found),
        "source": ", ".join(sorted({p["source"] for p in found})),
    }


def _baseline(lookup: dict, row: dict[str, Any]) -> float | None:
    if row["baseline_kind"] != "rebased":
        return row["baseline_value"]
    found = lookup.get(
        (
            row["indicator_id"],
            row["region_id"],
            row["industry_code"],
            row["series"],
            row["baseline_year"],
        )
    )
    return found["value"] if found else None


def build_kpi_progress(targets: pl.DataFrame, actuals: pl.DataFrame) -> pl.DataFrame:
    """`actuals`: indicator_id, region_id, industry_code, series, year, value, status, vintage, source."""
    indicators = catalogue()
    lookup = _actual_lookup(actuals)
    records = []
    for row in targets.iter_rows(named=True):
        indicator = indicators[row["indicator_id"]]
        target = Target(
            kpi_id=row["kpi_id"],
            direction=indicator.direction,
            baseline_year=row["baseline_year"],
            baseline_value=_baseline(lookup, row),
            target_year=row["target_year"],
            target_value=row["target_value"],
            target_kind=row["target_kind"],
            interpolation=row["interpolation"],
            growth_rate_pct=row["growth_rate_pct"],
        )
        for year in plan_years(target):
            found = _actual(lookup, row, year)
            actual = found["value"] if found else None
            mark = milestone(target, year)
            records.append(
                {
                    **{
                        k: row[k]
                        for k in (
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
                            "baseline_year",
                            "published_baseline_year",
                            "published_baseline_value",
                            "published_baseline_series",
                            "target_year",
                            "plan_reference",
                            "note",
                        )
                    },
                    "year": year,
                    "direction": indicator.direction,
                    "aggregation": indicator.aggregation,
                    "baseline_value": target.baseline_value,
                    "target_value": target.resolved_target(),
                    "milestone": mark,
                    "actual": actual,
                    "actual_status": found["status"] if found else None,
                    "actual_vintage": found["vintage"] if found else None,
                    "actual_source": found["source"] if found else None,
                    "achievement_rate": achievement_rate(target, actual),
                    "gap_to_milestone": None if actual is None or mark is None else actual - mark,
                    "status": status(target, year, actual),
                    "status_basis": "no data" if found is None else f"{found['status']} data",
                    "unit": indicator.unit,
                }
            )
    return pl.DataFrame(records, schema=KPI_PROGRESS_SCHEMA)
