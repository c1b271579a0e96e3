"""Issue 4 end to end: the plan as data, KPI progress, and the analysts' one-query answers."""

import datetime as dt

import duckdb
import pytest

from sti.plan.kpi_rules import STATUSES
from tests.conftest import Pipeline


@pytest.fixture(scope="module")
def warehouse(baseline: Pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(baseline.warehouse), read_only=True)


def test_plan_counts_names_and_departments(warehouse: duckdb.DuckDBPyConnection) -> None:
    counts = [
        warehouse.execute(f"select count(*) from marts.{t}").fetchone()[0]
        for t in ("plan_strategy", "plan_task", "plan_subtask")
    ]
    assert counts == [4, 12, 32]
    rows = dict(
        (r[0], r[1:])
        for r in warehouse.execute(
            "select subtask_code, name_ko, departments_ko, budget_total_eok from marts.plan_subtask"
        ).fetchall()
    )
    assert rows["1-1-1"] == ("국가 나노·반도체산업 미래 선도", "전략산업반도체과", 35065.0)
    assert rows["1-1-3"] == ("K-방산 허브도시 조성", "국방산업추진단", 17000.0)
    assert rows["2-1-1"][1] == "과학협력과, 산업입지과"
    assert rows["3-2-3"][:2] == ("스타트업 기술금융 생태계 확충", "기업투자유치과")
    assert rows["4-3-2"][1] == "도시브랜드담당관"
    split = warehouse.execute(
        "select budget_national_eok, budget_local_eok, budget_public_eok, budget_private_eok from marts.plan_subtask where subtask_code = '1-1-1'"
    ).fetchone()
    assert split == (2630.0, 1650.0, 27885.0, 2900.0)
    assert warehouse.execute("select count(*) from marts.plan_action").fetchone()[0] == 94


