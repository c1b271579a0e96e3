"""The nightly refresh against a local fake KOSIS: schedule tick -> fetch -> archive ->
materialize -> publish, and what happens when KOSIS has nothing, refuses, or is slow.

The answers are recorded in KOSIS's documented shape (sources.md A.3, A.4); January-June repeat
the shipped release; the counts for 2026-07/08 are made up for the test (no real release of
those months is held).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
import yaml

from assets.raw.kosis_refresh import kosis_refresh
from pipelines.definitions import defs
from pipelines.schedules import nightly
from sti.db.sql_door import connect_read_only
from sti.ingest.kosis_api import KosisClient
from sti.ingest.kosis_refresh import refresh
from sti.ingest.provenance import file_sha256
from sti.operations.resources import KosisResource, RawArchiveResource, WarehouseResource
from sti.operations.run_report import check_lines
from sti.paths import RAW_DIR
from sti.warehouse.releases import ReleaseStore
from tests.kosis_fake_server import FakeKosis, error, slow

SECRET = "test-key-7f3a9c1e5b"  # a key only the fake server ever sees
RELEASED = "2026-10-28"
REGIONS = ["소계", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기"]
REGIONS += ["강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주"]


def _months(query: dict[str, str]) -> list[str]:
    start, end = int(query["startPrdDe"]), int(query["endPrdDe"])
    months = []
    while start <= end:
        months.append(str(start))
        start += 1 if start % 100 < 12 else 89
    return months


SHIPPED = next((RAW_DIR / "kosis" / "DT_142N_G205").glob("*.csv"))
# the shipped release's 합계 and 기술기반업종 blocks: (industry, region, month) -> value
HELD = {
    (r["C1_NM"], r["C2_NM"], r["PRD_DE"]): int(r["DT"])
    for r in csv.DictReader(SHIPPED.open(encoding="utf-8"))
    if r["C1_NM"] in ("합계", " 기술기반업종")
}


def _value(industry: str, region: str, month: str) -> int:
    """The held value for 2026-01..06 (a new vintage repeats them); made-up later months that
    still add up: each region June + n, the total June + 17 n."""
    if (industry, region, month) in HELD:
        return HELD[(industry, region, month)]
    step = int(month) - 202606
    return HELD[(industry, region, "202606")] + step * (17 if region == "소계" else 1)


def startups(query: dict[str, str]) -> list[dict[str, str]]:
    """DT_142N_G205 rows for the requested months: 합계 and 기술기반업종 of every region."""
    return [
        {
            "ORG_ID": "142",
            "TBL_ID": "DT_142N_G205",
            "TBL_NM": "지역별 · 업종별 창업기업수",
            "C1_NM": industry,
            "C2_NM": region,
            "ITM_NM": "전체",
            "UNIT_NM": "개",
            "PRD_SE": "M",
            "PRD_DE": month,
            "DT": str(_value(industry, region, month)),
            "LST_CHN_DE": RELEASED,
        }
        for month in _months(query)
        for region in REGIONS
        for industry in ("합계", " 기술기반업종")
    ]


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _client(fake: FakeKosis, **kwargs: float) -> KosisClient:
    settings = {"timeout_seconds": 0.5, "backoff_seconds": 0.01, **kwargs}
    return KosisClient(api_key=SECRET, base_url=fake.url, **settings)  # type: ignore[arg-type]


def test_a_schedule_tick_fetches_archives_and_publishes_the_new_release(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("KOSIS_API_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    before = _files(archive)
    tick = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 11, 24, 2, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    )
    requests = nightly.evaluate_tick(tick).run_requests
    assert requests and len(requests) == 1
    # the first answer is slower than the client waits: the retry gets the release
    with FakeKosis({"DT_142N_G205": [slow(1.5, startups), startups]}) as fake:
        instance = dg.DagsterInstance.ephemeral()
        result = defs.resolve_job_def(nightly.job_name).execute_in_process(
            run_config=requests[0].run_config,
            tags=requests[0].tags,
            instance=instance,
            raise_on_error=False,
            resources={
                "warehouse": WarehouseResource(database=str(warehouse)),
                "archive": RawArchiveResource(root=str(archive)),
                "kosis": KosisResource(
                    base_url=fake.url, timeout_seconds=0.5, backoff_seconds=0.01
                ),
            },
        )
    assert result.success
    new = sorted(_files(archive) - before)
    assert [p.parent.name for p in new] == ["DT_142N_G205", "DT_142N_G205"]
    data, sidecar = (new[0], new[1]) if new[0].suffix == ".json" else (new[1], new[0])
    side = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    assert side["release_date"] == RELEASED and side["code_system"] == "name"
    assert side["sha256"] == file_sha256(data)  # archived exactly as received
    assert all("apiKey=%2A%2A%2A" in url for url in side["citation"]["requests"])
    g205 = [q for q in fake.requests if q.get("tblId") == "DT_142N_G205"]
    assert len(g205) >= 2 and all(q["apiKey"] == SECRET for q in g205)
    with connect_read_only(warehouse) as conn:
        published = conn.execute(
            "select value from marts.indicator_values where source_id = 'kosis_142_DT_142N_G205' "
            "and region_id = 'KR-30' and industry_code = 'TECH' and period = '2026-08' "
            "and vintage = ?",
            [dt.date.fromisoformat(RELEASED)],
        ).fetchall()
    assert published == [(HELD[(" 기술기반업종", "대전", "202606")] + 2,)]
    # the key is in no file we wrote, no log line and no event of the run
    for path in _files(tmp_path):
        assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in caplog.text
    for record in instance.all_logs(result.run_id):
        assert SECRET not in str(record)


def test_err_30_archives_nothing(archive: Path) -> None:
    before = _files(archive)
    with FakeKosis({"DT_142N_G205": [error("30")]}) as fake:
        outcomes = refresh(_client(fake), archive, dt.date(2026, 11, 23))
    # the census (2024 due) and the unconfirmed connectors (their table name asked first) get
    # err 21 by default from the fake: also nothing archived
    assert [(o.table_id, o.archived) for o in outcomes] == [
        ("DT_1K52D01", None),
        ("DT_142N_G205", None),
        ("DT_1K52F08", None),
        ("DT_142N_F205", None),
        ("DT_127003_011", None),
    ]
    assert "err 30" in outcomes[1].message
    assert _files(archive) == before


@pytest.mark.parametrize("code", ["20", "21"])
def test_a_refused_request_is_reported_and_archives_nothing(archive: Path, code: str) -> None:
    before = _files(archive)
    with FakeKosis({"DT_142N_G205": [error(code)]}) as fake:
        outcomes = refresh(_client(fake), archive, dt.date(2026, 11, 23))
    [startup] = [o for o in outcomes if o.table_id == "DT_142N_G205"]
    assert startup.archived is None
    assert f"KOSIS error {code}" in startup.message and "apiKey=%2A%2A%2A" in startup.message
    assert SECRET not in startup.message
    assert _files(archive) == before


def test_err_31_splits_the_months_until_the_answers_fit(archive: Path) -> None:
    def capped(query: dict[str, str]) -> object:
        return error("31")(query) if len(_months(query)) > 3 else startups(query)

    with FakeKosis({"DT_142N_G205": [capped]}) as fake:
        outcomes = refresh(_client(fake), archive, dt.date(2026, 11, 23))
    [startup] = [o for o in outcomes if o.table_id == "DT_142N_G205"]
    assert startup.archived is not None
    spans = [
        (q["startPrdDe"], q["endPrdDe"]) for q in fake.requests if q["tblId"] == "DT_142N_G205"
    ]
    assert spans[0] == ("202601", "202608") and len(spans) > 1
    answered = [(a, b) for a, b in spans if len(_months({"startPrdDe": a, "endPrdDe": b})) <= 3]
    assert answered and len(answered) < len(spans)
    rows = json.loads(startup.archived.read_text(encoding="utf-8"))
    assert sorted({r["PRD_DE"] for r in rows}) == [f"2026{m:02d}" for m in range(1, 9)]


def test_the_due_list_follows_the_calendar(archive: Path) -> None:
    """On 2026-11-23 the startups (2026-08, held 2026-06) and the census (2024, held 2023) are
    due; GRDP 2024 is held, so it is not asked for. The unconfirmed connectors are due too
    (census sales 2023, startups 2021-2025, regional R&D 2024) but asked their name first."""
    with FakeKosis({"DT_142N_G205": [startups]}) as fake:
        refresh(_client(fake), archive, dt.date(2026, 11, 23))
    ends = {q["tblId"]: q["endPrdDe"] for q in fake.requests if "endPrdDe" in q}
    assert ends == {"DT_142N_G205": "202608", "DT_1K52D01": "2024"}
    # the unconfirmed ids were asked their name (getMeta TBL) and, refused, no data
    named = {q["tblId"] for q in fake.requests if q.get("method") == "getMeta"}
    assert named == {"DT_1K52F08", "DT_142N_F205", "DT_127003_011"}


def test_without_a_key_the_run_uses_the_archive_and_says_so(archive: Path) -> None:
    before = _files(archive)
    result = dg.materialize(
        [kosis_refresh],
        resources={"kosis": KosisResource(), "archive": RawArchiveResource(root=str(archive))},
    )
    [materialization] = result.get_asset_materialization_events()
    event = materialization.materialization
    assert event.metadata["mode"].value == "archive only (KOSIS_API_KEY not set)"  # type: ignore[attr-defined]
    assert "DT_142N_G205 2026-" in str(event.metadata["due"].value)  # type: ignore[attr-defined]
    assert _files(archive) == before


def test_a_fetched_release_that_fails_validation_is_kept_and_held_back(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KOSIS renames a region in a new release: the refresh archives it as received, the night
    holds that file back (checks.held_back names the file, row, column and rule) and publishes,
    the startups tables staying those of the night before."""
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    resources = {
        "warehouse": WarehouseResource(database=str(warehouse)),
        "archive": RawArchiveResource(root=str(archive)),
    }
    job = defs.resolve_job_def(nightly.job_name)
    first = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        resources={**resources, "kosis": KosisResource()},  # no key: the archive as it is
    )
    assert first.success
    releases = ReleaseStore(warehouse)
    published = releases.current()
    assert published is not None

    def renamed(query: dict[str, str]) -> list[dict[str, str]]:
        rows = startups(query)
        for row in rows:
            if row["C2_NM"] == "세종" and row["PRD_DE"] == "202608":
                row["C2_NM"] = "세종특별시"  # not a name of any region
        return rows

    monkeypatch.setenv("KOSIS_API_KEY", SECRET)
    before = _files(archive)
    with FakeKosis({"DT_142N_G205": [renamed]}) as fake:
        second = job.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            resources={**resources, "kosis": KosisResource(base_url=fake.url)},
        )
    assert second.success
    kept = sorted(_files(archive) - before)
    assert [p.suffix for p in kept] == [".json", ".yaml"]  # kept as received, with its sidecar
    report = "\n".join(check_lines(second.all_events, "WARN"))  # what `sti run` prints
    assert "no_file_held_back on staging/startups" in report
    assert kept[0].name in report and "row 269" in report
    assert "region '세종특별시' is not a known region name (column C2_NM)" in report
    assert releases.current() != published
    with connect_read_only(warehouse) as conn:
        held = conn.execute("select source_file, source_row from checks.held_back").fetchall()
        assert {Path(file).name for file, _ in held} == {kept[0].name}
        assert 269 in {row for _, row in held}
        latest = conn.execute(
            "select max(period) from marts.indicator_values "
            "where source_id = 'kosis_142_DT_142N_G205'"
        ).fetchone()
    assert latest == ("2026-06",)
