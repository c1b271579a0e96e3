"""One vocabulary: the status words of the rule books, the marts and the labels are one list
(sti/reference/vocabulary.py)."""

from __future__ import annotations

import duckdb
import pytest

from sti.departments.check_sheets import PLAN_KINDS, PROGRESS_STATUSES
from sti.departments.review import REVIEW_STATES
from sti.plan.kpi_rules import STATUSES
from sti.reference.vocabulary import (
    KPI_STATUS,
    PLAN_KIND,
    PROGRESS_STATUS,
    REPORTING,
    REVIEW_STATE,
    TRAFFIC_LIGHT,
    VOCABULARIES,
)
from tests.conftest import Pipeline


def test_the_rule_books_use_the_vocabulary() -> None:
    assert tuple(KPI_STATUS) == STATUSES
    assert set(PROGRESS_STATUSES.values()) == set(PROGRESS_STATUS)
    assert set(PLAN_KINDS.values()) == set(PLAN_KIND)
    assert set(REVIEW_STATES) == set(REVIEW_STATE)
    korean = [
        ko for words in (KPI_STATUS, PROGRESS_STATUS, REVIEW_STATE) for ko, _ in words.values()
    ]
    assert len(korean) == len(set(korean)), "a Korean label names two things"


@pytest.fixture(scope="module")
def marts(baseline: Pipeline) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(baseline.warehouse), read_only=True)


@pytest.mark.parametrize(
    ("table", "column", "words"),
    [
        ("marts.kpi_progress", "status", KPI_STATUS),
        ("marts.kpi_progress_history", "status", KPI_STATUS),
        ("marts.subtask_progress", "traffic_light", TRAFFIC_LIGHT),
        ("marts.reporting_completeness", "reporting", REPORTING),
    ],
)
def test_the_marts_say_only_words_of_the_vocabulary(
    marts: duckdb.DuckDBPyConnection, table: str, column: str, words: dict
) -> None:
    found = {v for (v,) in marts.execute(f"select distinct {column} from {table}").fetchall()}
    assert found and found <= set(words)


def test_kpi_by_task_counts_one_column_per_status(marts: duckdb.DuckDBPyConnection) -> None:
    columns = {c for (c,) in marts.execute(
        "select column_name from duckdb_columns() where table_name = 'kpi_by_task'"
    ).fetchall()}  # fmt: skip
    assert set(KPI_STATUS) <= columns
    assert not {"no_data", "not_reported"} & columns


def test_the_label_table_is_the_vocabulary(marts: duckdb.DuckDBPyConnection) -> None:
    rows = marts.execute("select vocabulary, code, label_ko from marts.dim_status_label").fetchall()
    assert {(v, c, ko) for v, c, ko in rows} == {
        (name, code, ko) for name, words in VOCABULARIES.items() for code, (ko, _) in words.items()
    }
