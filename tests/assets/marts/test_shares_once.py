"""Ratios computed once: a share of the nation that two marts show is the same number in both
(marts.rnd takes the computed share of government R&D from marts.region_comparison), and a
published share is shown as published, never replaced by a computed one."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import Pipeline


@pytest.fixture(scope="module")
def marts(baseline: Pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(baseline.warehouse), read_only=True)


def test_the_rnd_share_is_region_comparisons_where_none_is_published(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    pairs = marts.execute(
        """
        select rnd.region_id, rnd.year, rnd.share_of_national_rnd_pct, cmp.share_of_national_pct
        from marts.rnd as rnd
        inner join marts.region_comparison as cmp
            on cmp.indicator_id = 'rnd_gov_total' and cmp.industry_code = '_T'
            and cmp.region_id = rnd.region_id and cmp.year = rnd.year
        where rnd.share_of_national_rnd_basis = 'computed'
        """
    ).fetchall()
    assert pairs, "no computed share to compare"
    assert [(r, y) for r, y, mine, theirs in pairs if mine != theirs] == []
    daejeon = marts.execute(
        "select year, round(share_of_national_rnd_pct, 2), share_of_national_rnd_basis "
        "from marts.rnd where region_id = 'KR-30' order by year"
    ).fetchall()
    # 2021: 68,734억 of the nation's 24조 원 (plan, seeds/000 line 321), computed; 2022: 29.4 %
    assert (2021, 28.64, "computed") in daejeon
    assert (2022, 29.4, "published") in daejeon
