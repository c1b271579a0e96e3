"""The Great Expectations suites pass on good rows and fail, saying why, on bad ones."""

import pandas as pd
import pytest

from assets.checks.gx_suites import suite_rows_sql
from pipelines.definitions import defs
from sti.db.sql_door import connect_read_only
from sti.quality.mart_suites import (
    KPI_SUITE,
    REGION_SUITE,
    SUITE_COLUMNS,
    TECH_SUITE,
    as_mart_frame,
    run_suite,
)
from tests.conftest import Pipeline


def kpi_rows(**changes: object) -> pd.DataFrame:
    row = dict(
        kpi_id="k",
        year=2023,
        target_kind="official_numeric",
        baseline_kind="published",
        status="on_track",
        actual=1.0,
        achievement_vs_target=0.5,
        target_value=2.0,
        milestone=1.0,
        baseline_value=0.0,
    )
    row.update(changes)
    return pd.DataFrame([row])


def test_kpi_suite_accepts_consistent_rows() -> None:
    assert run_suite(KPI_SUITE, kpi_rows(), {"k:2023"}).success


def test_kpi_suite_names_an_unknown_status_and_a_lost_year() -> None:
    outcome = run_suite(KPI_SUITE, kpi_rows(status="fine"), {"k:2023", "k:2024"})
    assert not outcome.success
    text = "\n".join(outcome.failures)
    assert "expect_column_values_to_be_in_set" in text and "'status'" in text
    assert "expect_column_distinct_values_to_contain_set" in text


def test_kpi_suite_catches_a_status_that_contradicts_the_actual() -> None:
    outcome = run_suite(KPI_SUITE, kpi_rows(status="no_data_yet"), set())
    assert not outcome.success
    assert "status_matches_actual" in "\n".join(outcome.failures)


def region_rows(national: float) -> pd.DataFrame:
    rows = []
    for number in range(17):
        rows.append(
            dict(
                indicator_id="establishments",
                region_id=f"R{number}",
                industry_code="_T",
                period="2023",
                series="census_2020",
                edition=None,
                value=10.0,
                aggregation="stock",
                rank_among_sido=1,
                regions_with_value=17,
                regions_present=17,
                sum_of_regions=170.0,
                national_value=national,
            )
        )
    return pd.DataFrame(rows)


def test_region_suite_checks_that_regions_add_up_to_the_nation() -> None:
    assert run_suite(REGION_SUITE, region_rows(170.0)).success
    outcome = run_suite(REGION_SUITE, region_rows(200.0))
    assert not outcome.success
    assert "sum_gap_ratio" in "\n".join(outcome.failures)


def test_tech_suite_takes_a_sum_of_every_section_or_none_naming_the_missing() -> None:
    row = {"method": "sections", "sections_used": 7, "tech_share_pct": 50.0}
    complete = {**row, "tech_value": 10.0, "missing_sections": None}
    withheld = {**row, "tech_value": None, "missing_sections": "R", "tech_share_pct": None}
    assert run_suite(TECH_SUITE, pd.DataFrame([complete, withheld])).success
    short = {**row, "sections_used": 6, "tech_value": 8.0, "missing_sections": None}
    assert not run_suite(TECH_SUITE, pd.DataFrame([complete, short])).success
    named = {**short, "tech_value": None, "missing_sections": "R", "tech_share_pct": None}
    assert run_suite(TECH_SUITE, pd.DataFrame([complete, named])).success


def test_every_staging_table_and_mart_has_a_check() -> None:
    graph = defs.resolve_asset_graph()
    checked = {key.asset_key for key in graph.asset_check_keys}
    tables = {k for k in graph.get_all_asset_keys() if k.path[0] in ("staging", "marts")}
    assert tables - checked == set()


@pytest.mark.parametrize("mart", ["kpi_progress", "region_comparison", "tech_industries"])
def test_the_gx_process_sees_a_mart_as_duckdb_hands_it_to_pandas(
    baseline: Pipeline, mart: str
) -> None:
    """The rows cross to the GX process as Arrow; it rebuilds the frame a suite was written for."""
    with connect_read_only(baseline.warehouse) as conn:
        direct = conn.sql(f"select * from marts.{mart}").df()
        rows = conn.sql(f"select * from marts.{mart}").to_arrow_table()
    assert len(direct) > 0
    pd.testing.assert_frame_equal(as_mart_frame(rows), direct)


def _suite_arguments(suite: str, rows: pd.DataFrame) -> tuple:
    if suite == KPI_SUITE:  # every KPI year the mart holds, as a previous release's would be
        return ({f"{kpi}:{year}" for kpi, year in zip(rows["kpi_id"], rows["year"], strict=True)},)
    return ()


@pytest.mark.parametrize(
    ("mart", "suite"),
    [("kpi_progress", KPI_SUITE), ("region_comparison", REGION_SUITE),
     ("tech_industries", TECH_SUITE)],
)  # fmt: skip
def test_a_suite_judges_the_columns_it_reads_as_it_judges_the_whole_mart(
    baseline: Pipeline, mart: str, suite: str
) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        whole = conn.sql(f"select * from marts.{mart}").df()
        read = conn.sql(suite_rows_sql(suite, f"marts.{mart}")).df()
    assert list(read.columns) == list(SUITE_COLUMNS[suite])
    arguments = _suite_arguments(suite, whole)
    outcome = run_suite(suite, read, *arguments)
    assert outcome.evaluated > 0
    assert outcome == run_suite(suite, whole, *arguments)
    if suite == REGION_SUITE:  # and a failure the same way: one region's sum doubled
        summed = whole.index[whole["regions_with_value"] == 17][0]
        for frame in (whole, read):
            frame.loc[summed, "sum_of_regions"] = 2 * frame.loc[summed, "national_value"]
        broken = run_suite(suite, read)
        assert not broken.success and broken == run_suite(suite, whole)
