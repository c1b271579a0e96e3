"""How a list of input problems becomes a Dagster asset-check result a person can act on."""

import dagster as dg

from sti.errors import InputProblem

MAX_PROBLEMS_IN_DESCRIPTION = 20
MAX_PROBLEMS_IN_METADATA = 50


def problems_result(
    problems: list[InputProblem],
    table: str,
    rows: int,
    model: str,
    check_name: str | None = None,
    note: str = "",
) -> dg.AssetCheckResult:
    """Passed when there are no problems; otherwise ERROR severity with each file, row, column,
    rule. `check_name` for a check an asset reports itself; `note` is added to a pass."""
    if not problems:
        return dg.AssetCheckResult(
            check_name=check_name,
            passed=True,
            description=f"{rows} rows of {table} satisfy {model}{note}",
            metadata={"rows": rows, "problems": 0},
        )
    shown = "\n".join(str(p) for p in problems[:MAX_PROBLEMS_IN_DESCRIPTION])
    more = len(problems) - MAX_PROBLEMS_IN_DESCRIPTION
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(problems)} problem(s) in {table} ({model}); fix the raw file or declare a correction:\n{shown}"
            + (f"\n... and {more} more" if more > 0 else "")
        ),
        metadata={
            "rows": rows,
            "problems": len(problems),
            "sample": dg.MetadataValue.json([str(p) for p in problems[:MAX_PROBLEMS_IN_METADATA]]),
        },
    )
