"""The asset graph as change detection sees it (sti/warehouse/change_detection.py): for each asset, its
parents, the raw domains it declares, whether it reads the raw register, whether it is dated,
and how it reads or holds the values of the catalogue's domains.
The publish step records this beside the fingerprints, so a plan needs no asset graph."""

from __future__ import annotations

from typing import Any

from sti.warehouse.change_detection import (
    DATED_KEY,
    RAW_DOMAINS_KEY,
    RAW_REGISTER,
    SPLIT_KEY,
    VALUE_DOMAIN_KEY,
    VALUE_DOMAINS_KEY,
    AssetInputs,
)


def _listed(node: Any, name: str) -> frozenset[str]:
    return frozenset(d for d in str(node.metadata.get(name, "") or "").split(",") if d)


def asset_inputs(graph: Any) -> dict[str, AssetInputs]:
    """What each materializable asset's fingerprint is made of, read off a Dagster asset graph."""
    specs = {}
    for node in graph.asset_nodes:
        if not node.is_materializable:
            continue
        key = node.key.to_user_string()
        parents = tuple(sorted(parent.to_user_string() for parent in node.parent_keys))
        specs[key] = AssetInputs(
            parents=parents,
            raw_domains=_listed(node, RAW_DOMAINS_KEY),
            reads_raw=key in RAW_REGISTER or any(p in RAW_REGISTER for p in parents),
            dated=str(node.metadata.get(DATED_KEY, "")) == "yes",
            value_domains=_listed(node, VALUE_DOMAINS_KEY),
            value_domain=str(node.metadata.get(VALUE_DOMAIN_KEY, "") or ""),
            split=str(node.metadata.get(SPLIT_KEY, "")) == "yes",
        )
    return specs
