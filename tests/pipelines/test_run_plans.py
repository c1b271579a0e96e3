"""Change detection, counted from Dagster's events: a second run on unchanged inputs rebuilds
nothing; a new GRDP release rebuilds what reads GRDP and what is downstream of it, nothing else,
and the release it publishes equals a full build of the same archive."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from assets.fingerprint_inputs import asset_inputs
from pipelines.definitions import defs
from pipelines.run_in_process import execute, run_config
from pipelines.run_plans import next_plan, runs_gx_suites
from pipelines.schedules import nightly
from sti.paths import RAW_DIR, WAREHOUSE_ENV_VAR
from sti.plan.budget import BUDGET_DIR
from sti.plan.kpi_sources import SOURCES_FILE
from sti.plan.plan_structure import STRUCTURE_DIR
from sti.plan.targets import TARGETS_FILE
from sti.warehouse.change_detection import archive_state, code_fingerprint, fingerprints
from sti.warehouse.export_record import record_path
from tests.archive_edits import new_release, new_startups_release
from tests.conftest import Pipeline

TODAY = dt.date(2026, 11, 24)
# what a GRDP release must not touch: other domains' staging, the plan, targets, dimensions
UNRELATED = {
    "staging/startups",
    "staging/census",
    "staging/workforce",
    "staging/transcribed_figures",
    "staging/plan_structure",
    "staging/kpi_targets",
    "staging/kpi_sources",
    "staging/department_reports",
    "staging/budget_execution",
    "marts/dim_region",
    "marts/dim_industry",
    "marts/dim_indicator",
    "marts/plan_subtask",
    "raw/kosis_refresh",
}
# what it must rebuild: its staging table, everything built from indicator values, the release
DEPENDANTS = {
    "raw/source_files",
    "raw/table_cells",
    "staging/grdp",
    "marts/grdp_summary",
    "marts/indicator_values",
    "marts/kpi_progress",
    "marts/region_comparison",
    "checks/consistency",
    "published_warehouse",
}


def _tables(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        names = [
            f"{schema}.{table}"
            for schema, table in conn.execute(
                "select schema_name, table_name from duckdb_tables() where schema_name <> 'meta' "
                "union all select schema_name, view_name from duckdb_views() "
                "where not internal and schema_name <> 'meta' order by all"
            ).fetchall()
        ]
        return {
            name: sorted(conn.execute(f"select * from {name}").fetchall(), key=repr)
            for name in names
        }


def test_unchanged_inputs_rebuild_nothing_and_a_new_file_only_its_dependants(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    config = run_config(warehouse, archive)  # as a launched run gets it
    with dg.DagsterInstance.ephemeral() as instance:

        def run() -> tuple[str, set[str]]:
            plan = next_plan(warehouse, archive, TODAY)
            result = execute(plan, instance, run_config=config)
            if result is None:
                return plan.reason, set()
            assert result.success, plan.reason
            return plan.reason, {
                e.asset_key.to_user_string()
                for e in result.get_asset_materialization_events()
                if e.asset_key is not None
            }

        reason, first = run()
        assert reason == "nothing published yet: build everything"
        assert len(first) == 54
        events = len(
            instance.get_event_records(
                dg.EventRecordsFilter(event_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
            )
        )
        reason, second = run()
        assert reason.startswith("nothing changed since release")
        assert second == set()
        # the nightly tick (on the shipped archive, which this copy equals) requests no run
        monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(warehouse))
        tick = dg.build_schedule_context(
            scheduled_execution_time=dt.datetime(2026, 11, 24, 2, tzinfo=ZoneInfo("Asia/Seoul"))
        )
        skipped = nightly.evaluate_tick(tick)
        assert not skipped.run_requests
        assert (skipped.skip_message or "").startswith("nothing changed since release")
        assert (
            len(
                instance.get_event_records(
                    dg.EventRecordsFilter(event_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
                )
            )
            == events
        ), "no materialization at all"

        # an export that failed after the release was published (no record of it) is written
        # again by the next run, alone; its files deleted by hand, likewise
        record = record_path(warehouse)
        entries = json.loads(record.read_text("utf-8"))
        assert set(entries) == {
            "exports/parquet",
            "exports/catalog",
            "exports/evaluation_drafts",
            "exports/site",
        }
        record.write_text(json.dumps({**entries, "exports/parquet": {}}), "utf-8")
        reason, retried = run()
        assert reason.startswith("exports not written from release"), reason
        assert retried == {"exports/parquet"}
        shutil.rmtree(warehouse.parent / "catalog")
        assert run()[1] == {"exports/catalog"}
        reason, after = run()
        assert (reason.startswith("nothing changed since release"), after) == (True, set())

        new_release(archive, "grdp_DT_1C91_total_all_regions_2014-2024_rev.csv")
        reason, third = run()
    assert "assets changed since release" in reason
    assert third >= DEPENDANTS, DEPENDANTS - third
    assert not (UNRELATED & third), UNRELATED & third
    full = Pipeline(archive, tmp_path / "full" / "warehouse.duckdb")
    assert full.run().success
    incremental, rebuilt = _tables(warehouse), _tables(full.warehouse)
    assert incremental.keys() == rebuilt.keys()
    differing = [name for name in rebuilt if incremental[name] != rebuilt[name]]
    assert differing == [], "the partial build must equal a full build of the same archive"


# What one new startups release rebuilds, counted from the run's events: the register, the
# startups staging table, what reads every domain's values (the union, ranks, series overlaps,
# KPIs and what rolls them up, the checks over all values), the startups marts, the release and
# its exports. The GRDP, R&D, workforce, R-COSTII and 기술기반업종 marts declare the domains whose
# values they read (tests/assets/marts/test_value_domains.py) and are carried over.
STARTUPS_DEPENDANTS = {
    "raw/source_files",
    "raw/table_cells",
    "staging/startups",
    "marts/indicator_values",
    "marts/region_comparison",
    "marts/series_overlaps",
    "marts/startups",
    "marts/startups_annual",
    "marts/kpi_progress",
    "marts/kpi_sources",
    "marts/kpi_by_task",
    "marts/kpi_by_strategy",
    "marts/subtask_progress",
    "checks/consistency",
    "checks/freshness",
    "checks/revisions",
    "published_warehouse",
    "exports/parquet",
    "exports/catalog",
    "exports/evaluation_drafts",
    "exports/site",
}


def _published_on(warehouse: Path) -> dt.date:
    """The night (Asia/Seoul) a release was published on: its dated fingerprints' date."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        found = conn.execute("select published_at from meta.build_info").fetchone()
    assert found is not None
    return found[0].replace(tzinfo=dt.UTC).astimezone(ZoneInfo("Asia/Seoul")).date()


