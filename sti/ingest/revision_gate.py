"""Values that moved too far between two releases of one source (sql/checks/revisions*.sql).

A new release that changes a number by more than its indicator's tolerance, or by a power of
ten, is far more often a mistake (a unit change, a number cut short, the wrong file) than a
revision. The rule runs once per value: on each observation staging table before it is accepted
(so that the newer file of a move beyond tolerance is held back alone, sti/ingest/held_back.py),
which keeps what it found beside the table (`staging.<domain>_revisions`); checks.revisions
gathers those and runs the rule only over the values no staging gate sees (approved department
reports, press figures). A night that stages one domain computes one domain's revisions, not
every value's. A sidecar that declares `restatement: <reason>` lets its release through, and its
rows stay listed with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

from sti.db.sql_files import load_sql
from sti.db.warehouse_tables import checked_table, has_table, run_sql_table
from sti.errors import InputProblem
from sti.ingest.provenance import OBSERVATION_DOMAINS
from sti.reference.indicators import catalogue

# log10 distance from a whole power of ten within which a move is called a unit factor
# (x1000 +- 5 %: a ratio of 950-1050 reads as 천원 for 백만원).
UNIT_FACTOR_SLACK = 0.021
BEYOND_TABLE = "_revisions_beyond"  # the temp table sql/checks/revisions.sql reads
VALUES_VIEW = "_revision_values"
TOLERANCES_VIEW = "_revision_tolerances"
REVISIONS_TABLE = "checks.revisions"
UNGATED_TABLE = "_revisions_ungated"
GATED_TABLE = "_revisions_gated_domains"
_COLUMNS = (
    "source_id, indicator_id, region_id, period, previous_file, previous_value, source_file, "
    "source_row, source_column, value, unit_factor"
)


def revision_rule(row: tuple) -> str:
    """One undeclared move in words (the columns of _COLUMNS)."""
    (source, indicator, region, period, prev_file, prev, _, _, _, value, factor) = row
    factor_text = (
        f"; a factor of {factor:g}: likely a change of unit or a number cut short" if factor else ""
    )
    return (
        f"{indicator} {region} {period} is {value:g} where the previous release of {source} "
        f"({prev_file}) has {prev:g}{factor_text}"
    )


def catalogue_tolerances() -> pl.DataFrame:
    """The indicator catalogue's tolerances, as marts.dim_indicator holds them."""
    return pl.DataFrame(
        [(i.indicator_id, i.revision_relative, i.revision_absolute) for i in catalogue().values()],
        schema={
            "indicator_id": pl.String,
            "revision_relative": pl.Float64,
            "revision_absolute": pl.Float64,
        },
        orient="row",
    )


@contextmanager
def _compared(conn: duckdb.DuckDBPyConnection, values: str, tolerances: str) -> Iterator[None]:
    """The temp views the SQL reads, over `values` and `tolerances` (relations), and the values
    beyond tolerance in the temp table BEYOND_TABLE, for the length of the block."""
    conn.execute(f"create or replace temp view {VALUES_VIEW} as select * from {values}")
    conn.execute(f"create or replace temp view {TOLERANCES_VIEW} as select * from {tolerances}")
    try:
        conn.execute(
            f"create or replace temp table {BEYOND_TABLE} as "
            + load_sql("checks", "revisions_beyond"),
            {"factor_slack": UNIT_FACTOR_SLACK},
        )
        yield
    finally:
        conn.execute(f"drop table if exists {BEYOND_TABLE}")
        conn.execute(f"drop view if exists {VALUES_VIEW}")
        conn.execute(f"drop view if exists {TOLERANCES_VIEW}")


def revisions_table(table: str) -> str:
    """Where the gate of a staging table keeps the revisions it found: staging.grdp ->
    staging.grdp_revisions."""
    return checked_table(f"{checked_table(table)}_revisions")


def _gated(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """The observation domains whose staging gate kept its revisions."""
    return [
        domain
        for domain in OBSERVATION_DOMAINS
        if has_table(conn, revisions_table(f"staging.{domain}"))
    ]


def build_revisions(conn: duckdb.DuckDBPyConnection) -> int:
    """checks.revisions: what each staging gate found, and the rule over the values of the
    sources no gate stages (marts.indicator_values minus the gated domains' sources, known from
    raw.source_files); the table's row count."""
    gated = _gated(conn)
    conn.execute(
        f"create or replace temp table {GATED_TABLE} as select unnest(?::varchar[]) as domain",
        [gated],
    )
    ungated = "marts.indicator_values"  # no gate kept anything: the rule over every value
    if gated:
        ungated = (
            "(select * from marts.indicator_values where source_id not in (select fil.source_id"
            f" from raw.source_files as fil inner join {GATED_TABLE} as gat"
            " on gat.domain = fil.domain))"
        )
    with _compared(conn, ungated, "marts.dim_indicator"):
        conn.execute(
            f"create or replace temp table {UNGATED_TABLE} as " + load_sql("checks", "revisions")
        )
    try:
        parts = [f"select * from {revisions_table(f'staging.{d}')}" for d in gated]
        union = " union all by name ".join([*parts, f"select * from {UNGATED_TABLE}"])
        return run_sql_table(
            conn,
            REVISIONS_TABLE,
            f"select * from ({union}) "
            "order by source_id, indicator_id, region_id, period, vintage, industry_code",
        )
    finally:
        conn.execute(f"drop table if exists {UNGATED_TABLE}")
        conn.execute(f"drop table if exists {GATED_TABLE}")


def undeclared_revisions(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """checks.revisions' rows no restatement declares (the columns of _COLUMNS)."""
    return conn.execute(
        f"select {_COLUMNS} from {REVISIONS_TABLE} where restatement is null "
        "order by source_file, source_row"
    ).fetchall()


def staged_revisions(conn: duckdb.DuckDBPyConnection, table: str) -> list[InputProblem]:
    """The moves beyond tolerance between releases held in one staging table, kept beside it
    (`revisions_table`) for checks.revisions; those no restatement declares are returned, each
    blamed on the newer release's file, row and column."""
    table = checked_table(table)
    kept = revisions_table(table)
    conn.register("_tolerance_frame", catalogue_tolerances())
    try:
        with _compared(conn, f"(select * exclude (problem) from {table})", "_tolerance_frame"):
            run_sql_table(conn, kept, load_sql("checks", "revisions"))
    finally:
        conn.unregister("_tolerance_frame")
    rows = conn.execute(
        f"select {_COLUMNS} from {kept} where restatement is null order by source_file, source_row"
    ).fetchall()
    return [
        InputProblem(
            row[6],
            "moved beyond the indicator's tolerance (rule: revision within the indicator's "
            f"tolerance): {revision_rule(row)}; if the release really restates it, add "
            "`restatement: <reason>` to its sidecar",
            row=row[7],
            column=row[8],
        )
        for row in rows
    ]
