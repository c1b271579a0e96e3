"""The connectors for the missing official series (sti/ingest/kosis_tables.yaml), against a
local fake KOSIS: a table id seen in public code but not confirmed is archived only when KOSIS's
own table name (getMeta type=TBL) is the table expected; census sales archived by the refresh
give 기술기반업종 sales where every tech-based section has a value, and name the sections missing
where one has none (here a withheld cell, X).

The answers are recorded in KOSIS's documented shape (sources.md A.3); the sales figures are
made up for the test (no release of DT_1K52F08 is held)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from sti.db.sql_door import connect_read_only
from sti.ingest.kosis_api import KosisClient
from sti.ingest.kosis_fetch import fetch_specs, fetch_to_archive
from sti.ingest.kosis_refresh import refresh
from tests.conftest import Pipeline
from tests.kosis_fake_server import FakeKosis, error

SECRET = "test-key-connectors"
TODAY = dt.date(2026, 11, 23)
TITLE = "시도·산업별 사업체수, 종사자수, 매출액"
# KSIC sections as the census names them (the shipped DT_1K52D01 labels), with made-up sales
SECTIONS = {
    "A": "농업 임업 및 어업(01~03)", "B": "광업(05~08)", "C": "제조업(10~34)",
    "D": "전기 가스 증기 및 공기조절 공급업(35)", "E": "수도 하수 및 폐기물 처리 원료 재생업(36~39)",
    "F": "건설업(41~42)", "G": "도매 및 소매업(45~47)", "H": "운수 및 창고업(49~52)",
    "I": "숙박 및 음식점업(55~56)", "J": "정보통신업(58~63)", "K": "금융 및 보험업(64~66)",
    "L": "부동산업(68)", "M": "전문 과학 및 기술 서비스업(70~73)",
    "N": "사업시설 관리 사업 지원 및 임대 서비스업(74~76)",
    "O": "공공행정 국방 및 사회보장 행정(84)", "P": "교육 서비스업(85)",
    "Q": "보건업 및 사회복지 서비스업(86~87)", "R": "예술 스포츠 및 여가관련 서비스업(90~91)",
    "S": "협회 및 단체 수리 및 기타 개인 서비스업(94~96)",
}  # fmt: skip
TECH = "CJMNPQR"
# KOSIS statistical codes of the nation and the 17 시도 (a release covers them all)
REGIONS = {
    "00": "전국", "11": "서울", "21": "부산", "22": "대구", "23": "인천", "24": "광주",
    "25": "대전", "26": "울산", "29": "세종", "31": "경기", "32": "강원", "33": "충북",
    "34": "충남", "35": "전북", "36": "전남", "37": "경북", "38": "경남", "39": "제주",
}  # fmt: skip


def _sales(code: str, section: str) -> int:
    """A region's sales in a section; the nation's is the sum of its 시도."""
    if code == "00":
        return sum(_sales(c, section) for c in REGIONS if c != "00" and (c, section) != GAP)
    return 1_000_000 * (1 + "ABCDEFGHIJKLMNOPQRS".index(section)) + int(code)


GAP = ("11", "R")  # 서울's section R is withheld (X), as the census marks a suppressed cell


def census_sales(query: dict[str, str]) -> object:
    """DT_1K52F08: its name when asked (getMeta TBL), else 2023 sales of the nation and every
    시도 by section, 서울's R withheld."""
    if query.get("method") == "getMeta":
        return [{"ORG_ID": "101", "TBL_ID": "DT_1K52F08", "TBL_NM": TITLE}]
    return [
        {
            "ORG_ID": "101",
            "TBL_ID": "DT_1K52F08",
            "TBL_NM": TITLE,
            "PRD_SE": "Y",
            "PRD_DE": "2023",
            "ITM_ID": "T3",
            "ITM_NM": "매출액",
            "UNIT_NM": "백만원",
            "C1": code,
            "C1_NM": name,
            "C2_NM": label,
            "DT": "X" if (code, section) == GAP else str(_sales(code, section)),
            "LST_CHN_DE": "2025-12-24",
        }
        for code, name in REGIONS.items()
        for section, label in SECTIONS.items()
    ]


