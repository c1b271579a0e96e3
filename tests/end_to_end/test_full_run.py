"""Materialize everything into a temp warehouse, query it, and break it on purpose."""

import re
from pathlib import Path

import duckdb
import pytest

from sti.ingest.provenance import file_sha256, sidecar_path
from tests.conftest import Pipeline

GRDP_FILE = "plan_2023/grdp_daejeon_2016_2021.csv"


def receive(archive: Path, relative: str, text: str) -> None:
    """Replace a raw file as if a new copy had been received (its sidecar checksum follows)."""
    path = archive / relative
    path.write_text(text, encoding="utf-8")
    side = sidecar_path(path)
    side.write_text(
        re.sub(r"(?m)^sha256: .*$", f"sha256: {file_sha256(path)}", side.read_text("utf-8")),
        "utf-8",
    )


def failure_text(result) -> str:  # type: ignore[no-untyped-def]
    texts = []
    for event in result.all_events:
        data = event.event_specific_data
        if event.event_type_value == "ASSET_CHECK_EVALUATION" and not data.passed:
            texts.append(data.description or "")
        if event.event_type_value == "STEP_FAILURE":
            texts.append(str(data.error.cause.message if data.error.cause else data.error.message))
    return "\n".join(texts)


def test_materializes_daejeon_grdp_2016_2021(baseline: Pipeline) -> None:
    """The shared baseline is the full run of the whole job (tests/conftest.py)."""
    pipeline = baseline
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as conn:
        rows = conn.execute(
            "select year, grdp_nominal_tn_krw, share_published_pct, real_growth_pct, status"
            " from marts.grdp_summary where region_id = 'KR-30' and series = 'grdp_base2015' order by year"
        ).fetchall()
        build_info = conn.execute("select count(*) from meta.build_info").fetchone()
    assert [r[0] for r in rows] == [2016, 2017, 2018, 2019, 2020, 2021]
    assert rows[-1] == (2021, pytest.approx(46.4), 2.23, 2.8, "preliminary")
    assert {r[4] for r in rows[:-1]} == {"final"}
    assert build_info == (1,)
    leftovers = [p.name for p in pipeline.warehouse.parent.iterdir() if ".build-" in p.name]
    assert leftovers == []


GRDP_TABLES = ("staging.grdp", "marts.grdp_summary")


def _table(warehouse: Path, table: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(f"select * from {table} order by all").fetchall()


def _held(warehouse: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "select source_file, source_row, column_name, rule, found_by from checks.held_back"
        ).fetchall()


@pytest.mark.parametrize(
    ("broken_row", "expected"),
    [
        (
            "대전,39.3,40.5,41.3,4S.1,44.4,46.4",
            "row 3, column '2019': not a number and not a KOSIS marker",
        ),
        (
            "대전,39.3,40.5,41.3,43.1,44.4,46.4\n대전,39.3,40.5,41.3,43.1,44.4,46.4",
            "this key appears more than once",
        ),
    ],
    ids=["text-in-number-column", "duplicate-year"],
)
def test_broken_grdp_is_held_back_at_pandera_and_keeps_the_published_tables(
    baseline: Pipeline, pipeline: Pipeline, broken_row: str, expected: str
) -> None:
    pipeline.start_from(baseline)
    before = file_sha256(pipeline.warehouse)
    original = (pipeline.archive / GRDP_FILE).read_text("utf-8")
    receive(
        pipeline.archive,
        GRDP_FILE,
        original.replace("대전,39.3,40.5,41.3,43.1,44.4,46.4", broken_row),
    )

    result = pipeline.run()

    assert result.success, failure_text(result)
    held = _held(pipeline.warehouse)
    assert {(file, found_by) for file, *_, found_by in held} == {(GRDP_FILE, "staging.grdp")}
    message = "\n".join(f"row {row}, column {column!r}: {rule}" for _, row, column, rule, _ in held)
    assert expected in message
    assert file_sha256(pipeline.warehouse) != before, "the night published"
    for table in GRDP_TABLES:
        assert _table(pipeline.warehouse, table) == _table(baseline.warehouse, table), table
    assert (pipeline.archive / GRDP_FILE).exists()


def test_sidecar_checksum_mismatch_is_held_back(baseline: Pipeline, pipeline: Pipeline) -> None:
    pipeline.start_from(baseline)
    path = pipeline.archive / GRDP_FILE
    path.write_text(path.read_text("utf-8").replace("46.4", "47.4"), "utf-8")

    result = pipeline.run()

    assert result.success, failure_text(result)
    [(file, _, _, rule, found_by)] = _held(pipeline.warehouse)
    assert (file, found_by) == (GRDP_FILE, "raw.source_files")
    assert rule.startswith("sha256 does not match its sidecar")
    for table in GRDP_TABLES:
        assert _table(pipeline.warehouse, table) == _table(baseline.warehouse, table), table


def test_open_reader_keeps_its_snapshot_while_a_run_publishes(
    baseline: Pipeline, pipeline: Pipeline
) -> None:
    pipeline.start_from(baseline)
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as reader:
        first = reader.execute("select run_id from meta.build_info").fetchone()
        assert pipeline.run().success  # not blocked by the analyst's open connection
        assert reader.execute("select run_id from meta.build_info").fetchone() == first
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as fresh:
        assert fresh.execute("select run_id from meta.build_info").fetchone() != first
