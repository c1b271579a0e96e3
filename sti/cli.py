"""`sti`: the command line of the warehouse.

sti run        materialize every asset (with its checks) and publish the warehouse
sti summary    print Daejeon's latest GRDP figures from the published warehouse
sti path       print the published warehouse path
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sti.paths import DEFAULT_WAREHOUSE, WAREHOUSE_ENV_VAR


def warehouse_path() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV_VAR) or DEFAULT_WAREHOUSE)


def _failed_checks(result, severity: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Descriptions of the checks that failed with the given severity (ERROR or WARN)."""
    lines = []
    for event in result.all_events:
        evaluation = event.event_specific_data
        if event.event_type_value != "ASSET_CHECK_EVALUATION" or evaluation.passed:
            continue
        if evaluation.severity.value == severity:
            name = f"{evaluation.check_name} on {evaluation.asset_key.to_user_string()}"
            lines.append(f"check {name}: {evaluation.description}")
    return lines


def _step_failures(result) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            cause = error.cause or error
            lines.append(f"step {event.step_key} failed: {cause.message.strip()}")
    return lines


def run() -> int:
    """Materialize everything into the build copy and publish it; report failures plainly."""
    os.environ.setdefault(WAREHOUSE_ENV_VAR, str(DEFAULT_WAREHOUSE))
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.jobs import EVERYTHING_JOB

    instance = (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )
    job = defs.resolve_job_def(EVERYTHING_JOB)
    quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
    result = job.execute_in_process(run_config=quiet, instance=instance, raise_on_error=False)
    if result.success:
        print(f"published {warehouse_path()} (run {result.run_id})")
        for line in _failed_checks(result, "WARN"):
            print("warning: " + line.splitlines()[0])
        return 0
    print(
        f"run {result.run_id} failed; the published warehouse {warehouse_path()} was left unchanged.",
        file=sys.stderr,
    )
    for line in _step_failures(result) + _failed_checks(result, "ERROR"):
        print(line, file=sys.stderr)
    return 1


def summary() -> int:
    """Daejeon's latest GRDP, share of the national total and real growth."""
    import duckdb

    path = warehouse_path()
    if not path.exists():
        print(f"no warehouse at {path}: run `make run` first", file=sys.stderr)
        return 1
    with duckdb.connect(str(path), read_only=True) as conn:
        row = conn.execute(
            "select year, series, status, grdp_nominal_tn_krw, share_published_pct, share_recomputed_pct,"
            " real_growth_pct, avg_real_growth_pct, average_period"
            " from marts.grdp_summary order by year desc, vintage desc limit 1"
        ).fetchone()
    if row is None:
        print("marts.grdp_summary is empty", file=sys.stderr)
        return 1
    year, series, status, level, share_pub, share_re, growth, avg, period = row
    flag = " (preliminary)" if status == "preliminary" else ""
    print(f"Daejeon (대전) GRDP {year}{flag}, series {series}:")
    print(f"  nominal GRDP        {level:,.1f} trillion KRW (조원)")
    published = "not published" if share_pub is None else f"{share_pub:.2f}% published"
    print(f"  share of national   {share_re:.2f}% recomputed from the levels ({published})")
    print(f"  real growth         {growth:.1f}% (average {avg:.2f}% a year over {period})")
    return 0


def fetch(table: str, end: str) -> int:
    """Fetch a KOSIS table into the raw archive as a new release."""
    import datetime as dt

    from sti.kosis_api import KosisApiError, KosisClient
    from sti.kosis_fetch import fetch_specs, fetch_to_archive
    from sti.paths import RAW_DIR

    specs = fetch_specs()
    if table not in specs:
        print(f"unknown table {table!r}; known: {sorted(specs)}", file=sys.stderr)
        return 2
    try:
        client = KosisClient()
        path = fetch_to_archive(specs[table], client, RAW_DIR, end, dt.date.today())
    except KosisApiError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"archived {path} and its sidecar; `sti run` loads it as a new release")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sti", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="materialize every asset and publish the warehouse")
    sub.add_parser("summary", help="print Daejeon's latest GRDP figures")
    sub.add_parser("path", help="print the published warehouse path")
    fetch_parser = sub.add_parser(
        "fetch", help="fetch a KOSIS table into data/raw (needs KOSIS_API_KEY)"
    )
    fetch_parser.add_argument("table", help="KOSIS table id, e.g. DT_1C91")
    fetch_parser.add_argument(
        "--end", required=True, help="last period to fetch, e.g. 2024 or 202606"
    )
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    if args.command == "summary":
        return summary()
    if args.command == "fetch":
        return fetch(args.table, args.end)
    print(warehouse_path())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
