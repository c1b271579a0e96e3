"""The mart grain assertion: one row per key, not empty, run inside DuckDB."""

import duckdb

from assets.checks.grain import MART_KEYS, grain_problems


def _conn(rows: list[tuple[str, int | None, float]]) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("create schema marts")
    conn.execute("create table marts.t (region_id varchar, year integer, value double)")
    if rows:
        conn.executemany("insert into marts.t values (?, ?, ?)", rows)
    return conn


def test_a_repeated_key_fails_and_names_it() -> None:
    conn = _conn([("KR-30", 2023, 1.0), ("KR-30", 2023, 2.0), ("KR-11", 2023, 3.0)])
    rows, problems = grain_problems(conn, "marts.t", ["region_id", "year"])
    assert rows == 3
    assert problems == [
        "1 key(s) of marts.t have more than one row on (region_id, year); the SQL fans out "
        "(a join matched several rows). First ones: ('KR-30', 2023) x2"
    ]


def test_unique_keys_pass_and_null_keys_repeat_like_in_a_join() -> None:
    assert grain_problems(_conn([("KR-30", 2023, 1.0), ("KR-30", 2024, 1.0)]), "marts.t",
                          ["region_id", "year"]) == (2, [])  # fmt: skip
    _, problems = grain_problems(
        _conn([("KR-30", None, 1.0), ("KR-30", None, 2.0)]), "marts.t", ["region_id", "year"]
    )
    assert problems and "('KR-30', None) x2" in problems[0]


def test_an_empty_mart_fails_unless_it_may_be_empty() -> None:
    conn = _conn([])
    assert grain_problems(conn, "marts.t", ["region_id"])[1] == [
        "marts.t is empty: the SQL behind it found nothing to build from"
    ]
    assert grain_problems(conn, "marts.t", ["region_id"], may_be_empty=True) == (0, [])


def test_every_mart_key_holds_on_the_shipped_release(baseline) -> None:  # type: ignore[no-untyped-def]
    conn = duckdb.connect(str(baseline.warehouse), read_only=True)
    for table, key in MART_KEYS.values():
        assert grain_problems(conn, table, key, may_be_empty=True)[1] == [], table


def test_every_repeated_key_is_counted_and_the_most_repeated_shown_first() -> None:
    rows = [(f"KR-{n}", 2023, 1.0) for n in range(10, 17) for _ in range(2)]
    rows += [("KR-30", 2023, 1.0)] * 3 + [("KR-31", 2023, 1.0)]
    _, problems = grain_problems(_conn(rows), "marts.t", ["region_id", "year"])
    assert problems[0].startswith("8 key(s) of marts.t have more than one row")
    shown = problems[0].split("First ones: ")[1].split("; ")
    assert shown == ["('KR-30', 2023) x3", *(f"('KR-{n}', 2023) x2" for n in range(10, 14))]
