"""checks.consistency and checks.findings: published figures against their recomputation.

Non-blocking: an inconsistency in a source is a finding to report, not a reason to withhold the
warehouse. The evaluation extract lists checks.findings.
"""

import dagster as dg

from assets.table_metadata import table_metadata
from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import run_sql_table
from sti.operations.resources import WarehouseResource

KEY = dg.AssetKey(["checks", "consistency"])
MAX_FINDINGS_IN_DESCRIPTION = 20


@dg.asset(
    key=KEY,
    deps=[
        ["marts", "indicator_values"],
        ["marts", "grdp_summary"],
        ["marts", "dim_industry"],
        ["marts", "dim_region"],
        ["marts", "startups"],
        ["staging", "press_figures"],
    ],
    group_name="checks",
    compute_kind="duckdb",
)
def consistency(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every recomputable published figure (rules R01-R17 in sql/checks/consistency_as_of.sql)."""
    with warehouse.get_connection() as conn:
        conn.execute("create schema if not exists checks")
        conn.execute(load_sql("checks", "consistency_as_of"))
        rows = run_sql_table(conn, "checks.consistency", load_sql("checks", "consistency"))
        findings = run_sql_table(
            conn,
            "checks.findings",
            "select cns.* exclude (consistent), 'warning' as severity from checks.consistency as cns where not cns.consistent",
        )
        shown = table_metadata(conn, "checks.consistency")
    return dg.MaterializeResult(metadata={**shown, "comparisons": rows, "findings": findings})


@dg.asset_check(
    asset=KEY,
    name="sources_are_consistent",
    blocking=False,
    description="Warns with each published figure that its own recomputation contradicts",
)
def sources_are_consistent(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.execute(
            "select rule_id, rule, region_id, period, published_value, recomputed_value, tolerance, source_id"
            " from checks.findings order by rule_id, region_id, period"
        ).fetchall()
        total = conn.execute("select count(*) from checks.consistency").fetchone()
    lines = [
        f"{rule_id} {region} {period}: published {pub} vs recomputed {re_:.4f} (tolerance {tol}) - {rule} [{source}]"
        for rule_id, rule, region, period, pub, re_, tol, source in rows
    ]
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(rows)} of {total[0] if total else 0} published figures disagree with their recomputation "
            "(listed in checks.findings):\n" + "\n".join(lines[:MAX_FINDINGS_IN_DESCRIPTION])
        )
        if rows
        else "every recomputable published figure agrees with its recomputation",
        metadata={"findings": len(rows), "comparisons": total[0] if total else 0},
    )
