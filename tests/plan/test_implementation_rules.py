"""The sub-task traffic light (sti/plan/implementation_rules.py) at each bound: just below, at
and just above; moving a bound or a comparison fails a case."""

from __future__ import annotations

import pytest

from sti.plan.implementation_rules import SubtaskYear, rollup_light, traffic_light

# The rule book's bounds, written out: a test that read them from the module could not fail
# when they move.
AMBER_EXECUTION_PCT = 80.0
RED_EXECUTION_PCT = 50.0


@pytest.mark.parametrize(
    ("year", "light"),
    [
        (SubtaskYear(0, 0, 0, 95.0), "no_report"),
        (SubtaskYear(3, 0, 0, None), "green"),
        (SubtaskYear(3, 0, 0, AMBER_EXECUTION_PCT), "green"),  # at the amber bound: green
        (SubtaskYear(3, 0, 0, AMBER_EXECUTION_PCT - 0.01), "amber"),
        (SubtaskYear(3, 0, 0, RED_EXECUTION_PCT), "amber"),  # at the red bound: amber
        (SubtaskYear(3, 0, 0, RED_EXECUTION_PCT - 0.01), "red"),
        (SubtaskYear(4, 1, 0, 90.0), "amber"),  # a quarter late: below a third
        (SubtaskYear(3, 1, 0, 90.0), "red"),  # a third late: red
        (SubtaskYear(5, 1, 0, 90.0), "amber"),
        (SubtaskYear(3, 0, 1, 90.0), "amber"),  # stopped or changed, with its reason: amber
        (SubtaskYear(2, 0, 2, 90.0), "amber"),
    ],
)
def test_the_light_at_its_bounds(year: SubtaskYear, light: str) -> None:
    assert traffic_light(year)[0] == light


def test_the_reason_says_the_rule_in_words() -> None:
    assert traffic_light(SubtaskYear(3, 2, 0, 90.0))[1].startswith("지연·미착수 2/3")
    assert traffic_light(SubtaskYear(3, 0, 0, 40.0))[1] == "집행률 40.0% < 50%"


@pytest.mark.parametrize(
    ("lights", "rolled"),
    [
        (["green", "amber", "no_report"], "amber"),  # the worst reported light
        (["green", "red", "amber"], "red"),
        (["green", "green"], "green"),
        (["no_report", "green"], "green"),  # a sub-task without a report neither lowers it
        (["no_report", "no_report"], "no_report"),
        ([], "no_report"),
    ],
)
def test_a_task_takes_the_worst_light_of_its_reporting_subtasks(
    lights: list[str], rolled: str
) -> None:
    assert rollup_light(lights) == rolled
