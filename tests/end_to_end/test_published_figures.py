"""Golden test: every published figure on the checked list is in the warehouse, with its citation.

tests/golden/published_figures.csv was typed from the documents independently of data/raw, in the
units the documents print; a transcription error in either place fails here.
"""

import csv

import duckdb
import pytest

from tests.conftest import Pipeline
from tests.files import GOLDEN

CHECKED_LIST = GOLDEN / "published_figures.csv"
# published unit -> factor to the canonical unit (sti/reference/units.py holds the pipeline's own table)
TO_CANONICAL = {"조원": 1_000_000, "억원": 100, "만명": 10_000}


def test_every_published_figure_is_in_indicator_values(baseline: Pipeline) -> None:
    pipeline = baseline
    figures = list(csv.DictReader(CHECKED_LIST.open(encoding="utf-8")))
    assert len(figures) > 70
    missing = []
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as conn:
        for fig in figures:
            expected = float(fig["published_value"]) * TO_CANONICAL.get(fig["published_unit"], 1)
            rows = conn.execute(
                "select val.value, src.citation from marts.indicator_values as val"
                " join raw.source_files as src on src.raw_file = val.source_file"
                " where val.indicator_id = ? and val.region_id = ? and val.industry_code = ?"
                " and val.period = ? and val.series = ? and coalesce(val.edition, '') = ?",
                [
                    fig["indicator_id"],
                    fig["region_id"],
                    fig["industry_code"],
                    fig["period"],
                    fig["series"],
                    fig["edition"],
                ],
            ).fetchall()
            if not rows or rows[0][0] != pytest.approx(expected) or "document" not in rows[0][1]:
                missing.append(
                    f"{fig['document']} {fig['section']}: {fig['indicator_id']} {fig['region_id']} {fig['period']} = {fig['published_value']} ({rows})"
                )
    assert missing == []


# The targets the documents state, as (kpi_id, target_year, value in the canonical unit).
PUBLISHED_TARGETS = [
    ("defence_production_2027", 2027, 800_000.0),  # plan 【1-1-3】: 생산 8,000억 원 이상
    ("defence_exports_2027", 2027, 200_000.0),  # 수출 2,000억 원 이상
    ("defence_jobs_2027", 2027, 5_000.0),  # 이전·고용 5,000명 이상
    ("defence_large_firms_2027", 2027, 1.0),  # 대기업 1개 이상
    ("defence_smes_2027", 2027, 300.0),  # 중소·벤처·창업 300개 이상
    ("complex_firms_2027", 2027, 1_045.0),  # plan 【1-2-2】: 545 -> 1,045개 기업
    ("complex_production_2027", 2027, 4_800_000.0),  # 3조 5천억 -> 4조 8천억 원
    ("complex_workers_2027", 2027, 7_774.0),  # 4,521 -> 7,774명
    ("complex_hightech_share_2027", 2027, 64.0),  # 첨단산업 37% -> 64%
    ("ns_innovation_capacity_2030", 2030, 70.0),  # national strategy: 수도권 대비 70%
    ("ns_regional_researchers_2030", 2030, 220_000.0),  # 20만 -> 22만명
    ("ns_regional_rnd_share_2030", 2030, 7.0),  # 3.96% -> 7% 이상
    ("ns_deeptech_startups_2030", 2030, 600.0),  # 누적 600개
    ("defence_innovation_staff_2027", 2027, 2_500.0),  # plan line 673: 2.500여 명 유치
    ("shared_fab_area_2027", 2027, 1_000.0),  # plan line 2111: 1,000평 공유형 팹
    ("bio_convergence_graduates_yearly", 2027, 30.0),  # plan line 2128: 연간 신규 30명 이상
    ("investment_office_capital_2023", 2023, 70_000.0),  # plan line 1610: 2023년도까지 700억 원
    ("investment_office_city_contribution_2027", 2027, 100_000.0),  # line 1610: 출자금 1,000억 원
]

# The baselines the documents state, as (kpi_id, baseline_year, value, published_baseline_series).
PUBLISHED_BASELINES = [
    ("complex_firms_2027", 2022, 545.0),  # plan line 868: 545개 기업
    ("complex_production_2027", 2022, 3_500_000.0),  # 3조 5천억 원
    ("complex_workers_2027", 2022, 4_521.0),  # 4,521명
    ("complex_hightech_share_2027", 2022, 37.0),  # 첨단산업 37%
    ("ns_innovation_capacity_2030", 2024, 44.0),  # strategy line 84: '24년 44% (대전 제외)
    ("ns_regional_researchers_2030", 2024, 200_000.0),  # line 88: 20만명
    ("ns_regional_rnd_share_2030", 2026, 3.96),  # line 90: 3.96%
    ("ns_deeptech_startups_2030", 2025, 77.0),  # line 92: 77개
    ("tech_establishments", 2020, 30_499.0),  # plan line 279: 30,499개 사 (earlier census)
    ("tech_workers", 2020, 305_913.0),  # plan line 288: 305,913명
    ("tech_sales", 2020, 50_400_000.0),  # plan line 276: 50.4조 원
]


def test_every_published_baseline_is_kept_with_the_kpi(baseline: Pipeline) -> None:
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        found = {
            row[0]: row[1:]
            for row in conn.execute(
                "select distinct kpi_id, published_baseline_year, published_baseline_value, baseline_value, baseline_kind from marts.kpi_progress"
            ).fetchall()
        }
    for kpi_id, year, value in PUBLISHED_BASELINES:
        published_year, published_value, used, kind = found[kpi_id]
        assert (published_year, published_value) == (year, pytest.approx(value)), kpi_id
        if kind == "published":
            assert used == pytest.approx(value), kpi_id


def test_every_published_target_is_in_kpi_progress(baseline: Pipeline) -> None:
    pipeline = baseline
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as conn:
        found = {
            (row[0], row[1]): (row[2], row[3])
            for row in conn.execute(
                "select kpi_id, year, target_value, plan_reference from marts.kpi_progress where year = target_year"
            ).fetchall()
        }
    for kpi_id, year, value in PUBLISHED_TARGETS:
        target, reference = found[(kpi_id, year)]
        assert target == pytest.approx(value), kpi_id
        assert reference, kpi_id
