"""The Definitions load, and the asset graph changes only on purpose (snapshot)."""

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from sti.paths import PROJECT_ROOT
from tests.files import SNAPSHOTS

SNAPSHOT = SNAPSHOTS / "asset_graph.json"


def check_specs() -> list[dg.AssetCheckSpec]:
    graph = defs.resolve_asset_graph()
    return [graph.get_check_spec(key) for key in graph.asset_check_keys]


def graph_snapshot() -> dict:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(parent.to_user_string() for parent in node.parent_keys),
            "owners": list(node.owners),
            "kinds": sorted(node.kinds),
            "checks": sorted(
                f"{spec.name}{' (blocking)' if spec.blocking else ''}"
                for spec in check_specs()
                if spec.asset_key == key
            ),
        }
    return assets


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_matches_snapshot() -> None:
    current = graph_snapshot()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(
            json.dumps(current, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == expected, (
        "asset graph changed; if intended, rerun with UPDATE_SNAPSHOTS=1 and commit"
    )


def test_publish_depends_on_every_mart() -> None:
    graph = defs.resolve_asset_graph()
    marts = {
        k for k in graph.get_all_asset_keys() if graph.get(k).group_name in ("marts", "dimensions")
    }
    assert marts
    assert marts <= set(graph.get(dg.AssetKey("published_warehouse")).parent_keys)


def test_every_staging_table_has_a_blocking_pandera_check() -> None:
    graph = defs.resolve_asset_graph()
    staging = {k for k in graph.get_all_asset_keys() if k.path[0] == "staging"}
    guarded = {c.asset_key for c in check_specs() if c.blocking and "pandera" in c.name}
    assert staging and staging <= guarded


def test_executor_is_in_process() -> None:
    job = defs.resolve_job_def("materialize_everything")
    assert job.executor_def.name == dg.in_process_executor.name


def test_every_observation_staging_table_feeds_indicator_values() -> None:
    from sti.db.sql_files import load_sql

    graph = defs.resolve_asset_graph()
    observation_tables = {
        spec.asset_key for spec in check_specs() if spec.name == "pandera_observation_model"
    }
    sql = load_sql("marts", "indicator_values")
    parents = set(graph.get(dg.AssetKey(["marts", "indicator_values"])).parent_keys)
    for key in observation_tables:
        assert f"from staging.{key.path[1]}" in sql, f"{key.path[1]} is not in indicator_values.sql"
        assert key in parents, f"{key.path[1]} is not a dependency of marts/indicator_values"


def test_every_observation_domain_has_a_staging_table_and_no_other_does() -> None:
    """A sidecar domain is accepted only if some asset reads it (sti/ingest/provenance.py)."""
    from sti.ingest.provenance import OBSERVATION_DOMAINS

    staged = {
        spec.asset_key.path[1]
        for spec in check_specs()
        if spec.asset_key.path[0] == "staging" and spec.name == "pandera_observation_model"
    }
    assert staged == set(OBSERVATION_DOMAINS)


def test_the_dead_run_reaper_runs_by_default() -> None:
    sensor = defs.resolve_sensor_def("dead_run_reaper")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_the_alert_sensors_run_by_default_and_need_the_alerts_resource() -> None:
    for name in ("night_failure_alert", "night_warning_alert"):
        sensor = defs.resolve_sensor_def(name)
        assert sensor.default_status == dg.DefaultSensorStatus.RUNNING, name
        assert sensor.required_resource_keys == {"alerts"}, name


def test_every_asset_has_an_owner_kinds_a_code_version_and_a_description() -> None:
    graph = defs.resolve_asset_graph()
    lacking = [
        key.to_user_string()
        for key in graph.get_all_asset_keys()
        if not (
            graph.get(key).owners
            and graph.get(key).kinds
            and graph.get(key).code_version
            and graph.get(key).description
        )
    ]
    assert lacking == []
    kpi = graph.get(dg.AssetKey(["marts", "kpi_progress"]))
    assert kpi.owners == ["team:sti-evaluation"]
    assert "성과지표 달성도" in (kpi.description or "")


def test_a_sql_mart_s_code_version_follows_its_sql_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed on a copy of sql/: the tests run in parallel, and another worker's run must never
    see a changed project file."""
    from assets import asset_policies

    key = dg.AssetKey(["marts", "rcostii"])
    assets_def = defs.get_assets_def(key)
    shown = defs.resolve_asset_graph().get(key).code_version
    assert asset_policies.code_version(assets_def, key) == shown
    copy = tmp_path / "sql"
    shutil.copytree(PROJECT_ROOT / "sql", copy)
    monkeypatch.setattr(asset_policies, "SQL_DIR", copy)
    assert asset_policies.code_version(assets_def, key) == shown
    sql = copy / "marts" / "rcostii.sql"
    sql.write_bytes(sql.read_bytes() + b"\n-- changed\n")
    assert asset_policies.code_version(assets_def, key) != shown


def test_materialization_metadata_has_row_count_schema_and_preview() -> None:
    import duckdb

    from assets.table_metadata import table_metadata

    conn = duckdb.connect()
    conn.execute(
        "create schema marts; create table marts.plan_task as "
        "select '1-1' as task_code, '핵심전략산업 집중육성' as name_ko"
    )
    shown = table_metadata(conn, "marts.plan_task")
    assert shown["dagster/row_count"] == 1
    columns = shown["dagster/column_schema"].columns
    assert [(c.name, c.type) for c in columns] == [("task_code", "VARCHAR"), ("name_ko", "VARCHAR")]
    assert (columns[0].description or "").startswith("중점과제 번호")
    assert "| 1-1 | 핵심전략산업 집중육성 |" in shown["preview"].value


LOAD_AND_COUNT = """
import gc, json
from pipelines.run_in_process import load_definitions
collections = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info))
defs = load_definitions()
during = len(collections)
frozen = gc.get_freeze_count()
made_since = [[i] for i in range(1000)]  # a later run's objects: not to be frozen
again = load_definitions()
print(json.dumps({"during": during, "frozen": frozen, "enabled": gc.isenabled(),
                  "same": again is defs, "frozen_again": gc.get_freeze_count() == frozen}))
"""


def test_definitions_load_without_collections_then_frozen() -> None:
    """In a fresh process: no garbage collection runs while the definitions import, what they
    loaded is frozen out of later collections, the collector is on again, and a second call
    freezes nothing more (run_in_process.load_definitions)."""
    import json
    import subprocess
    import sys

    from sti.paths import PROJECT_ROOT

    out = subprocess.run(
        [sys.executable, "-c", LOAD_AND_COUNT],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["during"] == 0
    assert seen["frozen"] > 100_000  # Dagster, pandera, polars, pandas and the definitions
    assert seen["enabled"] and seen["same"] and seen["frozen_again"]
