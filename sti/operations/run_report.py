"""What `sti run` prints: every failure with its reason in one line, every warning whole.

Dagster records why a run failed in its event log; a person at a terminal should not have to
open it. Each failed step, failed resource set-up and failed check becomes one line that starts
with where it happened and ends with the reason; multi-line check descriptions follow, indented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

INDENT = "    "
# Dagster prefixes a message with the exception's qualified class name; the reason follows it.
_CLASS_PREFIX = re.compile(r"^[\w.]+(Error|Exception|Failure): ")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _error_text(error: Any) -> str:
    """The innermost cause's message: the reason, not Dagster's wrapper around it."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return _CLASS_PREFIX.sub("", str(getattr(error, "message", error)).strip())


def _indented(text: str) -> list[str]:
    head, *rest = text.splitlines() or [""]
    return [head, *(INDENT + line for line in rest if line.strip())]


# The warning checks that say a received file was held back (checks.held_back).
HELD_BACK_CHECKS = frozenset({"no_file_held_back", "no_report_held_back"})


def check_lines(
    events: Iterable[Any], severity: str, names: frozenset[str] | None = None
) -> list[str]:
    """Failed checks of the given severity (ERROR or WARN), each description kept whole;
    only the checks named in `names` when given. `events`: a result's `all_events`, or the
    Dagster events of a stored run's log."""
    lines = []
    for event in events:
        evaluation = event.event_specific_data
        if event.event_type_value != "ASSET_CHECK_EVALUATION" or evaluation.passed:
            continue
        if names is not None and evaluation.check_name not in names:
            continue
        if evaluation.severity.value == severity:
            name = f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
            lines += _indented(f"check {name}: {evaluation.description}")
    return lines


def failure_lines(events: Iterable[Any]) -> list[str]:
    """Why the run failed: failed steps and failed resource set-up, one reason each."""
    events = list(events)
    lines = []
    for event in events:
        kind = event.event_type_value
        data = event.event_specific_data
        if kind == "STEP_FAILURE":
            lines += _indented(f"step {event.step_key} failed: {_error_text(data.error)}")
        elif kind == "RESOURCE_INIT_FAILURE" or (
            kind == "ENGINE_EVENT" and getattr(data, "error", None) is not None
        ):
            lines += _indented(f"set-up failed: {_error_text(data.error)}")
    if not lines:
        for event in events:
            if event.event_type_value == "PIPELINE_FAILURE":
                lines.append(f"run failed: {_first_line(event.message or '')}")
    return lines


def failed_steps(events: Iterable[Any]) -> list[str]:
    """The keys of the steps that failed, in the order they failed."""
    return [e.step_key for e in events if e.event_type_value == "STEP_FAILURE"]


def stored_events(instance: Any, run_id: str) -> list[Any]:
    """The Dagster events of a stored run (what `all_events` is for an in-process result)."""
    return [entry.dagster_event for entry in instance.all_logs(run_id) if entry.dagster_event]
