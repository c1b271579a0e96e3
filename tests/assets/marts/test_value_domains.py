"""The value domains a mart declares (`value_domains` of sql_mart) are what change detection
trusts to leave it alone when another domain's release arrives: a wrong declaration would
publish a stale mart. Each declaration is checked on the shipped release: every value of every
other domain changed (or removed), the mart rebuilt, and nothing it holds changes; a value of a
declared domain changed, and it does (the edit reaches the mart)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from assets.fingerprint_inputs import asset_inputs
from assets.marts.indicator_values import pick_newest
from assets.marts.sql_mart import SQL_MARTS
from pipelines.definitions import defs
from sti.reference.indicators import catalogue
from tests.conftest import Pipeline

INPUTS = asset_inputs(defs.resolve_asset_graph())
DECLARED = {key: spec.value_domains for key, spec in INPUTS.items() if spec.value_domains}
# Staging tables whose rows carry an indicator id; department reports carry a KPI's.
VALUE_TABLES = (
    "grdp",
    "census",
    "workforce",
    "startups",
    "rnd",
    "transcribed_figures",
    "press_figures",
)


def _edit(conn: duckdb.DuckDBPyConnection, indicators: list[str], remove: bool) -> None:
    """Every value of `indicators` in staging: removed, or made half again plus one."""
    conn.execute(
        "create or replace temp table _edited as select unnest(?) as indicator_id", [indicators]
    )
    change = "delete from {table}" if remove else "update {table} set value = value * 1.5 + 1"
    for table in VALUE_TABLES:
        conn.execute(
            change.format(table=f"staging.{table}")
            + " where cast(indicator_id as varchar) in (select indicator_id from _edited)"
        )
    conn.execute(
        change.format(table="staging.department_reports")
        + " where kpi_id in (select tar.kpi_id from staging.kpi_targets as tar"
        " where tar.indicator_id in (select indicator_id from _edited))"
    )


def _rebuild(conn: duckdb.DuckDBPyConnection, key: str) -> None:
    """The mart, after the newest values it picks from (marts.indicator_values_latest and
    _all_series, tables) and the split SQL marts it reads through (marts.region_comparison)."""
    pick_newest(conn)
    for parent in INPUTS[key].parents:
        if INPUTS.get(parent) and INPUTS[parent].split and parent.split("/")[1] in SQL_MARTS:
            _rebuild(conn, parent)
    SQL_MARTS[key.split("/")[1]].build(conn)


def _rows(conn: duckdb.DuckDBPyConnection, key: str) -> list[tuple]:
    table = "marts." + key.split("/")[1]
    return sorted(conn.execute(f"select * from {table}").fetchall(), key=repr)


def _edited_copy(baseline: Pipeline, tmp_path: Path) -> Path:
    copy = tmp_path / "edited.duckdb"
    shutil.copyfile(baseline.warehouse.resolve(), copy)
    return copy


def test_the_marts_that_declare_their_domains() -> None:
    """A mart dropped from this list stops being checked below."""
    assert {key: sorted(domains) for key, domains in DECLARED.items()} == {
        "marts/grdp_by_region": ["grdp"],
        "marts/rcostii": ["rcostii"],
        "marts/rnd": ["rnd"],
        "marts/rnd_by_region": ["grdp", "rnd", "workforce"],
        "marts/startups": ["startups"],
        "marts/tech_industries": ["census", "industry"],
        "marts/workforce": ["workforce"],
    }


@pytest.mark.parametrize("remove", [False, True], ids=["changed", "removed"])
@pytest.mark.parametrize("key", sorted(DECLARED))
def test_a_mart_reads_no_value_outside_its_declared_domains(
    baseline: Pipeline, tmp_path: Path, key: str, remove: bool
) -> None:
    outside = [i for i, ind in catalogue().items() if ind.domain not in DECLARED[key]]
    with duckdb.connect(str(_edited_copy(baseline, tmp_path))) as conn:
        before = _rows(conn, key)
        assert before, f"{key} is empty on the shipped data: the check would prove nothing"
        _edit(conn, outside, remove)
        _rebuild(conn, key)
        assert _rows(conn, key) == before, f"{key} read a value outside {sorted(DECLARED[key])}"


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_an_edit_inside_the_declared_domains_reaches_the_mart(
    baseline: Pipeline, tmp_path: Path, key: str
) -> None:
    inside = [i for i, ind in catalogue().items() if ind.domain in DECLARED[key]]
    with duckdb.connect(str(_edited_copy(baseline, tmp_path))) as conn:
        before = _rows(conn, key)
        _edit(conn, inside, remove=False)
        _rebuild(conn, key)
        assert _rows(conn, key) != before
