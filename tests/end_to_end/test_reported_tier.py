"""The reported tier: figures of a release as the press reported them (data/raw/press/) are the
value until the producer's release is archived; then the release takes over and the report is
kept as its cross-check (checks.consistency R17), a disagreement beyond rounding a finding. Two
reports of one figure that disagree are both kept, neither used (R16)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sti.ingest.provenance import file_sha256
from tests.conftest import Pipeline

# A recorded answer of the producer's regional table, in the shape KOSIS returns (long CSV with
# the OpenAPI's column names), holding two figures the press also reported.
OFFICIAL = """PRD_DE,ITM_NM,C1_NM,DT,UNIT_NM
2023,연구원수,계,603566,명
2023,연구원수,대전광역시,{daejeon},명
"""
SIDECAR = """source_id: kosis_127_rnd_survey_test
domain: rnd
form: kosis_api
producer: 과학기술정보통신부·KISTEP 「연구개발활동조사」
title: 연구개발활동조사 지역별 연구원 수 (recorded answer for a test)
citation: {{kosis_org_id: "127", kosis_table_id: DT_127003_011}}
unit: 명
reference_period: "2023"
release_date: 2024-12-29
retrieved: 2026-12-07
code_system: name
series: rnd_activity_survey
sha256: {sha}
mapping:
  unit_column: UNIT_NM
  key_columns: [ITM_NM]
  region_column: C1_NM
  rows:
    연구원수: {{indicator: researchers, unit: 명}}
"""
DAEJEON_2023 = (
    "select researchers, researchers_tier, researchers_reported_by,"
    " researchers_share_of_national_pct from marts.rnd_by_region"
    " where region_id = 'KR-30' and year = 2023"
)
CROSS_CHECK = (
    "select published_value, recomputed_value, consistent from checks.consistency"
    " where rule_id = 'R17' and region_id = 'KR-30' and published_indicator = 'researchers'"
)


def _archive_official(archive: Path, daejeon: int) -> None:
    folder = archive / "kosis" / "rnd_survey"
    folder.mkdir(parents=True)
    data = folder / "researchers_2023.csv"
    data.write_text(OFFICIAL.format(daejeon=daejeon), encoding="utf-8")
    (folder / "researchers_2023.csv.yaml").write_text(
        SIDECAR.format(sha=file_sha256(data)), encoding="utf-8"
    )


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_press_files_fill_rnd_by_region_with_tier_release_and_article(
    baseline: Pipeline,
) -> None:
    rows = _rows(
        baseline.warehouse,
        "select year, researchers, rnd_expenditure_mil_krw, researchers_tier,"
        " researchers_release, researchers_reported_by, rnd_expenditure_reported_url"
        " from marts.rnd_by_region where region_id = 'KR-30' order by year",
    )
    assert [(y, r, e) for y, r, e, *_ in rows] == [
        (2019, 37357.0, 7_705_900.0),
        (2020, 35691.0, 8_873_700.0),
        (2021, 38009.0, 9_442_800.0),
        (2022, 38417.0, 10_379_100.0),
        (2023, 40024.0, 11_085_200.0),
    ]
    assert {(t, r, by) for _, _, _, t, r, by, _ in rows} == {
        ("reported", "KISTEP 2023년 연구개발활동조사 주요결과 (브리프)", "중도일보")
    }
    assert all(url.startswith("https://www.joongdo.co.kr/") for *_, url in rows)
    # 40,024 of 603,566 (the press's 전국 figure): 6.6 %
    assert round(_rows(baseline.warehouse, DAEJEON_2023)[0][3], 1) == 6.6
    non_capital = _rows(
        baseline.warehouse,
        "select researchers, researchers_basis from marts.rnd_by_region"
        " where region_id = 'KR-NONCAP' and year = 2023",
    )
    assert non_capital == [(199_428.0, "computed: 전국 − 수도권")]


def test_two_reports_that_disagree_are_both_kept_and_a_finding(baseline: Pipeline) -> None:
    findings = _rows(
        baseline.warehouse,
        "select rule_id, region_id, period, published_value, recomputed_value"
        " from checks.findings where rule_id in ('R16', 'R17')",
    )
    assert findings == [("R16", "KR-47", "2022", 6.7, 6.8)]
    kept = _rows(
        baseline.warehouse,
        "select value from staging.press_figures where indicator_id = 'rcostii_total'"
        " and region_id = 'KR-47' order by value",
    )
    assert kept == [(6.7,), (6.8,)]
    score = _rows(
        baseline.warehouse,
        "select score, rank, score_note from marts.rcostii"
        " where region_id = 'KR-47' and edition = '2022' and component = 'total'",
    )
    assert score[0][:2] == (None, 4.0) and "6.8" in score[0][2] and "6.7" in score[0][2]


def test_rcostii_holds_both_editions_on_their_own_scales(baseline: Pipeline) -> None:
    rows = _rows(
        baseline.warehouse,
        "select edition, score, regional_mean, rank, regions_in_edition, tier from marts.rcostii"
        " where region_id = 'KR-30' and component = 'total' order by edition",
    )
    assert rows == [
        ("2021", 17.678, 10.834, 3.0, 3, "document"),
        ("2022", 13.1, 7.2, 3.0, 10, "reported"),
    ]


@pytest.mark.parametrize(
    # 40,025: one researcher more than the press printed, beyond its rounding (half of 1 명)
    ("daejeon", "agree"),
    [(40024, True), (40025, False)],
    ids=["agrees", "differs"],
)
def test_an_archived_release_takes_over_and_the_report_becomes_its_cross_check(
    baseline: Pipeline, pipeline: Pipeline, daejeon: int, agree: bool
) -> None:
    pipeline.start_from(baseline)
    _archive_official(pipeline.archive, daejeon)

    assert pipeline.run().success

    value, tier, reported_by, _ = _rows(pipeline.warehouse, DAEJEON_2023)[0]
    assert (value, tier, reported_by) == (float(daejeon), "official", None)
    compared = _rows(
        pipeline.warehouse,
        "select value, tier from marts.region_comparison where indicator_id = 'researchers'"
        " and region_id = 'KR-30' and year = 2023",
    )
    assert compared == [(float(daejeon), "official")], "as of any date, the release wins too"
    reported = _rows(
        pipeline.warehouse,
        "select value from marts.indicator_values where tier = 'reported'"
        " and indicator_id = 'researchers' and region_id = 'KR-30' and period = '2023'",
    )
    assert reported == [(40024.0,)], "the report is kept beside the release"
    assert _rows(pipeline.warehouse, CROSS_CHECK) == [(40024.0, float(daejeon), agree)]
    findings = _rows(
        pipeline.warehouse,
        "select region_id from checks.findings where rule_id = 'R17'",
    )
    assert findings == ([] if agree else [("KR-30",)])
