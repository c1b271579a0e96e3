"""Issue 3 end to end: real exports, both code systems, new releases, the fetch archive."""

import datetime as dt
import json
import re
import shutil

import duckdb
import httpx
import yaml

from sti.ingest.kosis_api import KosisClient
from sti.ingest.kosis_fetch import fetch_specs, fetch_to_archive
from sti.ingest.provenance import file_sha256, sidecar_path
from tests.conftest import Pipeline
from tests.files import FIXTURES

DT_1C91 = "kosis/DT_1C91/grdp_DT_1C91_total_all_regions_2014-2024.csv"
RECORDED = FIXTURES / "kosis_api"


def query(pipeline: Pipeline, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def archive_copy(
    pipeline: Pipeline, relative: str, new_relative: str, edit, **sidecar_changes
) -> None:  # type: ignore[no-untyped-def]
    """Archive an edited copy of a raw file as a new file with its own sidecar."""
    source, target = pipeline.archive / relative, pipeline.archive / new_relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edit(source.read_text("utf-8")), "utf-8")
    meta = yaml.safe_load(sidecar_path(source).read_text("utf-8"))
    meta.update(sidecar_changes, sha256=file_sha256(target))
    sidecar_path(target).write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")


def test_tech_based_industries_for_every_region_from_census_sections(baseline: Pipeline) -> None:
    pipeline = baseline
    rows = query(
        pipeline,
        "select count(distinct region_id), min(year), max(year), min(sections_used), max(sections_used)"
        " from marts.tech_industries where method = 'sections' and series = 'census_2020'",
    )
    assert rows == [(18, 2020, 2023, 7, 7)]
    daejeon = dict(
        (row[0], row[1:])
        for row in query(
            pipeline,
            "select series || '/' || method, tech_value, all_value from marts.tech_industries"
            " where region_id = 'KR-30' and indicator_id = 'establishments' and year = 2020",
        )
    )
    # the plan's figures (earlier census series) sit beside, never in one line with, DT_1K52D01
    assert daejeon["census_pre2020/published"] == (30499.0, 123728.0)
    assert daejeon["census_2020/sections"][1] == 164406.0
    growth = query(
        pipeline,
        "select count(*) from marts.tech_industries where region_id = 'KR-30'"
        " and series = 'census_pre2020' and tech_yoy_growth_pct is not null",
    )
    assert growth == [(0,)]


def test_both_region_code_systems_and_the_web_csv_land_on_the_same_region(
    pipeline: Pipeline,
) -> None:
    folder = pipeline.archive / "kosis" / "codes"
    folder.mkdir(parents=True)
    base = {
        "ORG_ID": "101",
        "TBL_ID": "DT_1C91",
        "C2_NM": "지역내총생산(시장가격)",
        "ITM_NM": "명목",
        "PRD_SE": "A",
    }
    stat = [{**base, "C1": "25", "C1_NM": "대전", "PRD_DE": "2019", "DT": "1"}]
    admin = "PRD_DE,ITM_NM,C1,C1_NM,C2_NM,DT\n2019,명목,30,대전,지역내총생산(시장가격),2\n"
    (folder / "stat.json").write_text(json.dumps(stat, ensure_ascii=False), "utf-8")
    (folder / "admin.csv").write_text(admin, "utf-8")
    mapping = {
        "key_columns": ["ITM_NM", "C2_NM"],
        "region_code_column": "C1",
        "rows": {"명목 | 지역내총생산(시장가격)": {"indicator": "grdp_nominal", "unit": "백만원"}},
    }
    for name, system, series in (
        ("stat.json", "kosis_stat", "test_stat"),
        ("admin.csv", "admin", "test_admin"),
    ):
        meta = {
            "source_id": f"test_{system}",
            "domain": "grdp",
            "form": "kosis_api",
            "producer": "test",
            "title": "test",
            "citation": "test",
            "retrieved": "2026-11-01",
            "code_system": system,
            "series": series,
            "sha256": file_sha256(folder / name),
            "mapping": mapping,
        }
        sidecar_path(folder / name).write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    assert pipeline.run().success
    rows = query(
        pipeline,
        "select series, region_id from marts.indicator_values where series like 'test_%' order by 1",
    )
    assert rows == [("test_admin", "KR-30"), ("test_stat", "KR-30")]
    web = query(
        pipeline,
        "select region_id, value from marts.indicator_values where indicator_id = 'grdp_per_capita'"
        " and period = '2023' and region_id = 'KR-30'",
    )
    assert web == [("KR-30", 36645.0)]  # from the genuine CP949 KOSIS download


def test_a_second_release_keeps_both_vintages(pipeline: Pipeline) -> None:
    def revise(text: str) -> str:
        """One value revised (대전 2023) and one year added (2025, every region, as a release has)."""
        text = text.replace(
            "2023,명목,대전광역시,지역내총생산(시장가격),,,53317422",
            "2023,명목,대전광역시,지역내총생산(시장가격),,,53400000",
        )
        added = [
            line.replace("2024,", "2025,", 1)
            for line in text.splitlines()
            if line.startswith("2024,")
        ]
        return text + "\n".join(added) + "\n"

    archive_copy(
        pipeline,
        DT_1C91,
        "kosis/DT_1C91/release_2026-12.csv",
        revise,
        retrieved=dt.date(2026, 11, 20),
        preliminary_periods=["2025"],
        reference_period="2014-2025",
    )
    assert pipeline.run().success
    where = "indicator_id = 'grdp_nominal' and region_id = 'KR-30' and series = 'grdp_base2020'"
    every = query(
        pipeline,
        f"select period, value, vintage from marts.indicator_values where {where} and period >= '2023' order by period, vintage",
    )
    assert every == [
        ("2023", 53317422.0, dt.date(2025, 12, 20)),
        ("2023", 53400000.0, dt.date(2026, 11, 20)),
        ("2024", 56299352.0, dt.date(2025, 12, 20)),
        ("2024", 56299352.0, dt.date(2026, 11, 20)),
        ("2025", 56299352.0, dt.date(2026, 11, 20)),
    ]
    latest = query(
        pipeline,
        f"select period, value from marts.indicator_values_latest where {where} and period >= '2023' order by period",
    )
    assert latest == [("2023", 53400000.0), ("2024", 56299352.0), ("2025", 56299352.0)]
    as_of = query(
        pipeline,
        f"select period, value from marts.indicator_values_as_of(date '2026-10-01') where {where} and period >= '2023' order by period",
    )
    assert as_of == [("2023", 53317422.0), ("2024", 56299352.0)]


