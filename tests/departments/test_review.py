"""Review and approval (sti/departments/review.py): the state machine, one record per decision,
and the refusals that keep it honest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sti.departments.review import (
    ReportFile,
    ReviewRefused,
    decide,
    file_states,
    read_transitions,
)

DEPT = "우주항공산업추진단"
FIRST = ReportFile("departments/space/2026-02-20_a.xlsx", DEPT, 2025, dt.date(2026, 2, 20))
OTHER_YEAR = ReportFile("departments/space/2025-02-20_b.xlsx", DEPT, 2024, dt.date(2025, 2, 20))
FILES = [FIRST, OTHER_YEAR]


def _decide(root: Path, action: str, on: str, **kw: object) -> list[str]:
    return decide(root, FILES, DEPT, 2025, action, "DISTEP", dt.date.fromisoformat(on), **kw)[1]  # type: ignore[arg-type]


def _state(root: Path) -> str:
    return file_states(FILES, read_transitions(root))[FIRST.raw_file].state


def test_received_accepted_approved_reopened(tmp_path: Path) -> None:
    assert _state(tmp_path) == "submitted"
    assert _decide(tmp_path, "accept", "2026-03-01") == [FIRST.raw_file]  # not 2024's file
    assert _state(tmp_path) == "reviewed"
    _decide(tmp_path, "approve", "2026-03-20", meeting=dt.date(2026, 3, 20))
    states = file_states(FILES, read_transitions(tmp_path))
    assert (states[FIRST.raw_file].state, states[FIRST.raw_file].approved_on) == (
        "approved",
        dt.date(2026, 3, 20),
    )
    assert states[OTHER_YEAR.raw_file].state == "submitted"
    _decide(tmp_path, "reopen", "2026-04-01", comment="위원회 재심의")
    assert _state(tmp_path) == "reviewed"
    assert file_states(FILES, read_transitions(tmp_path))[FIRST.raw_file].approved_on is None
    records = sorted((tmp_path / "reviews" / "2025").glob("*.csv"))
    assert len(records) == 3 and all(p.with_name(p.name + ".yaml").exists() for p in records)


@pytest.mark.parametrize(
    ("steps", "action", "kw", "refusal"),
    [
        ([], "approve", {"meeting": dt.date(2026, 3, 1)}, "no 검토완료 report of"),
        ([], "reopen", {"comment": "x"}, "no 확정 report of"),
        ([], "return", {}, "반려 needs a comment"),
        ([("accept", {})], "approve", {}, "확정 needs the committee meeting's date"),
        ([("accept", {})], "approve", {"meeting": dt.date(2026, 4, 1)}, "is after today"),
        ([("accept", {})], "accept", {}, "no 제출 report of"),
        ([], "publish", {}, "unknown decision 'publish'"),
    ],
)
def test_a_decision_that_does_not_apply_is_refused(
    tmp_path: Path, steps: list, action: str, kw: dict, refusal: str
) -> None:
    for step, step_kw in steps:
        _decide(tmp_path, step, "2026-03-01", **step_kw)
    with pytest.raises(ReviewRefused, match=refusal):
        _decide(tmp_path, action, "2026-03-02", **kw)


def test_a_returned_file_stays_returned_and_a_resubmission_starts_at_submitted(
    tmp_path: Path,
) -> None:
    _decide(tmp_path, "return", "2026-03-01", comment="보완")
    again = ReportFile("departments/space/2026-03-05_a2.xlsx", DEPT, 2025, dt.date(2026, 3, 5))
    states = file_states([*FILES, again], read_transitions(tmp_path))
    assert states[FIRST.raw_file].state == "returned"
    assert states[FIRST.raw_file].comment == "보완"
    assert states[again.raw_file].state == "submitted"
