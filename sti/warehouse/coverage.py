"""What a release covers, and what a new build lost compared with it.

A release records which (source, indicator, region) combinations had rows in
`marts.indicator_values` and which (KPI, year) rows `marts.kpi_progress` had. A new build that
lacks one of them has lost data silently (a sidecar typo, a deleted sidecar, a mapping that no
longer matches) unless the loss is declared in `sti/warehouse/withdrawals.yaml` with a reason.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

from sti.reference import yaml_text

WITHDRAWALS_FILE = Path(__file__).with_name("withdrawals.yaml")
SEPARATOR = "|"

_QUERIES = {
    "source_indicator_regions": (
        "select distinct source_id || '|' || indicator_id || '|' || region_id"
        " from marts.indicator_values"
    ),
    "kpi_years": "select distinct kpi_id || '|' || cast(year as varchar) from marts.kpi_progress",
}


def build_coverage(
    conn: duckdb.DuckDBPyConnection, kinds: tuple[str, ...] = tuple(_QUERIES)
) -> dict[str, list[str]]:
    """The coverage of the warehouse behind `conn`, as sorted lists (stable for records)."""
    return {
        kind: sorted(row[0] for row in conn.execute(_QUERIES[kind]).fetchall()) for kind in kinds
    }


@cache
def declared_withdrawals(path: Path = WITHDRAWALS_FILE) -> dict[str, str]:
    """Declared withdrawals: key (a source id, `source|indicator`, `source|indicator|region`,
    or `kpi|year`) -> reason."""
    data = yaml_text.parse(path.read_text(encoding="utf-8")) or {}
    withdrawals = data.get("withdrawals") or {}
    missing = [key for key, reason in withdrawals.items() if not str(reason or "").strip()]
    if missing:
        raise ValueError(f"{path.name}: every withdrawal needs a reason; none for {missing}")
    return {str(key): str(reason) for key, reason in withdrawals.items()}


def undeclared(keys: list[str], withdrawals: dict[str, str]) -> list[str]:
    """The keys whose withdrawal nobody declared. A declaration covers every key it prefixes:
    a source id covers all its indicators and regions, a KPI id all its years."""

    def declared(key: str) -> bool:
        parts = key.split(SEPARATOR)
        return any(SEPARATOR.join(parts[:n]) in withdrawals for n in range(1, len(parts) + 1))

    return [key for key in keys if not declared(key)]


def lost(before: list[str], now: list[str], withdrawals: dict[str, str]) -> list[str]:
    """What the previous release had, the build lacks, and nobody declared withdrawn."""
    present = set(now)
    return undeclared([key for key in before if key not in present], withdrawals)
