"""marts.region_comparison from inline indicator_values rows: ranks only with every 시도, the
광역시 rank, TECH from census sections, and the capital-region figure each aggregation allows."""

import duckdb
import pytest

from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.reference.regions import default_resolver
from tests.assets.marts.test_domain_marts import conn, load, value

__all__ = ["conn"]  # the fixture, re-used

SIDO = sorted(default_resolver().sido_ids())
CAPITAL = ("KR-11", "KR-28", "KR-41")
METROPOLITAN = ("KR-26", "KR-27", "KR-28", "KR-29", "KR-30", "KR-31")
TECH_SECTIONS = ("C", "J", "M", "N", "P", "Q", "R")


def build(conn: duckdb.DuckDBPyConnection, rows: list[dict]) -> dict[tuple, tuple]:
    load(conn, rows)
    conn.execute(load_sql("marts", "region_comparison_as_of"))
    run_sql_table(conn, "marts.region_comparison", load_sql("marts", "region_comparison"))
    out = conn.sql(
        """
        select indicator_id, region_id, industry_code, value, rank_among_sido, rank_note,
            rank_among_metropolitan, capital_region_value, ratio_to_capital_region_pct,
            gap_to_capital_region
        from marts.region_comparison
        """
    ).fetchall()
    return {(r[0], r[1], r[2]): r[3:] for r in out}


def test_rank_only_when_every_sido_has_a_value(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [value("workers", rid, "2023", 1000.0 + i) for i, rid in enumerate(SIDO)]
    rows += [value("establishments", rid, "2023", 10.0) for rid in SIDO[:16]]
    rows.append(value("establishments", SIDO[16], "2023", None, "suppressed"))
    out = build(conn, rows)
    assert len(SIDO) == 17
    # workers: all 17 have a value, the largest ranks first
    assert out[("workers", SIDO[16], "_T")][1] == 1
    assert out[("workers", SIDO[0], "_T")][1] == 17
    # establishments: one 시도 suppressed -> no rank for anyone, and the reason
    assert out[("establishments", SIDO[0], "_T")][1] is None
    assert out[("establishments", SIDO[0], "_T")][2] == "not ranked: 16 of 17 시도 have a value"
    assert out[("establishments", SIDO[16], "_T")][2] == "no value for this region"


def test_metropolitan_rank_among_the_six_cities(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [value("workers", rid, "2023", 100.0) for rid in SIDO]
    for i, rid in enumerate(METROPOLITAN):
        rows = [r for r in rows if r["region_id"] != rid]
        rows.append(value("workers", rid, "2023", 10.0 + i))
    out = build(conn, rows)
    assert out[("workers", "KR-31", "_T")][3] == 1  # 울산: largest of the six
    assert out[("workers", "KR-26", "_T")][3] == 6
    assert out[("workers", "KR-11", "_T")][3] is None  # 서울 is a 특별시, not a 광역시


def test_tech_rows_from_census_sections(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [
        value("establishments", rid, "2023", float(i + 1), industry_code=code, series="census")
        for i, rid in enumerate(SIDO)
        for code in TECH_SECTIONS
    ]
    rows.append(value("establishments", "KR-30", "2023", 500.0, industry_code="G", series="census"))
    out = build(conn, rows)
    daejeon = SIDO.index("KR-30")
    # 7 tech sections summed, G (도소매) left out; ranked among all 17 시도
    assert out[("establishments", "KR-30", "TECH")][0] == 7.0 * (daejeon + 1)
    assert out[("establishments", "KR-30", "TECH")][1] == 17 - daejeon


def test_tech_sum_needs_every_section(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [
        value("establishments", rid, "2023", 1.0, industry_code=code, series="census")
        for rid in SIDO
        for code in TECH_SECTIONS
        if not (rid == "KR-30" and code == "R")
    ]
    out = build(conn, rows)
    assert ("establishments", "KR-30", "TECH") not in out
    assert out[("establishments", "KR-11", "TECH")][1] is None  # only 16 시도 have a TECH value


def test_capital_region_by_aggregation(conn: duckdb.DuckDBPyConnection) -> None:
    per_capita = {"KR-11": 50.0, "KR-28": 30.0, "KR-41": 40.0}
    population = {"KR-11": 100.0, "KR-28": 300.0, "KR-41": 600.0}
    rows = []
    for rid in SIDO:
        rows.append(value("grdp_per_capita", rid, "2023", per_capita.get(rid, 20.0)))
        rows.append(value("population", rid, "2023", population.get(rid, 10.0)))
        rows.append(value("grdp_real_growth", rid, "2023", 2.0 if rid != "KR-30" else -1.0))
    out = build(conn, rows)
    # stock: the capital region's sum, the region's value as a % of it
    assert out[("population", "KR-30", "_T")][4:6] == (1000.0, 1.0)
    # rate with a population weight: (50*100 + 30*300 + 40*600) / 1000 = 38, not the mean 40
    assert out[("grdp_per_capita", "KR-30", "_T")][4:] == (38.0, None, -18.0)
    # growth rate: no capital-region figure at all
    assert out[("grdp_real_growth", "KR-30", "_T")][4:] == (None, None, None)


def test_direction_lower_ranks_the_smallest_first(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [
        value("research_equipment_import_dependence", rid, "2023", float(i))
        for i, rid in enumerate(SIDO)
    ]
    out = build(conn, rows)
    assert out[("research_equipment_import_dependence", SIDO[0], "_T")][1] == 1
    assert out[("research_equipment_import_dependence", SIDO[16], "_T")][1] == 17


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("대전광역시", "광역시"),
        ("세종특별자치시", "특별자치시"),
        ("강원특별자치도", "특별자치도"),
        ("경기도", "도"),
        ("서울특별시", "특별시"),
    ],
)
def test_sido_kind_from_the_official_name(name: str, kind: str) -> None:
    from assets.marts.dim_region import sido_kind

    assert sido_kind(name, "sido")[0] == kind


def test_no_metropolitan_rank_when_a_metropolitan_city_has_no_value(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    rows = [
        value("workers", rid, "2023", 100.0 + i) for i, rid in enumerate(SIDO) if rid != "KR-31"
    ]
    rows.append(value("workers", "KR-31", "2023", None, "suppressed"))
    out = build(conn, rows)
    assert out[("workers", "KR-30", "_T")][3] is None  # 울산 withheld: no rank among five
