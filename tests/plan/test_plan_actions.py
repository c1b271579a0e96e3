"""The plan's actions are the headings of each sub-task's body text: all 94, each found at its
line inside its own sub-task's section of the plan text."""

from __future__ import annotations

import csv
import re

import pytest

from sti.paths import RAW_DIR
from tests.plan.goal_candidates import available, document_lines

ACTIONS = RAW_DIR / "plan_2023" / "structure" / "plan_actions.csv"
SECTION_HEADING = re.compile(r"^\s*[【\[]\s*(\d-\d-\d)\s*[】\]]")
# the implementation chapter (Ⅴ) starts here; its department table is not the body text
BODY_END = 2390
# letters the PDF extraction changes or drops inside names
_NOISE = re.compile(r"[\s·「」'’‘\"]")

pytestmark = pytest.mark.skipif(
    not available(), reason="../shared/seeds is not beside the checkout"
)


def sections() -> dict[str, tuple[int, int]]:
    lines = document_lines("plan2023")
    starts = {}
    for number, line in enumerate(lines[:BODY_END], start=1):
        found = SECTION_HEADING.match(line)
        if found:
            starts.setdefault(found.group(1), number)
    ordered = sorted(starts, key=starts.__getitem__)
    ends = [starts[c] for c in ordered[1:]] + [BODY_END]
    return {code: (starts[code], end) for code, end in zip(ordered, ends, strict=True)}


def actions() -> list[dict[str, str]]:
    with ACTIONS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_there_are_94_actions_numbered_from_one_in_every_subtask() -> None:
    rows = actions()
    assert len(rows) == 94
    by_subtask: dict[str, list[int]] = {}
    for row in rows:
        by_subtask.setdefault(row["subtask_code"], []).append(int(row["action_no"]))
    assert len(by_subtask) == 32
    assert all(nos == list(range(1, len(nos) + 1)) for nos in by_subtask.values())


def test_the_two_actions_the_department_table_drops_are_there() -> None:
    names = {(r["subtask_code"], r["action_no"]): r["name_ko"] for r in actions()}
    assert names[("3-2-3", "3")] == "창업사업화 투자플랫폼 및 성장단계별 지원 시스템 구축"
    assert names[("4-3-3", "3")] == "글로벌 스타트업 육성 프로그램 운영"


def test_every_action_is_stated_at_its_line_inside_its_subtask() -> None:
    lines, bounds = document_lines("plan2023"), sections()
    for row in actions():
        first, last = bounds[row["subtask_code"]]
        line = int(row["document_line"])
        assert first <= line < last, (
            f"{row['subtask_code']} ③{row['action_no']}: line {line} is outside its section"
        )
        name = _NOISE.sub("", row["name_ko"])
        assert name[:6] in _NOISE.sub("", lines[line - 1]), (row["subtask_code"], row["action_no"])
