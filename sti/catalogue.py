"""The indicator catalogue (`sti/indicators.yaml`): definitions that drive dim_indicator and checks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUE_FILE = Path(__file__).with_name("indicators.yaml")
DIRECTIONS = ("higher", "lower")
AGGREGATIONS = ("stock", "flow", "rate", "index", "rank")
FREQUENCIES = ("annual", "monthly", "edition")


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name_ko: str
    name_en: str
    domain: str
    unit: str
    definition: str
    source: str
    frequency: str
    direction: str
    aggregation: str
    value_min: float | None
    value_max: float | None
    edition: str | None = None


def _indicator(indicator_id: str, entry: dict) -> Indicator:
    for key, allowed in (
        ("direction", DIRECTIONS),
        ("aggregation", AGGREGATIONS),
        ("frequency", FREQUENCIES),
    ):
        if entry.get(key) not in allowed:
            raise ValueError(
                f"{CATALOGUE_FILE.name}: indicator {indicator_id!r} has {key}={entry.get(key)!r}; "
                f"allowed: {allowed}"
            )
    low, high = entry.get("value_range") or (None, None)
    return Indicator(
        indicator_id=indicator_id,
        name_ko=entry["name_ko"],
        name_en=entry["name_en"],
        domain=entry["domain"],
        unit=entry["unit"],
        definition=entry["definition"],
        source=entry["source"],
        frequency=entry["frequency"],
        direction=entry["direction"],
        aggregation=entry["aggregation"],
        value_min=low,
        value_max=high,
        edition=entry.get("edition"),
    )


@cache
def catalogue() -> dict[str, Indicator]:
    """All indicators by id, validated on load."""
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return {key: _indicator(key, entry) for key, entry in data["indicators"].items()}
