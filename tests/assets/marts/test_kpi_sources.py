"""Every KPI has an actual or names the release (and its date) that will fill it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from sti.db.sql_door import connect_read_only
from sti.plan.kpi_sources import kpi_source_rows
from tests.conftest import Pipeline


def test_every_kpi_has_an_actual_or_names_its_source_and_release_date(baseline: Pipeline) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        rows = conn.execute("select * from marts.kpi_sources order by kpi_id").pl()
        kpis = {r[0] for r in conn.execute("select kpi_id from staging.kpi_targets").fetchall()}
    assert set(rows["kpi_id"]) == kpis
    for row in rows.iter_rows(named=True):
        assert row["source_ko"] and row["source_id"], row["kpi_id"]
        if row["latest_actual_year"] is None:
            assert row["awaiting_year"] and row["awaiting_release_date"], row["kpi_id"]
    by_id = {r["kpi_id"]: r for r in rows.iter_rows(named=True)}
    assert by_id["tech_workers"]["latest_actual_year"] == 2023
    # the census publishes year t about December t+1: 2024 was due 2025-12-31
    assert by_id["tech_workers"]["awaiting_release_date"] == dt.date(2025, 12, 31)
    defence = by_id["defence_production_2027"]
    # the newest report due, the one checks.freshness expects too; the earlier ones listed
    assert (defence["departments_ko"], defence["awaiting_year"]) == ("국방산업추진단", 2025)
    assert defence["awaiting_release_date"] == dt.date(2026, 2, 28)
    assert defence["missing_years"] == [2023, 2024, 2025]
    freshness = dict(_freshness(baseline))
    assert str(defence["awaiting_year"]) == freshness["department_reports"]


def _freshness(baseline: Pipeline) -> list[tuple[str, str]]:
    with connect_read_only(baseline.warehouse) as conn:
        return conn.execute(
            "select source_id, latest_period_expected from checks.freshness"
        ).fetchall()


def test_the_awaited_year_follows_the_latest_actual() -> None:
    sources = pl.DataFrame(
        {
            "kpi_id": ["k"],
            "actuals_from": ["department_report"],
            "subtask_code": ["1-1-3"],
            "source_id": ["department_reports"],
            "source_ko": ["부서"],
            "source_en": ["dept"],
            "note": [None],
        }
    )
    progress = pl.DataFrame(
        {
            "kpi_id": ["k"] * 3,
            "name_ko": ["지표"] * 3,
            "name_en": ["kpi"] * 3,
            "year": [2023, 2024, 2025],
            "actual": [1.0, 2.0, None],
            "actual_source": ["department_reports", "department_reports", None],
            "actual_tier": ["department_report", "department_report", None],
        }
    )
    departments = pl.DataFrame(
        {"subtask_code": ["1-1-3"], "department_ko": ["국방산업추진단"], "department_en": ["D"]}
    )
    [row] = kpi_source_rows(sources, progress, departments, dt.date(2026, 3, 1)).to_dicts()
    assert (row["latest_actual_year"], row["awaiting_year"]) == (2024, 2025)
    # 2025 reports are due 2026-02-28 with 31 days of grace: not overdue on 2026-03-01
    assert (row["awaiting_release_date"], row["awaiting_overdue"]) == (dt.date(2026, 2, 28), False)
    assert row["missing_years"] == []
    [late] = kpi_source_rows(sources, progress, departments, dt.date(2026, 4, 1)).to_dicts()
    assert (late["awaiting_year"], late["awaiting_overdue"], late["missing_years"]) == (
        2025,
        True,
        [2025],
    )
    # 2024 reported late, 2023 never: the newest missing due year is awaited, both listed
    gap = progress.with_columns(actual=pl.Series([None, 2.0, None]))
    [both] = kpi_source_rows(sources, gap, departments, dt.date(2026, 4, 1)).to_dicts()
    assert (both["awaiting_year"], both["missing_years"]) == (2025, [2023, 2025])


@pytest.mark.parametrize(
    ("expected", "whole_year"), [("2026-08", 2025), ("2025-12", 2025), ("2024", 2024)]
)
def test_a_monthly_sources_year_is_due_with_its_december(
    monkeypatch: pytest.MonkeyPatch, expected: str, whole_year: int
) -> None:
    from types import SimpleNamespace

    from sti.plan import kpi_sources

    monkeypatch.setattr(
        kpi_sources, "expected_latest", lambda *_: SimpleNamespace(expected_latest=expected)
    )
    assert kpi_sources._last_due_year("any", dt.date(2026, 12, 7)) == whole_year
