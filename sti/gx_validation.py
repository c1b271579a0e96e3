"""Great Expectations on a mart: run a list of expectations on a pandas frame, describe failures.

GX cannot validate DuckDB tables through its SQL datasource on this stack (stack.md §6), so
marts are pulled into pandas and validated there. GX is imported only here, only when a check
runs: it costs ~3.5 s, which commands that do not validate never pay.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class GxOutcome:
    success: bool
    evaluated: int
    failures: list[str]


_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
    """The one ephemeral GX context (a prewarm thread may be building it: wait for it)."""
    with _CONTEXT_LOCK:
        return _new_context()


def prewarm() -> threading.Thread:
    """Import GX and build its context in a background thread. A run reaches its first GX check
    after several seconds of DuckDB work, which releases the GIL: the 3 s import overlaps it
    instead of stopping the run (measured in `bench.measure pipeline` on the shipped data)."""
    thread = threading.Thread(target=_context, name="gx-prewarm", daemon=True)
    thread.start()
    return thread


@cache
def _new_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def expectations() -> Any:
    """The `great_expectations.expectations` module (imported on first use)."""
    import great_expectations.expectations as gxe

    return gxe


def validate(suite_name: str, frame: pd.DataFrame, suite: list[Any]) -> GxOutcome:
    """Validate `frame` against the expectations; each failure says what and a sample of rows."""
    import great_expectations as gx

    context = _context()
    for existing in list(context.validation_definitions.all()):
        if existing.name == suite_name:
            context.validation_definitions.delete(suite_name)
    if suite_name in [s.name for s in context.suites.all()]:
        context.suites.delete(suite_name)
    source_name = f"{suite_name}_source"
    if source_name in [d.name for d in context.data_sources.all().values()]:
        context.data_sources.delete(source_name)
    batch = (
        context.data_sources.add_pandas(source_name)
        .add_dataframe_asset(name=suite_name)
        .add_batch_definition_whole_dataframe("whole")
    )
    gx_suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
    for expectation in suite:
        gx_suite.add_expectation(expectation)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=gx_suite)
    )
    result = definition.run(batch_parameters={"dataframe": frame})
    failures = []
    for item in result.results:
        if item.success:
            continue
        config = item.expectation_config
        kwargs = {
            k: v
            for k, v in config.kwargs.items()
            if k not in ("batch_id", "value_set") or k == "column"
        }
        detail = item.result or {}
        sample = (
            detail.get("partial_unexpected_list")
            or detail.get("observed_value")
            or detail.get("details")
        )
        failures.append(
            f"{config.type} {kwargs}: {detail.get('unexpected_count', '')} unexpected; e.g. {str(sample)[:300]}"
        )
    return GxOutcome(success=bool(result.success), evaluated=len(result.results), failures=failures)
