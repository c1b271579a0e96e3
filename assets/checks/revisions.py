"""checks.revisions: values that moved too far between two releases of one source (blocking).

A new release that changes a number by more than its indicator's tolerance, or by a power of
ten, is far more often a mistake (a unit change, a number cut short, the wrong file) than a
revision. Each staging table holds such a release back before it is accepted
(sti/ingest/revision_gate.py); this check, over every value, stops the run on what could not be
held back, with both values, both files and the factor. A sidecar that declares
`restatement: <reason>` lets its release through, and the rows stay listed with that reason.
"""

import dagster as dg

from assets.table_metadata import table_metadata
from sti.ingest.revision_gate import build_revisions, revision_rule, undeclared_revisions
from sti.operations.resources import WarehouseResource

KEY = dg.AssetKey(["checks", "revisions"])
MAX_SHOWN = 20


@dg.asset(
    key=KEY,
    deps=[["marts", "indicator_values"], ["marts", "dim_indicator"], ["raw", "source_files"]],
    group_name="checks",
    compute_kind="duckdb",
)
def revisions(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every value beyond its revision tolerance between consecutive releases of one source."""
    with warehouse.get_connection() as conn:
        rows = build_revisions(conn)
        shown = table_metadata(conn, "checks.revisions")
    return dg.MaterializeResult(metadata={**shown, "revisions_beyond_tolerance": rows})


def _line(row: tuple) -> str:
    file, line, column = row[6], row[7], row[8]
    return f"file {file}, row {line}, column {column!r}: {revision_rule(row)}"


@dg.asset_check(
    asset=KEY,
    name="revisions_within_tolerance",
    blocking=True,
    description="A new release moves no value beyond its revision tolerance unless its sidecar declares a restatement",
)
def revisions_within_tolerance(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = undeclared_revisions(conn)
        declared = conn.execute(
            "select count(*) from checks.revisions where restatement is not null"
        ).fetchone()
    if not rows:
        return dg.AssetCheckResult(
            passed=True,
            description=f"no undeclared revision beyond tolerance ({declared[0] if declared else 0} declared restatements)",
        )
    shown = "\n".join(_line(row) for row in rows[:MAX_SHOWN])
    more = f"\n... and {len(rows) - MAX_SHOWN} more" if len(rows) > MAX_SHOWN else ""
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(rows)} value(s) moved beyond the revision tolerance between releases "
            "(rule: revision within the indicator's tolerance, sti/reference/indicators.py); if the new "
            "release really restates them, add `restatement: <reason>` to its sidecar:\n"
            f"{shown}{more}"
        ),
        metadata={"undeclared": len(rows)},
    )