def test_loading_the_same_file_twice_changes_nothing(
    baseline: Pipeline, pipeline: Pipeline
) -> None:
    pipeline.start_from(baseline)
    # the sum rounded: doubles summed in another order (a parallel scan) differ in the last bits
    totals = "select count(*), round(sum(value), 2) from marts.indicator_values"
    before = query(pipeline, totals)
    copy = pipeline.archive / "kosis" / "DT_1C91" / "copy.csv"
    shutil.copy(pipeline.archive / DT_1C91, copy)
    shutil.copy(sidecar_path(pipeline.archive / DT_1C91), sidecar_path(copy))
    assert pipeline.run().success
    assert query(pipeline, totals) == before
    pairs = query(
        pipeline,
        "select raw_file, duplicate_of from raw.source_files where sha256 = ? order by raw_file",
        [file_sha256(copy)],
    )
    assert len(pairs) == 2
    assert [dup for _file, dup in pairs].count(None) == 1  # one release; the other file is its copy


def test_a_fetched_answer_is_archived_and_loaded_as_a_release(pipeline: Pipeline) -> None:
    key = "K-123-SECRET"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=(RECORDED / "data_DT_1C91.json").read_bytes())

    client = KosisClient(api_key=key, transport=httpx.MockTransport(handler))
    path = fetch_to_archive(
        fetch_specs()["DT_1C91"], client, pipeline.archive, "2023", dt.date(2026, 11, 21)
    )
    assert key not in path.read_text("utf-8") + sidecar_path(path).read_text("utf-8")
    assert re.search(r"apiKey=%2A%2A%2A", sidecar_path(path).read_text("utf-8"))
    assert pipeline.run().success
    rows = query(
        pipeline,
        "select region_id, period, value from marts.indicator_values where vintage = date '2025-12-19' order by 1, 2",
    )
    assert rows == [
        ("KR", "2022", 2327595674.0),
        ("KR", "2023", 2411863556.0),
        ("KR-30", "2022", 50666636.0),
        ("KR-30", "2023", 53317422.0),
    ]


def test_vintages_are_publication_dates_and_say_how_they_are_known(baseline: Pipeline) -> None:
    rows = dict(
        (row[0], row[1:])
        for row in query(
            baseline,
            "select raw_file, vintage, retrieved, vintage_basis from raw.source_files where form <> 'reference'",
        )
    )
    # downloaded 2026-09-28, published in the December-2025 release (2024 preliminary)
    assert rows[DT_1C91] == (
        dt.date(2025, 12, 20),
        dt.date(2026, 9, 28),
        "release_calendar (stated)",
    )
    excerpt = "kosis/DT_1C91/grdp_wide_national_1985-2023_pandas_resave_excerpt.csv"
    assert rows[excerpt][0::2] == (dt.date(2024, 12, 20), "release_date")
    merged = "kosis/DT_1DA7004S/laborforce_DT_1DA7004S_merged_region_2025.csv"
    assert rows[merged][2] == "retrieved (publication date unknown)"
    assert rows[merged][0] == rows[merged][1]
    # the December-2024 GRDP release is visible on 2025-01-01, as KOSIS had published it
    known = query(
        baseline,
        "select count(*) from marts.indicator_values_as_of(date '2025-01-01')"
        " where indicator_id = 'grdp_nominal' and period = '2023'",
    )
    assert known[0][0] >= 1


CENSUS = "kosis/DT_1K52D01/census_DT_1K52D01_sections_all_regions_2020-2023.csv"
TECH_2023 = "select year, actual, status from marts.kpi_progress_as_of(date '2025-06-30') where kpi_id = 'tech_establishments' order by year"


def test_kpi_statuses_as_of_a_date_ignore_later_releases(
    baseline: Pipeline, pipeline: Pipeline
) -> None:
    pipeline.start_from(baseline)
    before = query(pipeline, TECH_2023)
    assert before[0] == (2023, 41206.0, "improving")
    early = query(
        pipeline,
        "select count(actual) from marts.kpi_progress_as_of(date '2024-06-30') where kpi_id like 'tech_%'",
    )
    assert early == [(0,)], "the 2023 census was not published yet"

    archive_copy(  # a revised census release published 2026-11-01: 대전 manufacturing 2023 -60
        pipeline,
        CENSUS,
        "kosis/DT_1K52D01/census_revised_2026-11.csv",
        lambda text: text.replace(
            "2023,사업체수,대전,제조업(10~34),계,,10302,",
            "2023,사업체수,대전,제조업(10~34),계,,10242,",
        ),
        release_date=dt.date(2026, 11, 1),
        retrieved=dt.date(2026, 11, 2),
    )
    assert pipeline.run().success

    assert query(pipeline, TECH_2023) == before
    latest = query(
        pipeline,
        "select actual from marts.kpi_progress where kpi_id = 'tech_establishments' and year = 2023",
    )
    assert latest == [(41206.0 - 60,)]
