"""Issue 4 end to end: the plan as data, KPI progress, and the analysts' one-query answers."""

import duckdb
import pytest

from sti.kpi import STATUSES
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
    assert warehouse.execute("select count(*) from marts.plan_action").fetchone()[0] == 92


def test_every_kpi_row_has_a_documented_status_baseline_and_target_kind(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    statuses = {
        r[0] for r in warehouse.execute("select distinct status from marts.kpi_progress").fetchall()
    }
    assert statuses <= set(STATUSES)
    missing = warehouse.execute(
        "select kpi_id, year from marts.kpi_progress where target_kind is null or baseline_kind is null"
        " or (baseline_value is null and baseline_kind <> 'not_stated')"
    ).fetchall()
    assert missing == []
    years = warehouse.execute(
        "select min(year), max(year), count(distinct kpi_id) from marts.kpi_progress"
    ).fetchone()
    assert years == (2023, 2030, 19)


def test_analyst_query_tech_based_daejeon_against_baseline_and_milestone(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        """
        select kpi_id, year, baseline_value, published_baseline_value, milestone, actual, status
        from marts.kpi_progress
        where region_id = 'KR-30' and kpi_id like 'tech_%'
        order by kpi_id, year
        """
    ).fetchall()
    by_key = {(r[0], r[1]): r for r in rows}
    assert {r[0] for r in rows} == {
        "tech_establishments_direction",
        "tech_establishments_derived",
        "tech_workers_direction",
        "tech_workers_derived",
        "tech_sales_direction",
        "tech_sales_derived",
    }
    est = by_key[("tech_establishments_derived", 2023)]
    assert est[2:4] == (
        40182.0,
        30499.0,
    )  # rebased on DT_1K52D01 2020; the plan's 30,499 kept beside
    assert est[4] == pytest.approx(40182 * 1.0125**3)
    assert est[5] is not None and est[6] in STATUSES
    assert by_key[("tech_sales_direction", 2023)][6] == "no_data_yet"


def test_analyst_query_rank_among_regions(warehouse: duckdb.DuckDBPyConnection) -> None:
    row = warehouse.execute(
        """
        select rank_among_regions, regions_with_value, share_of_national_pct
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
        select task_code, planned_eok, executed_eok, investment_gap_eok
        from marts.budget_execution
        where funding_source = 'all sources' and period = '2023-2027'
        order by task_code
        """
    ).fetchall()
    assert rows == [
        ("1-1", 57723.0, 0.0, 57723.0),
        ("1-2", 4500.0, 0.0, 4500.0),
        ("1-3", 3012.0, 0.0, 3012.0),
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
