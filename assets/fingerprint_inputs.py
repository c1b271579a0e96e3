"""The asset graph as change detection sees it (sti/warehouse/change_detection.py): for each asset, its
parents, the raw domains it declares, whether it reads the raw register, whether it is dated.
The publish step records this beside the fingerprints, so a plan needs no asset graph."""

from __future__ import annotations

from typing import Any

from sti.warehouse.change_detection import DATED_KEY, RAW_DOMAINS_KEY, RAW_REGISTER, AssetInputs


def asset_inputs(graph: Any) -> dict[str, AssetInputs]:
    """What each materializable asset's fingerprint is made of, read off a Dagster asset graph."""
    specs = {}
    for node in graph.asset_nodes:
        if not node.is_materializable:
            continue
        key = node.key.to_user_string()
        parents = tuple(sorted(parent.to_user_string() for parent in node.parent_keys))
        declared = str(node.metadata.get(RAW_DOMAINS_KEY, "") or "")
        specs[key] = AssetInputs(
            parents=parents,
            raw_domains=frozenset(d for d in declared.split(",") if d),
            reads_raw=key in RAW_REGISTER or any(p in RAW_REGISTER for p in parents),
            dated=str(node.metadata.get(DATED_KEY, "")) == "yes",
        )
    return specs
