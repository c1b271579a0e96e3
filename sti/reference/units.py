"""Unit conversion to each indicator's canonical unit: declared factors, never guessed.

Korean statistics mix scale words (조원, 억원, 백만원, 천명); a value is stored only in the unit its
catalogue entry declares, and a conversion missing from this table is an error, not a no-op.
"""

from __future__ import annotations

# 1조 = 10,000억 = 1,000,000백만 (F.4 of shared/notes/sources.md).
MILLION_KRW_PER_TRILLION = 1_000_000
MILLION_KRW_PER_HUNDRED_MILLION = 100  # 1억원 = 100 백만원
MILLION_KRW_PER_BILLION = 1_000  # 1십억원 = 1,000 백만원
PERSONS_PER_THOUSAND = 1_000
THOUSAND_KRW_PER_TEN_THOUSAND = 10  # 1만원 = 10 천원
KRW_PER_MILLION_KRW = 1_000_000  # NTIS project data state funding in 원

# (from unit, canonical unit) -> multiply by
FACTORS: dict[tuple[str, str], float] = {
    ("조원", "백만원"): MILLION_KRW_PER_TRILLION,
    ("억원", "백만원"): MILLION_KRW_PER_HUNDRED_MILLION,
    ("십억원", "백만원"): MILLION_KRW_PER_BILLION,
    ("천명", "명"): PERSONS_PER_THOUSAND,
    ("만원", "천원"): THOUSAND_KRW_PER_TEN_THOUSAND,
    ("원", "백만원"): 1 / KRW_PER_MILLION_KRW,
}
# Rounding after conversion removes binary noise (1743.6 * 1e6 = 1743599999.9999998).
CONVERTED_DECIMALS = 6


def conversion_factor(unit: str, canonical: str) -> float | None:
    """Factor from `unit` to `canonical`, or None when no conversion is declared."""
    if unit == canonical:
        return 1.0
    return FACTORS.get((unit, canonical))
