"""Domain marts from a few indicator_values rows (startups suppression, GRDP ranks, tech mapping)."""

import datetime as dt
import itertools

import duckdb
import polars as pl
import pytest

from assets.marts.dim_region import lookup_frame, region_frame
from assets.marts.domain_marts import PER_HUNDRED_HUNDRED_MILLION
from assets.marts.indicator_values import pick_newest
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import replace_table, run_sql_table
from sti.ingest.observations import OBSERVATION_SCHEMA
from sti.reference.indicators import catalogue
from sti.reference.industries import default_industries
from sti.reference.regions import default_resolver


def value(
    indicator: str,
    region: str,
    period: str,
    val: float | None,
    status: str = "final",
    **extra: object,
) -> dict:
    row = {key: None for key in OBSERVATION_SCHEMA if key != "problem"}
    row.update(
        indicator_id=indicator,
        region_id=region,
        industry_code="_T",
        period=period,
        year=int(period[:4]),
        month=int(period[5:]) if len(period) > 4 else None,
        value=val,
        status=status,
        series="s",
        vintage=dt.date(2026, 1, 1),
        source_id="test",
        tier="official",
    )
    row.update(extra)
    return row


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    resolver = default_resolver()
    replace_table(connection, "marts.dim_region", region_frame(resolver))
    replace_table(connection, "marts.region_lookup", lookup_frame(resolver))
    replace_table(
        connection, "marts.dim_indicator", pl.DataFrame([vars(i) for i in catalogue().values()])
    )
    industries = default_industries().industries.values()
    replace_table(connection, "marts.dim_industry", pl.DataFrame([vars(i) for i in industries]))
    return connection


