"""sti/warehouse/coverage.py: what a new build lost against the last release, and which losses a declared
withdrawal covers (a declaration covers every key it prefixes)."""

from sti.warehouse.coverage import lost, undeclared

BEFORE = [
    "kosis_a|population|KR-30",
    "kosis_a|population|KR-11",
    "kosis_b|grdp_nominal|KR-30",
    "kosis_b|grdp_real|KR-30",
]


def test_nothing_lost_when_everything_is_still_there() -> None:
    assert lost(BEFORE, [*BEFORE, "kosis_c|new|KR"], {}) == []


def test_every_missing_key_is_lost_without_a_declaration() -> None:
    assert lost(BEFORE, BEFORE[:1], {}) == BEFORE[1:]


def test_a_declaration_covers_the_keys_it_prefixes_and_no_others() -> None:
    now = BEFORE[:1]
    assert lost(BEFORE, now, {"kosis_b": "table discontinued"}) == ["kosis_a|population|KR-11"]
    assert lost(BEFORE, now, {"kosis_b|grdp_real": "moved"}) == [
        "kosis_a|population|KR-11",
        "kosis_b|grdp_nominal|KR-30",
    ]
    assert lost(BEFORE, now, {"kosis_a|population|KR-11": "merged region"}) == BEFORE[2:]
    assert lost(BEFORE, now, {"kosis": "not a whole key"}) == BEFORE[1:], "prefixes are whole parts"


def test_kpi_ids_and_years() -> None:
    years = ["tech_sales_derived|2023", "tech_sales_derived|2024", "tech_sales|2023"]
    assert undeclared(years, {"tech_sales_derived": "merged"}) == ["tech_sales|2023"]
    assert undeclared(years, {"tech_sales|2023": "withdrawn"}) == years[:2]
