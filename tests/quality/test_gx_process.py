"""The GX process: suites validated beside the run, failures and crashes reported plainly."""

from __future__ import annotations

import io
import os
import signal

import pandas as pd
import pyarrow as pa
import pytest

from sti.quality import gx_process
from sti.quality.gx_validation import context, expect, validate_here
from sti.quality.mart_suites import EVALUATOR, TECH_SUITE, run_suite

TECH_ROW = {
    "tech_share_pct": 10.0,
    "method": "published",
    "sections_used": None,
    "tech_value": 1.0,
    "missing_sections": None,
}


def test_messages_cross_the_pipe_whole_and_a_cut_one_reads_as_closed() -> None:
    stream = io.BytesIO()
    table = pa.table({"region": ["대전", "세종"], "value": [1.5, None]})
    gx_process.send(stream, (TECH_SUITE, table, ({"k:2023"},)))
    whole = stream.getvalue()
    name, received, arguments = gx_process.receive(io.BytesIO(whole))
    assert (name, arguments) == (TECH_SUITE, ({"k:2023"},)) and received.equals(table)
    with pytest.raises(EOFError):
        gx_process.receive(io.BytesIO(whole[:-1]))
    with pytest.raises(EOFError):
        gx_process.receive(io.BytesIO(b""))


def test_a_suite_runs_in_the_gx_process_not_here() -> None:
    rows = pd.DataFrame([TECH_ROW, {**TECH_ROW, "tech_share_pct": 120.0}])
    outcome = run_suite(TECH_SUITE, rows)
    assert not outcome.success and outcome.evaluated == 3
    assert "expect_column_values_to_be_between" in outcome.failures[0]
    assert "120.0" in outcome.failures[0]
    assert gx_process.shared(EVALUATOR).pid != os.getpid()


def test_an_unknown_suite_is_named_and_the_process_survives_it() -> None:
    with pytest.raises(gx_process.GxProcessError) as error:
        run_suite("typo_suite", pd.DataFrame([TECH_ROW]))
    assert "Great Expectations failed on suite typo_suite" in str(error.value)
    assert "no suite named typo_suite" in str(error.value)
    assert run_suite(TECH_SUITE, pd.DataFrame([TECH_ROW])).success


def test_an_unknown_expectation_is_named() -> None:
    with pytest.raises(ValueError, match=r"great_expectations\.expectations has no ExpectNice"):
        validate_here("typo_suite", pd.DataFrame({"a": [1]}), [expect("ExpectNice", column="a")])


def test_a_dead_gx_process_fails_the_suite_plainly_and_the_next_suite_starts_another() -> None:
    dead = gx_process.shared(EVALUATOR)
    os.kill(dead.pid, signal.SIGKILL)
    with pytest.raises(gx_process.GxProcessError, match=r"exited with code -9 before suite lost"):
        dead.validate("lost", pa.table({"a": [1]}), ())
    assert run_suite(TECH_SUITE, pd.DataFrame([TECH_ROW])).success
    assert gx_process.shared(EVALUATOR).pid != dead.pid


def test_a_validated_suite_leaves_nothing_in_the_context() -> None:
    """The context must not keep a suite's frame (the process would hold every frame)."""
    frame = pd.DataFrame({"a": [1, None]})
    suite = [expect("ExpectColumnValuesToNotBeNull", column="a")]
    outcome = validate_here("kept_suite", frame, suite)
    assert not outcome.success and "1 unexpected" in outcome.failures[0]
    gx_context = context()
    assert [s.name for s in gx_context.suites.all()] == []
    assert list(gx_context.data_sources.all()) == []
    assert list(gx_context.validation_definitions.all()) == []


def test_the_process_serves_the_evaluator_it_was_started_with() -> None:
    """The process imports the function it is named (it knows no suite itself), and a request
    for another evaluator starts a process for that one."""
    assert gx_process.load_evaluator(EVALUATOR).__name__ == "evaluate"
    first = gx_process.shared(EVALUATOR)
    other = gx_process.shared("tests.quality.gx_echo:echo")
    assert other.pid != first.pid and not first.alive()
    assert other.validate("any", pa.table({"a": [1]}), (2,)) == ("any", 1, (2,))
    assert run_suite(TECH_SUITE, pd.DataFrame([TECH_ROW])).success
