"""The Dagster Definitions: collect assets, checks, resources, jobs and schedules; set policies.

Global policies: the in-process executor (the default starts a process per step, about 2 s per
asset on a 2-core machine, stack.md §7), a publish step that depends on every mart, and an
owner, kind tags, code version and description on every asset (assets/asset_policies.py).
"""

from __future__ import annotations

from typing import Any

import dagster as dg

from assets import checks, exports, extracts, marts, raw, staging
from assets.asset_policies import with_policies
from assets.extracts.published_warehouse import build_published_warehouse
from pipelines.jobs import materialize_everything
from pipelines.schedules import nightly
from pipelines.sensors import dead_run_reaper, night_failure_alert, night_warning_alert
from sti.operations.resources import (
    AlertResource,
    KosisResource,
    RawArchiveResource,
    WarehouseResource,
)
from sti.paths import WAREHOUSE_ENV_VAR

PUBLISHED_GROUPS = ("marts", "dimensions", "extracts", "checks")
_MODULES = (raw, staging, marts, checks, extracts, exports)


def _layer_assets() -> list[dg.AssetsDefinition]:
    found = [a for module in _MODULES for a in dg.load_assets_from_package_module(module)]
    return [a for a in found if isinstance(a, dg.AssetsDefinition)]


def _checks() -> list[dg.AssetChecksDefinition]:
    return [c for module in _MODULES for c in dg.load_asset_checks_from_package_module(module)]


def build_definitions() -> dg.Definitions:
    assets = _layer_assets()
    published_upstream = [
        key for a in assets for key in a.keys if a.group_names_by_key.get(key) in PUBLISHED_GROUPS
    ]
    graph: list[Any] = []  # filled below; the publish step asks for it at run time

    def asset_graph() -> Any:
        return graph[0]

    publish = build_published_warehouse(published_upstream, asset_graph)
    defs = dg.Definitions(
        assets=[with_policies(a) for a in [*assets, publish]],
        asset_checks=_checks(),
        jobs=[materialize_everything],
        schedules=[nightly],
        sensors=[dead_run_reaper, night_failure_alert, night_warning_alert],
        resources={
            # Resolved at run time; `make`, the `sti` CLI and the tests set it (default:
            # data/marts/warehouse.duckdb), so nothing is decided when this module is imported.
            "warehouse": WarehouseResource(database=dg.EnvVar(WAREHOUSE_ENV_VAR)),
            "archive": RawArchiveResource(),
            # the key is read from KOSIS_API_KEY when a run starts; without it, no fetch
            "kosis": KosisResource(),
            # the webhook URL is read from STI_ALERT_WEBHOOK_URL when a sensor runs
            "alerts": AlertResource(warehouse=dg.EnvVar(WAREHOUSE_ENV_VAR)),
        },
        executor=dg.in_process_executor,
    )
    graph.append(defs.resolve_asset_graph())
    return defs


defs = build_definitions()
