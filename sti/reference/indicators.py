"""The indicator catalogue (`sti/reference/indicators.yaml`): definitions that drive dim_indicator and checks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sti.reference import yaml_text

CATALOGUE_FILE = Path(__file__).with_name("indicators.yaml")
DIRECTIONS = ("higher", "lower")
AGGREGATIONS = ("stock", "flow", "rate", "index", "rank")
FREQUENCIES = ("annual", "monthly", "edition")
PERCENT_UNITS = ("%", "%p")
# How far a value may move between two releases of one source before the new release is held
# back (checks.revisions). Levels: KOSIS revisions of GRDP, census and labour levels stay within
# a few percent (DT_1C91 2023 moved 0.3 % between the 2024 and 2025 releases); 5 % is the
# threshold the data-quality issue set. Percentages move in points (real growth 2023: 1.43 ->
# 1.59), so they get an absolute tolerance. Ranks among 17 regions may move a few places.
LEVEL_REVISION_TOLERANCE = 0.05
PERCENT_REVISION_TOLERANCE_POINTS = 2.0
RANK_REVISION_TOLERANCE_PLACES = 3.0
# How the capital region (서울+인천+경기) is compared (marts.region_comparison): additive levels
# are summed; a rate is averaged weighted by its declared denominator (`capital_region_weight`);
# growth rates, indices, ranks and rates without a declared weight get no capital-region figure.
ADDITIVE_AGGREGATIONS = ("stock", "flow")


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
    revision_relative: float | None = None
    revision_absolute: float | None = None
    capital_region_method: str = "none"
    capital_region_weight: str | None = None


def revision_tolerance(entry: dict) -> tuple[float | None, float | None]:
    """(relative, absolute) tolerance between releases: declared, else by unit and aggregation."""
    declared = entry.get("revision_tolerance")
    if declared:
        return declared.get("relative"), declared.get("absolute")
    if entry["aggregation"] == "rank":
        return None, RANK_REVISION_TOLERANCE_PLACES
    if entry["unit"] in PERCENT_UNITS:
        return None, PERCENT_REVISION_TOLERANCE_POINTS
    return LEVEL_REVISION_TOLERANCE, None


def capital_region_method(indicator_id: str, entry: dict) -> str:
    """'sum' for additive levels, 'weighted_mean' for a rate with a declared weight, else 'none'."""
    weight = entry.get("capital_region_weight")
    if entry["aggregation"] in ADDITIVE_AGGREGATIONS:
        if weight:
            raise ValueError(
                f"{CATALOGUE_FILE.name}: indicator {indicator_id!r} is a {entry['aggregation']}: "
                "it is summed over the capital region, so it takes no capital_region_weight"
            )
        return "sum"
    if weight and entry["aggregation"] == "rate":
        return "weighted_mean"
    if weight:
        raise ValueError(
            f"{CATALOGUE_FILE.name}: indicator {indicator_id!r} has capital_region_weight but "
            f"aggregation={entry['aggregation']!r}; only a rate is averaged with a weight"
        )
    return "none"


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
    relative, absolute = revision_tolerance(entry)
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
        revision_relative=relative,
        revision_absolute=absolute,
        capital_region_method=capital_region_method(indicator_id, entry),
        capital_region_weight=entry.get("capital_region_weight"),
    )


@cache
def catalogue() -> dict[str, Indicator]:
    """All indicators by id, validated on load."""
    data = yaml_text.parse(CATALOGUE_FILE.read_text(encoding="utf-8"))
    found = {key: _indicator(key, entry) for key, entry in data["indicators"].items()}
    for ind in found.values():
        weight = found.get(ind.capital_region_weight or "")
        if ind.capital_region_weight and (weight is None or weight.aggregation != "stock"):
            raise ValueError(
                f"{CATALOGUE_FILE.name}: indicator {ind.indicator_id!r} is weighted by "
                f"{ind.capital_region_weight!r}, which is not a stock indicator of the catalogue"
            )
    return found


def catalogue_domains() -> frozenset[str]:
    """The domains the catalogue sorts its indicators into (grdp, census, startups, ...)."""
    return frozenset(ind.domain for ind in catalogue().values())
