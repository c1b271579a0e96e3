"""marts.grdp_summary from a few staging rows."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import replace_table, run_sql_table
from sti.ingest.observations import OBSERVATION_SCHEMA
from sti.reference.units import MILLION_KRW_PER_TRILLION

PARAMS = {"region": "KR-30", "nation": "KR", "million_krw_per_trillion": MILLION_KRW_PER_TRILLION}


def obs(
    indicator: str, region: str, year: int, value: float, status: str = "final", **extra: object
) -> dict:
    row = {key: None for key in OBSERVATION_SCHEMA}
    row.update(
        indicator_id=indicator,
        region_id=region,
        period=str(year),
        year=year,
        value=value,
        status=status,
        series="grdp_base2015",
        vintage=dt.date(2023, 5, 1),
        source_id="plan2023_grdp",
        source_row=1,
    )
    row.update(extra)
    return row


def summary(rows: list[dict]) -> list[dict]:
    conn = duckdb.connect()
    replace_table(conn, "staging.grdp", pl.DataFrame(rows, schema=OBSERVATION_SCHEMA))
    run_sql_table(conn, "marts.grdp_summary", load_sql("marts", "grdp_summary"), PARAMS)
    return conn.sql("select * from marts.grdp_summary order by year").pl().to_dicts()


def test_share_published_and_recomputed_with_difference() -> None:
    rows = summary(
        [
            obs("grdp_nominal", "KR", 2016, 1_743_600_000),
            obs("grdp_nominal", "KR-30", 2016, 39_300_000),
            obs("grdp_share_national", "KR-30", 2016, 2.26),
        ]
    )
    assert len(rows) == 1
    assert rows[0]["grdp_nominal_tn_krw"] == pytest.approx(39.3)
    assert rows[0]["share_recomputed_pct"] == pytest.approx(2.254, abs=1e-3)
    assert rows[0]["share_difference_pp"] == pytest.approx(-0.006, abs=1e-4)


def test_average_growth_is_geometric_after_the_first_year_and_status_carries() -> None:
    growth = {2016: 3.5, 2017: 0.8, 2018: 0.9, 2019: 4.0, 2020: 1.3, 2021: 2.8}
    rows = summary(
        [
            obs("grdp_real_growth", "KR-30", y, g, "preliminary" if y == 2021 else "final")
            for y, g in growth.items()
        ]
    )
    assert [r["status"] for r in rows] == ["final"] * 5 + ["preliminary"]
    # the plan: "지난 5년(2016~2021년)의 연평균성장률은 2.0%"
    assert rows[0]["avg_real_growth_pct"] == pytest.approx(1.952, abs=1e-3)
    assert rows[0]["average_period"] == "2016-2021"


def test_newest_vintage_wins_and_series_are_never_mixed() -> None:
    rows = summary(
        [
            obs("grdp_nominal", "KR-30", 2021, 46_400_000),
            obs("grdp_nominal", "KR-30", 2021, 46_500_000, vintage=dt.date(2024, 1, 1)),
            obs("grdp_nominal", "KR-30", 2021, 48_800_000, series="grdp_base2020"),
            obs("grdp_nominal", "KR-30", 2020, 44_400_000),
        ]
    )
    by_key = {(r["series"], r["year"]): r for r in rows}
    assert by_key[("grdp_base2015", 2021)]["grdp_nominal_mil_krw"] == 46_500_000
    assert by_key[("grdp_base2020", 2021)]["grdp_nominal_mil_krw"] == 48_800_000
    # the CAGR of the 2015-base series uses only its own two years
    assert by_key[("grdp_base2015", 2020)]["nominal_cagr_pct"] == pytest.approx(
        100 * (46.5 / 44.4 - 1), abs=1e-3
    )
    assert by_key[("grdp_base2020", 2021)]["nominal_cagr_pct"] is None
