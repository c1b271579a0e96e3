"""One rank rule for every mart that computes a rank among the 시도 (marts.rcostii's rank is
KISTEP's published one): a rank only where all 17 시도 hold a value, else none and a note."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import Pipeline

# (mart, rank column, the count of 시도 with a value in the rank's group)
RANKING = [
    ("marts.region_comparison", "rank_among_sido", "regions_with_value"),
    ("marts.grdp_by_region", "nominal_rank_among_sido", "sido_with_value"),
]


@pytest.fixture(scope="module")
def marts(baseline: Pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(baseline.warehouse), read_only=True)


def test_every_computed_rank_column_is_under_the_rule(marts: duckdb.DuckDBPyConnection) -> None:
    ranked = {
        (t, c)
        for t, c in marts.execute(
            "select 'marts.' || table_name, column_name from duckdb_columns() "
            "where schema_name = 'marts' and column_name like '%rank%sido'"
        ).fetchall()
    }
    assert ranked == {(t, c) for t, c, _ in RANKING}


@pytest.mark.parametrize(("mart", "rank", "count"), RANKING)
def test_a_rank_only_where_every_sido_has_a_value(
    marts: duckdb.DuckDBPyConnection, mart: str, rank: str, count: str
) -> None:
    sido = marts.execute("select count(*) from marts.dim_region where level = 'sido'").fetchone()
    assert sido == (17,)
    ranked, unranked, noted = marts.execute(
        f"select count(*) filter (where {rank} is not null and {count} = 17),"
        f" count(*) filter (where {rank} is not null and {count} < 17),"
        f" count(*) filter (where {rank} is null and {count} < 17 and rank_note is null"
        "   and region_id in (select region_id from marts.dim_region where level = 'sido'))"
        f" from {mart}"
    ).fetchone()  # type: ignore[misc]
    assert ranked > 0, "some rank exists on the shipped data"
    assert unranked == 0, "a rank among fewer than the 17 시도"
    assert noted == 0, "an unranked 시도 without rank_note"
