"""Region resolution across KOSIS statistical codes, administrative codes and name variants.

The two 2-digit code systems collide (25 = 대전 in KOSIS statistical codes, 30 = 대전 in the
administrative system, where 25 means nothing and 31 = 울산 but 경기 in KOSIS), so a code is only
resolved together with the code system its reader declares. The canonical key is ISO 3166-2:KR
(`KR-30` = 대전), which collides with neither.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sti.paths import RAW_DIR

REFERENCE_DIR = RAW_DIR / "reference"
NATION = "KR"
DAEJEON = "KR-30"


@dataclass(frozen=True)
class Region:
    region_id: str
    name_ko: str
    name_ko_short: str
    name_en: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_id: str | None
    capital_region: bool


@dataclass(frozen=True)
class RegionCode:
    region_id: str
    code_system: str
    code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _read(name: str, reference_dir: Path) -> list[dict[str, str]]:
    with (reference_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class RegionResolver:
    """Maps names and (code system, code) pairs to canonical region ids, or says why it cannot."""

    def __init__(self, reference_dir: Path = REFERENCE_DIR):
        self.regions = {
            row["region_id"]: Region(
                region_id=row["region_id"],
                name_ko=row["name_ko"],
                name_ko_short=row["name_ko_short"],
                name_en=row["name_en"],
                level=row["level"],
                valid_from=_date(row["valid_from"]),
                valid_to=_date(row["valid_to"]),
                successor_id=row["successor_id"] or None,
                capital_region=row["capital_region"] == "true",
            )
            for row in _read("regions.csv", reference_dir)
        }
        self.codes = [
            RegionCode(
                row["region_id"],
                row["code_system"],
                row["code"],
                _date(row["valid_from"]),
                _date(row["valid_to"]),
            )
            for row in _read("region_codes.csv", reference_dir)
        ]
        self.names: dict[str, str] = {}
        for row in _read("region_names.csv", reference_dir):
            previous = self.names.setdefault(row["name"], row["region_id"])
            if previous != row["region_id"]:
                raise ValueError(
                    f"region_names.csv: name {row['name']!r} maps to {previous} and {row['region_id']}"
                )

    def by_name(self, label: str) -> str | None:
        """Region id for a label as printed (leading spaces and inner spacing ignored)."""
        return self.names.get(" ".join(label.split()))

    def by_code(self, code_system: str, code: str, on: dt.date) -> str | None:
        """Region id for a code of one code system, valid on the given date."""
        for entry in self.codes:
            if entry.code_system != code_system or entry.code != code.strip():
                continue
            if (entry.valid_from is None or entry.valid_from <= on) and (
                entry.valid_to is None or on <= entry.valid_to
            ):
                return entry.region_id
        return None

    def sido_ids(self) -> list[str]:
        """The 17 시도 (merged regions excluded)."""
        return [r.region_id for r in self.regions.values() if r.level == "sido"]


@cache
def default_resolver() -> RegionResolver:
    return RegionResolver()
