"""Blocking checks that nothing is lost silently.

- `nothing_silently_lost` (marts.indicator_values): every (source, indicator, region) that the
  published release had is still there (the KPI years: gx_kpi_progress), unless
  `sti/warehouse/withdrawals.yaml` declares its withdrawal. Compared against the release's record, so the
  check never needs to open the published file (which a reader may hold).
- `every_file_loads` (marts.indicator_values): every statistical file of the archive contributes
  at least one row; a sidecar whose mapping matches nothing is an error, not an empty source.
  Staging holds such a file back (sti/ingest/held_back.py); a source with a file held back keeps
  its published table, so its new files load nothing tonight and are not counted here.
"""

import dagster as dg

from sti.ingest.held_back import HELD_BACK_TABLE, create_held_back
from sti.ingest.provenance import STATISTICAL_FORMS
from sti.operations.resources import WarehouseResource
from sti.warehouse.coverage import build_coverage, declared_withdrawals, lost

MAX_SHOWN = 15


def loss_result(kind: str, gone: list[str], release: str) -> dg.AssetCheckResult:
    if not gone:
        return dg.AssetCheckResult(
            passed=True, description=f"every {kind} of release {release} is still present"
        )
    shown = "\n".join(gone[:MAX_SHOWN]) + (
        f"\n... and {len(gone) - MAX_SHOWN} more" if len(gone) > MAX_SHOWN else ""
    )
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(gone)} {kind} of the published release {release} are lost without a declared "
            "withdrawal (check the sidecar of that source: its domain, mapping, or a missing "
            f"file; or declare the withdrawal with a reason in sti/warehouse/withdrawals.yaml):\n{shown}"
        ),
        metadata={"lost": len(gone)},
    )


# (KPI, year) losses are caught by the GX suite on marts.kpi_progress (gx_suites.py).
COVERAGE = "source_indicator_regions"


@dg.asset_check(
    asset=dg.AssetKey(["marts", "indicator_values"]),
    name="nothing_silently_lost",
    blocking=True,
    description="Every (source, indicator, region) of the published release is still present or its withdrawal is declared",
)
def nothing_silently_lost(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    previous = warehouse.previous_release()
    if previous is None or COVERAGE not in previous.coverage:
        return dg.AssetCheckResult(
            passed=True, description="no recorded release to compare with (first publication)"
        )
    with warehouse.get_connection() as conn:
        current = build_coverage(conn, (COVERAGE,))[COVERAGE]
    gone = lost(previous.coverage[COVERAGE], current, declared_withdrawals())
    return loss_result(COVERAGE, gone, previous.name)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "indicator_values"]),
    name="every_file_loads",
    blocking=True,
    description="Every statistical file in the archive contributes rows to marts.indicator_values",
)
def every_file_loads(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        create_held_back(conn)
        empty = conn.execute(
            f"""
            select src.raw_file, src.domain, src.source_id,
            from raw.source_files as src
            where src.form in (select unnest(?))
                and src.duplicate_of is null
                and src.domain not in (select hld.domain from {HELD_BACK_TABLE} as hld where hld.domain is not null)
                and not exists (
                    select 1 from marts.indicator_values as val where val.source_file = src.raw_file
                )
            order by src.raw_file
            """,
            [list(STATISTICAL_FORMS)],
        ).fetchall()
    if not empty:
        return dg.AssetCheckResult(passed=True, description="every statistical file loads rows")
    lines = [
        f"file {raw_file}: its sidecar (domain {domain!r}, source {source}) loads 0 observations "
        "from a non-empty file; check the sidecar's domain and mapping"
        for raw_file, domain, source in empty
    ]
    return dg.AssetCheckResult(
        passed=False, severity=dg.AssetCheckSeverity.ERROR, description="\n".join(lines)
    )