def test_every_kpi_row_has_a_documented_status_baseline_and_target_kind(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    statuses = {
        r[0] for r in warehouse.execute("select distinct status from marts.kpi_progress").fetchall()
    }
    assert statuses <= set(STATUSES)
    missing = warehouse.execute(
        "select kpi_id, year from marts.kpi_progress where target_kind is null or baseline_kind is null"
        " or (baseline_value is null and baseline_kind not in ('not_stated', 'pre_plan'))"
    ).fetchall()
    assert missing == []
    years = warehouse.execute(
        "select min(year), max(year), count(distinct kpi_id) from marts.kpi_progress"
    ).fetchone()
    targets = warehouse.execute("select count(*) from staging.kpi_targets").fetchone()
    assert years == (2023, 2030, targets[0])


def test_one_row_and_one_status_per_kpi_and_plan_year(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        """
        select kpi.kpi_id, count(*), count(distinct kpi.year), min(kpi.year), max(kpi.year),
            any_value(tgt.target_year), count(kpi.status)
        from marts.kpi_progress as kpi
        inner join staging.kpi_targets as tgt on tgt.kpi_id = kpi.kpi_id
        group by kpi.kpi_id
        """
    ).fetchall()
    for kpi_id, n, years, first, last, target_year, statuses in rows:
        assert n == years == statuses == last - first + 1, kpi_id
        assert last == target_year and first >= 2023, kpi_id
    ids = [r[0] for r in warehouse.execute("select kpi_id from staging.kpi_targets").fetchall()]
    assert not [i for i in ids if i.endswith(("_direction", "_derived"))], "one goal, one KPI"


def test_kpi_by_task_counts_each_kpi_once(warehouse: duckdb.DuckDBPyConnection) -> None:
    per_task = warehouse.execute(
        """
        select coalesce(task_code, '전체'), count(distinct kpi_id)
        from marts.kpi_progress group by 1
        """
    ).fetchall()
    rolled = dict(
        (r[0], r[1:])
        for r in warehouse.execute(
            """
            select task_code, kpis, achieved + on_track + needs_acceleration + off_track
                + deteriorating + improving + unchanged + not_assessable + no_data_yet
            from marts.kpi_by_task
            """
        ).fetchall()
    )
    for task, kpis in per_task:
        assert rolled[task] == (kpis, kpis), task
    total = warehouse.execute("select sum(kpis) from marts.kpi_by_strategy").fetchone()
    assert total[0] == sum(k for _t, k in per_task)


def test_analyst_query_tech_based_daejeon_against_baseline_and_milestone(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        """
        select kpi_id, year, baseline_year, baseline_value, published_baseline_value,
            published_baseline_series, actual, status, change_since_pre_plan_pct,
            benchmark_milestone, benchmark_status
        from marts.kpi_progress
        where region_id = 'KR-30' and kpi_id like 'tech_%'
        order by kpi_id, year
        """
    ).fetchall()
    by_key = {(r[0], r[1]): r for r in rows}
    assert {r[0] for r in rows} == {"tech_establishments", "tech_workers", "tech_sales"}
    est = by_key[("tech_establishments", 2023)]
    # judged against 2022 on DT_1K52D01; the plan's 30,499 (earlier census series) kept beside
    assert est[2:6] == (2022, 41104.0, 30499.0, "census_pre2020")
    assert est[6:8] == (41206.0, "improving")
    assert est[8] == pytest.approx(100 * 102 / 41104)  # +0.25 %
    assert est[9] == 41572.0 and est[10] == "behind_trend"
    workers = by_key[("tech_workers", 2023)]
    assert (workers[3], workers[6], workers[7]) == (340322.0, 345957.0, "improving")
    assert by_key[("tech_sales", 2023)][7] == "no_data_yet"


def test_analyst_query_rank_among_regions(warehouse: duckdb.DuckDBPyConnection) -> None:
    row = warehouse.execute(
        """
        select rank_among_sido, regions_with_value, share_of_national_pct
        from marts.region_comparison
        where region_id = 'KR-30' and indicator_id = 'grdp_nominal' and period = '2023' and series = 'grdp_base2020'
        """
    ).fetchone()
    assert row is not None
    assert (row[0], row[1]) == (14, 17)
    assert row[2] == pytest.approx(2.2106, abs=1e-3)


def test_analyst_query_investment_gap_per_key_task(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """
        select task_code, planned_eok, executed_eok, subtasks, reporting_subtasks,
            execution_rate_pct, investment_gap_eok, planned_unreported_eok
        from marts.budget_execution
        where funding_source = 'total' and period = '2023-2027'
        order by task_code
        """
    ).fetchall()
    # nobody has reported yet: execution is unknown (NULL), not zero
    assert rows == [
        ("1-1", 57723.0, None, 4, 0, None, None, 57723.0),
        ("1-2", 4500.0, None, 2, 0, None, None, 4500.0),
        ("1-3", 3012.0, None, 1, 0, None, None, 3012.0),
    ]


def test_rcostii_flags_weak_components_within_one_edition(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        "select component, rank, assessment from marts.rcostii where region_id = 'KR-30' and edition = '2021' order by component"
    ).fetchall()
    assert ("network", 8.0, "weakness") in rows
    assert ("environment", 5.0, "weakness") in rows
    assert ("activity", 2.0, "strength") in rows


def test_the_evaluation_calendar_is_data(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        "select year, kind, covers_from, covers_to, document_line from marts.plan_evaluation_schedule"
        " where kind <> 'annual_check' order by year"
    ).fetchall()
    assert rows == [
        (2025, "midterm_evaluation", 2023, 2025, 2403),
        (2027, "final_evaluation", 2023, 2027, 2403),
    ]
    checks = warehouse.execute(
        "select list(year order by year) from marts.plan_evaluation_schedule where kind = 'annual_check'"
    ).fetchone()
    assert checks[0] == [2023, 2024, 2025, 2026, 2027]
    upcoming = warehouse.execute(
        "select distinct next_evaluation_kind, next_evaluation_year from checks.freshness"
    ).fetchall()
    today = dt.date.today()
    expected = (
        ("midterm_evaluation", 2025)
        if today.year <= 2025
        else ("final_evaluation", 2027)
        if today.year <= 2027
        else (None, None)
    )
    assert upcoming == [expected]


def _strategy_kpis(warehouse: duckdb.DuckDBPyConnection) -> set[str]:
    rows = warehouse.execute(
        "select kpi_id from staging.kpi_targets where document = 'strategy2026'"
    ).fetchall()
    return {row[0] for row in rows}


def test_targets_exist_from_their_document_s_publication_on(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    """The 2026 strategy (published 2026-04-16) sets no goal an as-of view before that day can
    judge; no snapshot starts before the plan itself (2023-05-01)."""
    strategy = _strategy_kpis(warehouse)
    assert len(strategy) == 4

    def kpis_on(day: str) -> set[str]:
        sql = f"select distinct kpi_id from marts.kpi_progress_as_of(date '{day}')"
        return {row[0] for row in warehouse.execute(sql).fetchall()}

    assert kpis_on("2026-01-31") & strategy == set()
    assert kpis_on("2026-04-15") & strategy == set()
    assert kpis_on("2026-05-01") >= strategy
    assert len(kpis_on("2026-01-31")) == len(kpis_on("2026-05-01")) - 4
    assert kpis_on("2023-04-30") == set()
    first = warehouse.execute("select min(as_of_from) from marts.kpi_progress_history").fetchone()
    assert first == (dt.date(2023, 5, 1),)