def load(conn: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    schema = {k: v for k, v in OBSERVATION_SCHEMA.items() if k != "problem"} | {"tier": pl.String}
    replace_table(conn, "marts.indicator_values", pl.DataFrame(rows, schema=schema))
    pick_newest(conn)
    for macro in ("tech_section_sums", "non_capital_sums"):
        conn.execute(load_sql("marts", macro))


def test_startups_total_includes_withheld_suppressed_cells(conn: duckdb.DuckDBPyConnection) -> None:
    load(
        conn,
        [
            value("startups", "KR", "2026-06", 100, industry_code="AB"),
            value("startups", "KR-30", "2026-06", None, "suppressed", industry_code="AB"),
            value("startups", "KR-11", "2026-06", 93, industry_code="AB"),
        ],
    )
    run_sql_table(conn, "marts.startups", load_sql("marts", "startups"))
    nation = conn.sql(
        "select value, sum_of_visible_regions, suppressed_regions, withheld_by_suppression from marts.startups where region_id = 'KR'"
    ).fetchall()
    assert nation == [(100.0, 93.0, 1, 7.0)]
    run_sql_table(conn, "marts.startups_annual", load_sql("marts", "startups_annual"))
    daejeon = conn.sql(
        "select visible_sum, months_suppressed, is_complete_year, visible_sum_is_lower_bound from marts.startups_annual where region_id = 'KR-30'"
    ).fetchall()
    assert daejeon == [(None, 1, False, True)]


def test_tech_industries_sum_the_declared_sections_within_a_series(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    rows = [
        value("establishments", "KR-30", str(year), 100.0 * (year - 2019), industry_code=code)
        for year in (2020, 2021)
        for code in ("C", "J", "M", "N", "P", "Q", "R", "G")
    ]
    rows += [
        value("establishments", "KR-30", str(year), 1000.0, industry_code="_T")
        for year in (2020, 2021)
    ]
    rows += [value("establishments", "KR-30", "2020", 30.0, industry_code="TECH", series="old")]
    rows += [value("establishments", "KR-30", "2021-06", 5.0, industry_code="C")]  # not annual
    load(conn, rows)
    run_sql_table(conn, "marts.tech_industries", load_sql("marts", "tech_industries"))
    out = conn.sql(
        "select year, series, method, tech_value, all_value, tech_share_pct, tech_yoy_growth_pct from marts.tech_industries order by series, year"
    ).fetchall()
    assert out == [
        (2020, "old", "published", 30.0, None, None, None),
        (2020, "s", "sections", 700.0, 1000.0, 70.0, None),  # G (도소매) is not tech-based
        (2021, "s", "sections", 1400.0, 1000.0, 140.0, 100.0),
    ]


def test_kpi_actuals_sum_tech_sections_only_when_every_section_has_a_value(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    sections = ("C", "J", "M", "N", "P", "Q", "R")
    rows = [value("establishments", "KR-30", "2022", 10.0, industry_code=c) for c in sections]
    rows += [
        value(
            "establishments",
            "KR-30",
            "2023",
            None if c == "R" else 10.0,
            "suppressed" if c == "R" else "final",
            industry_code=c,
        )
        for c in sections
    ]
    load(conn, rows)
    actuals = conn.sql(
        load_sql("marts", "kpi_actuals"), params={"as_of": dt.date(9999, 12, 31)}
    ).fetchall()
    tech = [(r[4], r[5]) for r in actuals if r[2] == "TECH"]
    assert tech == [(2022, 70.0)], "2023 lacks section R: no tech-based total, not a smaller one"


def test_grdp_ranks_and_shares_among_regions(conn: duckdb.DuckDBPyConnection) -> None:
    """Ranked only when all 17 시도 have a value (2023); with 3 of 17 (2022), no rank and a note."""
    nominal = {"KR-41": 350.0, "KR-11": 300.0, "KR-30": 50.0}
    sido = [
        r
        for (r,) in conn.execute(
            "select region_id from marts.dim_region where level = 'sido'"
        ).fetchall()
    ]
    rows = [value("grdp_nominal", "KR", year, 1000.0) for year in ("2022", "2023")]
    rows += [value("grdp_nominal", r, "2022", v) for r, v in nominal.items()]
    rows += [
        value("grdp_nominal", r, "2023", nominal.get(r, 300.0 - i)) for i, r in enumerate(sido)
    ]
    load(conn, rows)
    run_sql_table(conn, "marts.grdp_by_region", load_sql("marts", "grdp_by_region"))
    out = {
        (r[0], r[1]): r[2:]
        for r in conn.sql(
            "select region_id, year, share_of_national_pct, nominal_rank_among_sido,"
            " sido_with_value, rank_note from marts.grdp_by_region"
        ).fetchall()
    }
    assert out[("KR-30", 2023)][:3] == (5.0, 17, 17)
    assert out[("KR-41", 2023)][1] == 1 and out[("KR-11", 2023)][1] == 2
    assert out[("KR-30", 2022)] == (5.0, None, 3, "not ranked: 3 of 17 시도 have a value")
    assert out[("KR", 2023)][1:] == (None, 17, None)


def build_rnd(conn: duckdb.DuckDBPyConnection) -> None:
    """marts.rnd and the marts.region_comparison it takes its computed share from."""
    conn.execute(load_sql("marts", "region_comparison_as_of"))
    run_sql_table(conn, "marts.region_comparison", load_sql("marts", "region_comparison"))
    run_sql_table(
        conn,
        "marts.rnd",
        load_sql("marts", "rnd"),
        {"per_hundred_hundred_million": PER_HUNDRED_HUNDRED_MILLION},
    )


def test_rnd_ratios_stay_within_one_year(conn: duckdb.DuckDBPyConnection) -> None:
    load(
        conn,
        [
            value("rnd_gov_total", "KR-30", "2021", 6_873_400.0),
            value("rnd_gov_national_funds", "KR-30", "2021", 6_820_800.0),
            value("papers", "KR-30", "2020", 5465.0),
            value("papers", "KR-30", "2021", 6873.4),
            value("rnd_gov_total", "KR", "2021", 24_000_000.0),
        ],
    )
    build_rnd(conn)
    out = conn.sql(
        "select year, national_funds_share_pct, papers_per_100_eok,"
        " round(share_of_national_rnd_pct, 2), share_of_national_rnd_basis"
        " from marts.rnd where region_id = 'KR-30' order by year"
    ).fetchall()
    assert out == [(2020, None, None, None, None), (2021, 99.23, 10.0, 28.64, "computed")]


def test_latest_keeps_the_current_series_and_all_series_keeps_every_series(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(
        conn,
        [
            value(
                "grdp_nominal",
                "KR-30",
                "2016",
                39_300_000,
                series="grdp_base2015",
                vintage=dt.date(2023, 5, 1),
            ),
            value(
                "grdp_nominal",
                "KR-30",
                "2016",
                41_000_000,
                series="grdp_base2020",
                vintage=dt.date(2025, 12, 20),
            ),
            value(
                "grdp_nominal",
                "KR-30",
                "2024",
                56_299_352,
                series="grdp_base2020",
                vintage=dt.date(2025, 12, 20),
            ),
            value(
                "grdp_nominal",
                "KR-11",
                "2016",
                400_000_000,
                series="grdp_base2015",
                vintage=dt.date(2023, 5, 1),
            ),
        ],
    )
    latest = conn.execute(
        "select region_id, period, series from marts.indicator_values_latest order by 1, 2"
    ).fetchall()
    assert latest == [
        ("KR-11", "2016", "grdp_base2015"),  # its only series is its current one
        ("KR-30", "2016", "grdp_base2020"),
        ("KR-30", "2024", "grdp_base2020"),
    ]
    every = conn.execute("select count(*) from marts.indicator_values_all_series").fetchone()
    assert every == (4,)


TWO_RELEASES = (dt.date(2025, 1, 1), dt.date(2026, 1, 1))


def two_releases() -> list[dict]:
    """A monthly and an annual value, each released twice (TWO_RELEASES)."""
    old, new = TWO_RELEASES
    return [
        value("startups", "KR-30", "2025-06", 10.0, vintage=old),
        value("startups", "KR-30", "2025-06", 11.0, vintage=new),
        value("grdp_nominal", "KR-30", "2024", 1.0, vintage=old),
        value("grdp_nominal", "KR-30", "2024", 2.0, vintage=new),
    ]


def test_values_as_of_a_date_annual_only_keeps_the_newest_annual_release(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    """`annual_only := true` drops monthly periods before the newest release is picked: the
    same annual rows as filtering the full macro's output, without ranking the monthly ones."""
    load(
        conn,
        [*two_releases(), value("grdp_nominal", "KR-30", "2023", 3.0, vintage=TWO_RELEASES[0])],
    )
    query = "select period, value from marts.indicator_values_as_of(${}) order by period"
    annual = query.format("as_of, annual_only := true")
    assert conn.execute(annual, {"as_of": dt.date(2025, 6, 1)}).fetchall() == [
        ("2023", 3.0),
        ("2024", 1.0),
    ]
    assert conn.execute(annual, {"as_of": dt.date(2026, 6, 1)}).fetchall() == [
        ("2023", 3.0),
        ("2024", 2.0),
    ]
    every = conn.execute(query.format("as_of"), {"as_of": dt.date(2026, 6, 1)}).fetchall()
    assert every == [("2023", 3.0), ("2024", 2.0), ("2025-06", 11.0)]
    actuals = conn.execute(load_sql("marts", "kpi_actuals"), {"as_of": dt.date(2026, 6, 1)})
    read = sorted((row[0], row[4], row[5]) for row in actuals.fetchall())
    assert read == [("grdp_nominal", 2023, 3.0), ("grdp_nominal", 2024, 2.0)], "annual values only"


def test_values_as_of_the_newest_release_or_later_are_the_table_picked_from_every_release(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    """On or after the newest release held (how the nightly marts and drafts call it), the
    as-of macro reads marts.indicator_values_all_series, annual_only included; before it, it
    picks from the fact view. The same rows either way."""
    old, new = TWO_RELEASES
    load(conn, two_releases())

    def rows(macro: str, as_of: dt.date, annual_only: bool) -> list[tuple]:
        return conn.execute(
            f"select * from marts.{macro}($as_of, annual_only := $annual) order by all",
            {"as_of": as_of, "annual": annual_only},
        ).fetchall()

    day = dt.timedelta(days=1)
    dates = [old - day, old, new - day, new, new + day, dt.date(9999, 12, 31)]
    for as_of, annual_only in itertools.product(dates, [False, True]):
        expected = rows("indicator_values_pick", as_of, annual_only)
        assert rows("indicator_values_as_of", as_of, annual_only) == expected, (as_of, annual_only)
    assert [r[3] for r in rows("indicator_values_as_of", new, True)] == ["2024"]
    # which answers: the table from the newest release on, the pick before it
    conn.execute("update marts.indicator_values_all_series set value = -1")
    for as_of, read_the_table in ((new - day, False), (new, True), (dt.date(9999, 12, 31), True)):
        values = {r[6] for r in rows("indicator_values_as_of", as_of, False)}
        assert (values == {-1}) is read_the_table, as_of


def test_grdp_levels_and_per_capita_keep_their_own_status_and_release(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    """2023: the levels final (released 2025-12-20), per capita preliminary (2024-12-20): each
    said as it is, never 'preliminary, 2025-12-20' for the row (issue 39)."""
    level = value("grdp_nominal", "KR-30", "2023", 50.0)
    per_capita = value("grdp_per_capita", "KR-30", "2023", 40000.0, "preliminary")
    level["vintage"], per_capita["vintage"] = dt.date(2025, 12, 20), dt.date(2024, 12, 20)
    load(conn, [level, per_capita])
    run_sql_table(conn, "marts.grdp_by_region", load_sql("marts", "grdp_by_region"))
    row = conn.sql(
        "select levels_status, levels_vintage, per_capita_status, per_capita_vintage"
        " from marts.grdp_by_region where region_id = 'KR-30'"
    ).fetchone()
    assert row == ("final", dt.date(2025, 12, 20), "preliminary", dt.date(2024, 12, 20))


def test_a_published_rnd_share_is_kept_beside_a_computable_one(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    """With both the release's share (29.4) and the levels it could be computed from (28.64),
    the published figure is shown, marked published; the computed one fills only gaps."""
    load(
        conn,
        [
            value("rnd_gov_total", "KR-30", "2022", 6_873_400.0),
            value("rnd_gov_total", "KR", "2022", 24_000_000.0),
            value("rnd_share_national", "KR-30", "2022", 29.4),
        ],
    )
    build_rnd(conn)
    out = conn.sql(
        "select share_of_national_rnd_pct, share_of_national_rnd_basis from marts.rnd"
        " where region_id = 'KR-30'"
    ).fetchall()
    assert out == [(29.4, "published")]
