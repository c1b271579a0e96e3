"""Industries: KSIC sections, published aggregates, and the plan's 기술기반업종 mapping.

The plan defines 기술기반업종 as manufacturing plus knowledge-based services (ICT; professional,
scientific and technical; business support; education; health and social work; arts, sports and
leisure). At KSIC section level that is C+J+M+N+P+Q+R; `tech_based` in industries.csv declares it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sti.paths import RAW_DIR

REFERENCE_DIR = RAW_DIR / "reference"
ALL_INDUSTRIES = "_T"


@dataclass(frozen=True)
class Industry:
    industry_code: str
    name_ko: str
    name_en: str
    kind: str
    ksic_versions: str
    divisions: str
    tech_based: bool | None
    tech_group: str | None
    note: str | None


class IndustryResolver:
    def __init__(self, reference_dir: Path = REFERENCE_DIR):
        with (reference_dir / "industries.csv").open(encoding="utf-8", newline="") as handle:
            self.industries = {
                row["industry_code"]: Industry(
                    industry_code=row["industry_code"],
                    name_ko=row["name_ko"],
                    name_en=row["name_en"],
                    kind=row["kind"],
                    ksic_versions=row["ksic_versions"],
                    divisions=row["divisions"],
                    tech_based=None if row["tech_based"] == "" else row["tech_based"] == "true",
                    tech_group=row["tech_group"] or None,
                    note=row["note"] or None,
                )
                for row in csv.DictReader(handle)
            }
        self.names: dict[str, str] = {}
        with (reference_dir / "industry_names.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                previous = self.names.setdefault(
                    " ".join(row["name"].split()), row["industry_code"]
                )
                if previous != row["industry_code"]:
                    raise ValueError(
                        f"industry_names.csv: {row['name']!r} maps to {previous} and {row['industry_code']}"
                    )

    def by_name(self, label: str) -> str | None:
        return self.names.get(" ".join(label.split()))

    def section_of_division(self) -> dict[str, str]:
        """KSIC division (two digits) -> its section, from the `divisions` ranges of the
        sections in industries.csv (`10-34` is C): how a class code rolls up to a section."""
        out: dict[str, str] = {}
        for industry in self.industries.values():
            if industry.kind != "section":
                continue
            for part in industry.divisions.split(";"):
                first, _, last = part.strip().partition("-")
                for division in range(int(first), int(last or first) + 1):
                    previous = out.setdefault(f"{division:02d}", industry.industry_code)
                    if previous != industry.industry_code:
                        raise ValueError(
                            f"industries.csv: division {division:02d} is in sections "
                            f"{previous} and {industry.industry_code}"
                        )
        return out

    def tech_based_sections(self) -> list[str]:
        return [
            i.industry_code
            for i in self.industries.values()
            if i.kind == "section" and i.tech_based
        ]


@cache
def default_industries() -> IndustryResolver:
    return IndustryResolver()
