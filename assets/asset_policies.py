"""Policies every asset gets: an owner, kind tags, a code version and the table's description.

Applied once, by pipelines/definitions.py, so that no asset can be left without them. Owners
and descriptions come from sti/warehouse/table_docs.yaml (the tables analysts read); the code
version is a hash of the code and SQL an asset runs, so the UI shows which assets changed.
"""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path
from typing import Any

import dagster as dg

from sti.db.sql_files import SQL_DIR
from sti.warehouse.table_docs import table_docs

# Owners by layer for the tables sti/warehouse/table_docs.yaml does not list (raw, staging, publish).
LAYER_OWNERS = {
    "raw": "team:sti-data-engineering",
    "staging": "team:sti-data-engineering",
    "marts": "team:sti-statistics",
    "checks": "team:sti-data-quality",
    "published_warehouse": "team:sti-data-engineering",
    "extracts": "team:sti-data-engineering",
    "exports": "team:sti-data-engineering",
}
LAYER_KINDS = {
    "raw": {"duckdb", "python"},
    "staging": {"duckdb", "polars", "pandera"},
    "marts": {"duckdb"},
    "checks": {"duckdb"},
    "published_warehouse": {"duckdb"},
    "extracts": {"duckdb"},
    "exports": {"parquet", "html"},
}


def _table(key: dg.AssetKey) -> str:
    return ".".join(key.path)


def owner(key: dg.AssetKey) -> str:
    doc = table_docs().get(_table(key))
    return doc.owner if doc else LAYER_OWNERS[key.path[0]]


def kinds(key: dg.AssetKey) -> set[str]:
    found = set(LAYER_KINDS[key.path[0]])
    if len(key.path) == 2 and (SQL_DIR / key.path[0] / f"{key.path[1]}.sql").exists():
        found.add("sql")
    else:
        found.add("python")
    return found


def code_version(asset: dg.AssetsDefinition, key: dg.AssetKey) -> str:
    """sha256 (12 hex) of the module that computes the asset and of its SQL file, if any."""
    function: Any = getattr(asset.op.compute_fn, "decorated_fn", asset.op.compute_fn)
    digest = hashlib.sha256(Path(inspect.getfile(function)).read_bytes())
    if len(key.path) == 2:
        for name in (key.path[1], f"{key.path[1]}_as_of"):
            sql = SQL_DIR / key.path[0] / f"{name}.sql"
            if sql.exists():
                digest.update(sql.read_bytes())
    return digest.hexdigest()[:12]


def _described(spec: dg.AssetSpec) -> str | None:
    doc = table_docs().get(_table(spec.key))
    if doc is None:
        return spec.description
    return f"{doc.doc.ko}\n\n{doc.doc.en}\n\nOne row = {doc.grain}; key: {', '.join(doc.key) or 'none'}."


def with_policies(asset: dg.AssetsDefinition) -> dg.AssetsDefinition:
    def apply(spec: dg.AssetSpec) -> dg.AssetSpec:
        return spec.replace_attributes(
            owners=[owner(spec.key)],
            code_version=spec.code_version or code_version(asset, spec.key),
            description=_described(spec),
        ).merge_attributes(kinds=kinds(spec.key))

    return asset.map_asset_specs(apply)