@pytest.mark.xdist_group("evaluation_packages")  # it prints the drafts: chromium
def test_a_new_startups_release_rebuilds_only_its_dependants(
    baseline: Pipeline, archive: Path, tmp_path: Path
) -> None:
    night = Pipeline(archive, tmp_path / "marts" / "warehouse.duckdb").start_from(baseline)
    new_startups_release(archive, "startups_DT_142N_G205_all_regions_2026H1_rev.csv")
    plan = next_plan(night.warehouse, archive, _published_on(night.warehouse))
    with dg.DagsterInstance.ephemeral() as instance:
        result = execute(plan, instance, run_config=run_config(night.warehouse, archive))
    assert result is not None and result.success, plan.reason
    rebuilt = {
        e.asset_key.to_user_string()
        for e in result.get_asset_materialization_events()
        if e.asset_key is not None
    }
    extra, missing = rebuilt - STARTUPS_DEPENDANTS, STARTUPS_DEPENDANTS - rebuilt
    assert (extra, missing) == (set(), set()), plan.reason
    full = Pipeline(archive, tmp_path / "full" / "warehouse.duckdb")
    assert full.run().success
    incremental, rebuilt_whole = _tables(night.warehouse), _tables(full.warehouse)
    assert incremental.keys() == rebuilt_whole.keys()
    differing = [name for name in rebuilt_whole if incremental[name] != rebuilt_whole[name]]
    assert differing == [], "the partial build must equal a full build of the same archive"


@pytest.mark.parametrize("edit", ["data", "sidecar"])
def test_a_changed_sidecar_or_file_in_place_is_a_change(
    archive: Path, tmp_path: Path, edit: str
) -> None:
    """Planned against a release; the file's bytes or its sidecar change, the plan sees it."""
    inputs = asset_inputs(defs.resolve_asset_graph())

    def current() -> dict[str, str]:
        return fingerprints(inputs, archive_state(archive), code_fingerprint(), TODAY)

    before = current()
    target = archive / "reference" / "regions.csv"
    if edit == "sidecar":
        target = target.with_name(target.name + ".yaml")
    target.write_bytes(target.read_bytes() + b"\n")
    after = current()
    changed = {key for key in after if after[key] != before[key]}
    assert {"raw/source_files", "marts/dim_region", "staging/grdp"} <= changed
    assert "staging/plan_structure" not in changed, "plan structure reads no reference file"


# Assets that read archive folders directly, and what they read (the readers' own constants)
DIRECT_READS = {
    "staging/plan_structure": [STRUCTURE_DIR],
    "staging/kpi_targets": [TARGETS_FILE],
    "staging/kpi_sources": [SOURCES_FILE],
    "staging/budget_execution": [BUDGET_DIR],
}


def test_each_declared_domain_covers_the_files_its_asset_reads() -> None:
    """A domain left out of a declaration would let a changed file go unrebuilt."""
    inputs = asset_inputs(defs.resolve_asset_graph())
    by_file = {f.raw_file: f.domain for f in archive_state(RAW_DIR)}
    for key, places in DIRECT_READS.items():
        read = {
            domain
            for place in places
            for name, domain in by_file.items()
            if name == place.as_posix() or name.startswith(place.as_posix() + "/")
        }
        assert read, f"{key}: no shipped file under {places}"
        assert read <= inputs[key].raw_domains, (key, read, inputs[key].raw_domains)
    for key, spec in inputs.items():
        if key.startswith("staging/") and spec.reads_raw:
            assert spec.raw_domains, f"{key} reads raw files but declares no domain"


def test_gx_is_imported_early_only_for_a_run_that_builds_a_gx_checked_mart() -> None:
    """The GX process (2.4 s of import on the other core) is started early only when a suite runs."""
    kpi = dg.AssetKey(["marts", "kpi_progress"])
    assert runs_gx_suites(None), "a full build runs every suite"
    assert runs_gx_suites([dg.AssetKey(["raw", "source_files"]), kpi])
    assert runs_gx_suites([dg.AssetKey(["marts", "tech_industries"])])
    assert not runs_gx_suites([dg.AssetKey(["raw", "source_files"]), dg.AssetKey(["marts", "rnd"])])
