"""The analysts' example queries (sql/examples/*.sql) run through the read-only door on the
shipped data, and answer what their comments say."""

from pathlib import Path

import polars as pl
import pytest

from sti.db.sql_door import connect_read_only, run_query
from sti.paths import SQL_DIR
from tests.conftest import Pipeline

EXAMPLES = sorted((SQL_DIR / "examples").glob("*.sql"))


def _answer(baseline: Pipeline, path: Path) -> list[tuple]:
    with connect_read_only(baseline.warehouse) as conn:
        relation = run_query(conn, path.read_text(encoding="utf-8"))
        assert relation is not None
        return relation.fetchall()


def test_at_least_twelve_commented_examples() -> None:
    assert len(EXAMPLES) >= 12
    for path in EXAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- Q"), f"{path.name} does not start with its question"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_answers_on_the_shipped_data(baseline: Pipeline, path: Path) -> None:
    assert _answer(baseline, path), f"{path.name} returned no rows on the shipped data"


def _example(stem: str) -> Path:
    return next(p for p in EXAMPLES if p.stem.startswith(stem))


def test_daejeon_tech_establishments_rank_13th_of_17(baseline: Pipeline) -> None:
    rows = _answer(baseline, _example("01_"))
    by_key = {(r[0], r[1]): r for r in rows}
    # KOSIS DT_1K52D01 (2023): 41,206 tech-based establishments, 13th of the 17 시도
    assert by_key[("establishments", 2023)][3] == 41206.0
    assert by_key[("establishments", 2023)][6] == 13
    assert by_key[("workers", 2023)][3] == 345957.0


def test_startups_among_metropolitan_cities_rank_one_to_six(baseline: Pipeline) -> None:
    rows = _answer(baseline, _example("04_"))
    for industry in ("_T", "TECH"):
        ranks = sorted(r[4] for r in rows if r[1] == industry)
        assert ranks == [1, 2, 3, 4, 5, 6]


def test_departments_budget_counts_each_department_of_a_shared_subtask(baseline: Pipeline) -> None:
    rows = _answer(baseline, _example("10_"))
    assert sum(r[3] for r in rows) == 32  # one lead per sub-task
    assert sum(r[2] for r in rows) >= 32


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_answers_hold_one_value_per_key(baseline: Pipeline, path: Path) -> None:
    """No row repeats the identifying columns it shows (tests/test_readme_examples.py)."""
    from tests.test_readme_examples import IDENTIFYING

    with connect_read_only(baseline.warehouse) as conn:
        relation = run_query(conn, path.read_text(encoding="utf-8"))
        assert relation is not None
        frame = relation.pl()
    key = [c for c in frame.columns if c in IDENTIFYING]
    if key:
        assert frame.group_by(key).len().filter(pl.col("len") > 1).is_empty(), key
