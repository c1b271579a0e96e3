"""Great Expectations on a mart: run a list of expectations on a pandas frame, describe failures.

GX cannot validate DuckDB tables through its SQL datasource on this stack (stack.md §6), so
marts are pulled into pandas and validated there, in a process of GX's own (sti/quality/gx_process.py):
its ~2.4 s import is paid there, on the other core, never in the run's process. Expectations
are written as plain data (`expect`); sti/quality/mart_suites.py holds the suites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class GxOutcome:
    success: bool
    evaluated: int
    failures: list[str]


@dataclass(frozen=True)
class Expectation:
    """One expectation: its class in `great_expectations.expectations` and its arguments."""

    kind: str
    arguments: dict[str, Any] = field(default_factory=dict)


def expect(kind: str, **arguments: Any) -> Expectation:
    """`expect("ExpectColumnValuesToNotBeNull", column="x")` for gxe.ExpectColumnValuesToNotBeNull."""
    return Expectation(kind, arguments)


@cache
def context() -> Any:
    """The one ephemeral GX context of the GX process."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_context = gx.get_context(mode="ephemeral")
    gx_context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return gx_context


def _expectation(item: Expectation) -> Any:
    import great_expectations.expectations as gxe

    kind = getattr(gxe, item.kind, None)
    if kind is None:
        raise ValueError(f"great_expectations.expectations has no {item.kind}")
    return kind(**item.arguments)


def validate_here(suite_name: str, frame: pd.DataFrame, suite: list[Expectation]) -> GxOutcome:
    """The validation sti/mart_suites.run_suite asks for, in the GX process. The suite, its data source and its validation
    definition are removed afterwards: the context would otherwise hold the frame until the
    same suite runs again."""
    gx_context = context()
    source_name = f"{suite_name}_source"
    _forget(gx_context, suite_name, source_name)
    try:
        return _outcome(_run(gx_context, suite_name, source_name, frame, suite))
    finally:
        _forget(gx_context, suite_name, source_name)


def _forget(gx_context: Any, suite_name: str, source_name: str) -> None:
    if suite_name in [d.name for d in gx_context.validation_definitions.all()]:
        gx_context.validation_definitions.delete(suite_name)
    if suite_name in [s.name for s in gx_context.suites.all()]:
        gx_context.suites.delete(suite_name)
    if source_name in [d.name for d in gx_context.data_sources.all().values()]:
        gx_context.data_sources.delete(source_name)


def _run(
    gx_context: Any,
    suite_name: str,
    source_name: str,
    frame: pd.DataFrame,
    suite: list[Expectation],
) -> Any:
    import great_expectations as gx

    batch = (
        gx_context.data_sources.add_pandas(source_name)
        .add_dataframe_asset(name=suite_name)
        .add_batch_definition_whole_dataframe("whole")
    )
    gx_suite = gx_context.suites.add(gx.ExpectationSuite(name=suite_name))
    for expectation in suite:
        gx_suite.add_expectation(_expectation(expectation))
    definition = gx_context.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=gx_suite)
    )
    return definition.run(batch_parameters={"dataframe": frame})


def _outcome(result: Any) -> GxOutcome:
    """Each failed expectation: its type, arguments, unexpected count and a sample."""
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
