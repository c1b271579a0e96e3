"""The targets file's own rules (sti/plan/targets.py) on the shipped rows, each broken once."""

from __future__ import annotations

import polars as pl
import pytest

from sti.paths import RAW_DIR
from sti.plan.targets import read_targets, validate_targets

MILESTONE = "nano_cluster_plan_approval_2026"


def _shipped() -> pl.DataFrame:
    return read_targets(RAW_DIR)


def test_the_shipped_targets_pass() -> None:
    assert validate_targets(_shipped()) == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("interpolation", "linear"), ("target_value", 2.0), ("baseline_kind", "not_stated")],
)
def test_a_milestone_is_an_event_from_0_to_1_not_interpolated(column: str, value: object) -> None:
    frame = _shipped()
    changed = frame.with_columns(
        pl.when(pl.col("kpi_id") == MILESTONE)
        .then(pl.lit(value))
        .otherwise(pl.col(column))
        .cast(frame.schema[column])
        .alias(column)
    )
    problems = [str(p) for p in validate_targets(changed)]
    assert any("a milestone is an event" in p for p in problems), problems
