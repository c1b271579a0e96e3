"""sql/checks/revisions.sql on inline rows: tolerances at their boundaries, the unit-change
factor, declared restatements, and what is never compared (other sources, other series)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from assets.checks.revisions import build_revisions
from sti.reference.indicators import (
    LEVEL_REVISION_TOLERANCE,
    PERCENT_REVISION_TOLERANCE_POINTS,
    revision_tolerance,
)

OLD, NEW = dt.date(2025, 1, 1), dt.date(2026, 1, 1)


def revisions(values: list[tuple], restatement: str | None = None) -> list[tuple]:
    """Rows (indicator, source, series, vintage, value) in; (indicator, value, factor, restatement) out."""
    conn = duckdb.connect()
    conn.execute("create schema marts; create schema raw")
    conn.execute(
        "create table marts.dim_indicator (indicator_id varchar, revision_relative double, revision_absolute double)"
    )
    conn.executemany(
        "insert into marts.dim_indicator values (?, ?, ?)",
        [
            ("level", LEVEL_REVISION_TOLERANCE, None),
            ("rate", None, PERCENT_REVISION_TOLERANCE_POINTS),
        ],
    )
    conn.execute("create table raw.source_files (raw_file varchar, restatement varchar)")
    conn.executemany(
        "insert into raw.source_files values (?, ?)",
        [("old.csv", None), ("new.csv", restatement)],
    )
    conn.execute(
        """create table marts.indicator_values (indicator_id varchar, region_id varchar,
        industry_code varchar, period varchar, series varchar, edition varchar, vintage date,
        value double, source_id varchar, source_file varchar, source_row bigint, source_column varchar)"""
    )
    conn.executemany(
        "insert into marts.indicator_values values (?, 'KR-30', '_T', '2023', ?, null, ?, ?, ?, ?, 2, 'DT')",
        [
            (ind, series, vintage, value, source, "old.csv" if vintage == OLD else "new.csv")
            for ind, source, series, vintage, value in values
        ],
    )
    build_revisions(conn)
    rows = conn.execute("select * from checks.revisions").fetchall()
    columns = [d[0] for d in conn.description]
    return [
        (
            r[columns.index("indicator_id")],
            r[columns.index("value")],
            r[columns.index("unit_factor")],
            r[columns.index("restatement")],
        )
        for r in rows
    ]


def pair(
    indicator: str, old: float, new: float, source: str = "s", series: str = "a"
) -> list[tuple]:
    return [(indicator, source, series, OLD, old), (indicator, source, series, NEW, new)]


@pytest.mark.parametrize(
    ("new", "flagged"),
    [(104.99, False), (105.0, False), (105.01, True), (95.0, False), (94.99, True)],
)
def test_levels_may_move_five_percent(new: float, flagged: bool) -> None:
    assert bool(revisions(pair("level", 100.0, new))) is flagged


@pytest.mark.parametrize(
    ("new", "flagged"), [(3.43, False), (3.4, False), (3.44, True), (-0.58, True)]
)
def test_percentages_may_move_two_points(new: float, flagged: bool) -> None:
    assert bool(revisions(pair("rate", 1.43, new))) is flagged


@pytest.mark.parametrize(
    ("new", "factor"),
    [
        (53317422000.0, 1000.0),
        (5331742.2, 0.1),
        (533.0, 1e-05),
        (235.0 / 23595 * 53317422, 0.01),
        (2 * 53317422.0, None),
        (5000 * 53317422.0, None),  # 10^3.7: as far from 10^4 as from 10^3, no unit factor
    ],
)
def test_a_power_of_ten_is_called_a_factor(new: float, factor: float | None) -> None:
    [(_ind, _value, found, _reason)] = revisions(pair("level", 53317422.0, new))
    assert found == (pytest.approx(factor) if factor else None)


def test_a_move_beyond_tolerance_but_near_one_is_not_a_factor_of_one() -> None:
    """A rate moved 3 points (beyond its 2) by a ratio of 1.03: flagged, with no unit factor."""
    assert revisions(pair("rate", 100.0, 103.0)) == [("rate", 103.0, None, None)]


def test_a_declared_restatement_carries_its_reason() -> None:
    assert revisions(pair("level", 100.0, 150.0), restatement="base year changed") == [
        ("level", 150.0, None, "base year changed")
    ]


def test_only_consecutive_releases_of_one_source_and_series_are_compared() -> None:
    rows = pair("level", 100.0, 100.0)
    rows += [("level", "other source", "a", NEW, 300.0), ("level", "s", "b", NEW, 500.0)]
    assert revisions(rows) == []


def test_default_tolerances_follow_unit_and_aggregation() -> None:
    assert revision_tolerance({"unit": "백만원", "aggregation": "flow"}) == (0.05, None)
    assert revision_tolerance({"unit": "%", "aggregation": "rate"}) == (None, 2.0)
    assert revision_tolerance({"unit": "위", "aggregation": "rank"}) == (None, 3.0)
    assert revision_tolerance(
        {"unit": "명", "aggregation": "stock", "revision_tolerance": {"relative": 0.1}}
    ) == (0.1, None)


def test_a_flagged_value_names_its_file_row_and_column_and_the_previous_release_file() -> None:
    """Three releases of two cells (null edition): the third moves one cell; the row found is
    that cell's, in the third file, compared with the second file (not the first)."""
    conn = duckdb.connect()
    conn.execute("create schema marts; create schema raw")
    conn.execute(
        "create table marts.dim_indicator as select 'level' as indicator_id, "
        f"{LEVEL_REVISION_TOLERANCE}::double as revision_relative, null::double as revision_absolute"
    )
    conn.execute("create table raw.source_files (raw_file varchar, restatement varchar)")
    conn.execute(
        "insert into raw.source_files values ('a.csv', null), ('b.csv', null), ('c.csv', null)"
    )
    conn.execute(
        """create table marts.indicator_values (indicator_id varchar, region_id varchar,
        industry_code varchar, period varchar, series varchar, edition varchar, vintage date,
        value double, source_id varchar, source_file varchar, source_row bigint, source_column varchar)"""
    )
    releases = [(dt.date(2024, 1, 1), "a.csv"), (OLD, "b.csv"), (NEW, "c.csv")]
    rows = []
    for number, (vintage, file) in enumerate(releases):
        for region, row in (("KR-30", 10 + number), ("KR-11", 20 + number)):
            value = 150.0 if (region, vintage) == ("KR-30", NEW) else 100.0
            rows.append((region, vintage, value, file, row, f"col {region}"))
    conn.executemany(
        "insert into marts.indicator_values values "
        "('level', ?, '_T', '2023', 'a', null, ?, ?, 's', ?, ?, ?)",
        rows,
    )
    assert build_revisions(conn) == 1
    found = conn.execute(
        "select region_id, source_file, source_row, source_column, previous_file, "
        "previous_value, value from checks.revisions"
    ).fetchall()
    assert found == [("KR-30", "c.csv", 12, "col KR-30", "b.csv", 100.0, 150.0)]
    assert conn.execute("select count(*) from duckdb_tables() where temporary").fetchone() == (0,)
