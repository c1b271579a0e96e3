"""raw.kosis_refresh: the nightly run's first step - fetch the KOSIS releases that are due."""

import datetime as dt

import dagster as dg

from sti.ingest.kosis_refresh import due_tables, refresh
from sti.operations.resources import KosisResource, RawArchiveResource


@dg.asset(key=["raw", "kosis_refresh"], group_name="raw", compute_kind="python")
def kosis_refresh(
    context: dg.AssetExecutionContext, kosis: KosisResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """With KOSIS_API_KEY set: fetch every table the release calendar says has a new release
    (sti/ingest/kosis_refresh.py) and archive it as received. Without it: say so, and run on the archive."""
    root, today = archive.root_path, dt.date.today()
    client = kosis.client()
    if client is None:
        due = [f"{d.spec.table_id} {d.expected}" for d in due_tables(root, today)]
        context.log.info(
            f"{kosis.api_key_env} is not set: running on the archive as it is (due: {due})"
        )
        return dg.MaterializeResult(
            metadata={"mode": f"archive only ({kosis.api_key_env} not set)", "due": due}
        )
    try:
        outcomes = refresh(client, root, today)
    finally:
        client.close()
    for outcome in outcomes:
        log = context.log.info if outcome.archived else context.log.warning
        log(f"{outcome.table_id} to {outcome.end}: {outcome.message}")
    return dg.MaterializeResult(
        metadata={
            "mode": "live KOSIS fetch",
            "archived": sum(o.archived is not None for o in outcomes),
            "outcomes": [f"{o.table_id} {o.end}: {o.message}" for o in outcomes],
        }
    )