def _client(fake: FakeKosis) -> KosisClient:
    return KosisClient(api_key=SECRET, base_url=fake.url, timeout_seconds=2, backoff_seconds=0.01)


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_census_sales_are_archived_and_give_tech_sales_only_with_every_section(
    archive: Path, tmp_path: Path
) -> None:
    with FakeKosis({"DT_1K52F08": [census_sales]}) as fake:
        outcomes = refresh(_client(fake), archive, TODAY)
    [sales] = [o for o in outcomes if o.table_id == "DT_1K52F08"]
    assert sales.archived is not None, sales.message
    side = yaml.safe_load(sales.archived.with_name(sales.archived.name + ".yaml").read_text())
    assert side["citation"]["kosis_title"] == TITLE and side["release_date"] == "2025-12-24"
    assert len(json.loads(sales.archived.read_text(encoding="utf-8"))) == 18 * 19

    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    assert Pipeline(archive, warehouse).run().success
    with connect_read_only(warehouse) as conn:
        rows = conn.execute(
            "select region_id, tech_value, missing_sections from marts.tech_industries"
            " where indicator_id = 'sales' and year = 2023 and method = 'sections'"
            " and region_id in ('KR-11', 'KR-30') order by region_id"
        ).fetchall()
        kpi = conn.execute(
            "select actual, actual_tier, status from marts.kpi_progress"
            " where kpi_id = 'tech_sales' and year = 2023"
        ).fetchall()
    daejeon = sum(_sales("25", s) for s in TECH)
    assert rows == [("KR-11", None, "R"), ("KR-30", float(daejeon), None)]
    # the KPI follows the census series: 2023 is its actual (no pre-plan year held to judge by)
    assert kpi == [(float(daejeon), "official", "not_assessable")]


def test_an_unconfirmed_id_whose_name_does_not_match_archives_nothing(archive: Path) -> None:
    def other_table(query: dict[str, str]) -> object:
        if query.get("method") == "getMeta":
            return [{"ORG_ID": "127", "TBL_ID": "DT_127003_011", "TBL_NM": "시도별 수출입 현황"}]
        raise AssertionError("no data may be asked of a table whose name does not match")

    before = _files(archive)
    with FakeKosis({"DT_127003_011": [other_table], "DT_1K52F08": [error("30")]}) as fake:
        outcomes = refresh(_client(fake), archive, TODAY)
    [rnd] = [o for o in outcomes if o.table_id == "DT_127003_011"]
    assert rnd.archived is None
    assert "not confirmed" in rnd.message and "시도별 수출입 현황" in rnd.message
    assert "nothing was archived" in rnd.message
    asked = [q for q in fake.requests if q.get("tblId") == "DT_127003_011"]
    assert [q.get("method") for q in asked] == ["getMeta"]
    assert _files(archive) == before


def test_the_closed_startups_series_is_fetched_to_its_last_month_as_its_own_series(
    tmp_path: Path,
) -> None:
    """DT_142N_F205 (2021-2025) ended before DT_142N_G205 began: whatever end is asked, the
    fetch stops at 2025-12, and its sidecar carries its own series (the 2026 redesign is a
    series break, never one trend line)."""

    def old_series(query: dict[str, str]) -> object:
        if query.get("method") == "getMeta":
            return [
                {"ORG_ID": "142", "TBL_ID": "DT_142N_F205", "TBL_NM": "지역별 업종별 창업기업수"}
            ]
        return [
            {"PRD_DE": "202512", "C1_NM": "합계", "C2_NM": "대전", "ITM_NM": "전체",
             "UNIT_NM": "개", "DT": "1000", "LST_CHN_DE": "2026-02-27"}
        ]  # fmt: skip

    with FakeKosis({"DT_142N_F205": [old_series]}) as fake:
        path = fetch_to_archive(
            fetch_specs()["DT_142N_F205"], _client(fake), tmp_path, "202608", TODAY
        )
    [data] = [q for q in fake.requests if q.get("method") != "getMeta"]
    assert (data["startPrdDe"], data["endPrdDe"]) == ("202101", "202512")
    side = yaml.safe_load(path.with_name(path.name + ".yaml").read_text(encoding="utf-8"))
    assert side["series"] == "startups_trend_2021" and side["reference_period"] == "202101-202512"
