"""checks.consistency_as_of on inline rows: a rule recomputes a published figure from the
values known on a date, so a later release changes today's check but not a frozen one."""

import datetime as dt
import math

import duckdb

from sti.db.sql_files import load_sql
from tests.assets.marts.test_domain_marts import conn, load, value

__all__ = ["conn"]


def r01(conn: duckdb.DuckDBPyConnection, as_of: str) -> list[tuple]:
    conn.execute("create schema if not exists checks")
    conn.execute(
        "create table if not exists marts.grdp_summary (region_id varchar, series varchar, year int, avg_real_growth_pct double)"
    )
    conn.execute(
        "create table if not exists marts.startups (region_id varchar, period varchar, series varchar, industry_code varchar, frequency varchar, value double, sum_of_visible_regions double, suppressed_regions int)"
    )
    conn.execute("create schema if not exists staging")
    conn.execute(
        "create table if not exists staging.press_figures as select * from ("
        "select ''::varchar as source_id, ''::varchar as source_file, 0::bigint as source_row,"
        " ''::varchar as source_column, ''::varchar as indicator_id, ''::varchar as region_id,"
        " ''::varchar as industry_code, ''::varchar as period, ''::varchar as series,"
        " ''::varchar as edition, 0.0::double as value, 0.0::double as half_unit,"
        " ''::varchar as reported_by, ''::varchar as release_title, date '2000-01-01' as vintage"
        ") where false"
    )
    conn.execute(load_sql("checks", "consistency_as_of"))
    return conn.execute(
        "select published_value, recomputed_value, consistent from checks.consistency_as_of(?::date) where rule_id = 'R01'",
        [as_of],
    ).fetchall()


def test_a_later_release_changes_only_the_later_check(conn: duckdb.DuckDBPyConnection) -> None:
    first, later = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    load(
        conn,
        [
            value("grdp_share_national", "KR-30", "2023", 2.5, value_raw="2.5", vintage=first),
            value("grdp_nominal", "KR-30", "2023", 25.0, vintage=first),
            value("grdp_nominal", "KR", "2023", 1000.0, vintage=first),
            value("grdp_nominal", "KR-30", "2023", 30.0, vintage=later),  # a revision
        ],
    )
    assert r01(conn, "2025-06-30") == [(2.5, 2.5, True)]
    assert r01(conn, "2026-06-30") == [(2.5, 3.0, False)]


def test_an_exact_match_is_a_difference_of_zero_not_minus_zero(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    """R07 adds five rounded components: in floating point, added in this order, they come to
    17.433999999999997, and the difference rounded to -0.0 would print as '-0.0'."""
    parts = {
        "activity": 4.507,
        "environment": 3.298,
        "network": 4.287,
        "performance": 2.006,
        "resources": 3.336,
    }
    load(
        conn,
        [
            value("rcostii_total", "KR-30", "2021", 17.434, value_raw="17.434", edition="2022"),
            *(
                value(f"rcostii_{name}", "KR-30", "2021", part, edition="2022")
                for name, part in parts.items()
            ),
        ],
    )
    r01(conn, "2026-06-30")  # the macro and the tables it reads
    rows = conn.execute(
        "select published_value, recomputed_value, difference, consistent "
        "from checks.consistency_as_of(date '2026-06-30') where rule_id = 'R07'"
    ).fetchall()
    assert [row[:2] for row in rows] == [(17.434, 17.434)]
    assert math.copysign(1.0, rows[0][2]) == 1.0 and rows[0][3]
