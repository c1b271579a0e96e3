"""Files held back: one bad received file waits, the night goes on.

A file that breaks a rule where it is checked (its sidecar, its reading, its release's cell
counts, the staging model, the revision tolerance, a department report's rules) is *held
back*: the source it belongs to keeps the tables the published release holds, every other
source is built from what is new, and `checks.held_back` says which file, row, column and rule,
found by which step, since which night. The file stays in the archive as received; once it is
fixed or replaced, the next night takes it.

Each step that holds files back owns its rows of `checks.held_back` (the `found_by` column):
it replaces them, and only them, each time it runs, so a step left out of a partial night keeps
what it found the night before.

Which files may be held back alone: those of the statistical sources (each a staging table of
its own) and the departments' reports (each file its own). A broken file of the plan's own
transcriptions (structure, targets, budget) or of the reference lists stops the night: every
KPI, region and industry hangs on them, so nothing could be published without a mix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from sti.db.warehouse_tables import append_frame, attach_read_only, has_table, replace_table
from sti.errors import InputProblem
from sti.ingest.provenance import OBSERVATION_DOMAINS, PER_FILE_DOMAINS

HELD_BACK_TABLE = "checks.held_back"
HELD_BACK_SCHEMA: dict[str, Any] = {
    "source_id": pl.String,
    "domain": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
    "column_name": pl.String,
    "rule": pl.String,
    "found_by": pl.String,
    "held_since": pl.Date,
}
# Domains whose files can wait alone (module docstring): the rest stop the night.
ISOLATED_DOMAINS = (*OBSERVATION_DOMAINS, "department_reports", "press_reports")
_PREVIOUS = "held_back_previous"


def can_hold(domain: str | None) -> bool:
    """A file of no known domain (no readable sidecar, no sibling to tell) feeds no table yet,
    so holding it back changes nothing else."""
    return domain is None or domain in ISOLATED_DOMAINS


def rule_text(problem: InputProblem, file: str) -> str:
    """The rule as a person reads it, with the value found and, when the problem lies in
    another file (a row repeating an earlier report's), that file."""
    text = problem.rule if problem.file == file else f"file {problem.file}: {problem.rule}"
    if problem.sheet is not None:
        text = f"sheet {problem.sheet!r}: {text}"
    return text if problem.value is None else f"{text} (found {problem.value!r})"


def held_rows(
    problems: Iterable[InputProblem],
    file: str,
    source_id: str | None,
    domain: str | None,
    found_by: str,
) -> list[dict[str, Any]]:
    """checks.held_back rows (without held_since) for the problems of one file."""
    return [
        {
            "source_id": source_id,
            "domain": domain,
            "source_file": file,
            "source_row": problem.row,
            "column_name": problem.column,
            "rule": rule_text(problem, file),
            "found_by": found_by,
        }
        for problem in problems
    ]


def held_before(
    conn: duckdb.DuckDBPyConnection, release: Path | None
) -> dict[tuple[str, str], dt.date]:
    """(file, rule) -> the night it was first held back, from the release this run replaces."""
    if release is None or not release.exists():
        return {}
    attach_read_only(conn, str(release), _PREVIOUS)
    try:
        if not has_table(conn, HELD_BACK_TABLE, _PREVIOUS):
            return {}
        rows = conn.execute(
            f"select source_file, rule, min(held_since) from {_PREVIOUS}.{HELD_BACK_TABLE} "
            "group by all"
        ).fetchall()
    finally:
        conn.execute(f"detach {_PREVIOUS}")
    return {(file, rule): since for file, rule, since in rows}


def published_sources(
    conn: duckdb.DuckDBPyConnection, release: Path | None, files: list[str]
) -> dict[str, tuple[str, str]]:
    """file -> (source_id, domain) as the release this run replaces registered it: what a file
    whose sidecar can no longer be read (or names no valid domain) fed until now."""
    if release is None or not release.exists() or not files:
        return {}
    attach_read_only(conn, str(release), _PREVIOUS)
    try:
        if not has_table(conn, "raw.source_files", _PREVIOUS):
            return {}
        rows = conn.execute(
            f"select raw_file, source_id, domain from {_PREVIOUS}.raw.source_files "
            "where raw_file in (select unnest(?))",
            [files],
        ).fetchall()
    finally:
        conn.execute(f"detach {_PREVIOUS}")
    return {file: (source, domain) for file, source, domain in rows}


def published_releases(
    conn: duckdb.DuckDBPyConnection, release: Path | None
) -> tuple[set[str], dict[str, tuple[dt.date, str]]]:
    """The files the release this run replaces registered, and each source's newest release
    there (vintage, file); department reports and review decisions left out (each file is its
    own release)."""
    if release is None or not release.exists():
        return set(), {}
    attach_read_only(conn, str(release), _PREVIOUS)
    try:
        if not has_table(conn, "raw.source_files", _PREVIOUS):
            return set(), {}
        files = conn.execute(f"select raw_file from {_PREVIOUS}.raw.source_files").fetchall()
        newest = conn.execute(
            f"select source_id, arg_max(vintage, vintage), arg_max(raw_file, vintage) "
            f"from {_PREVIOUS}.raw.source_files "
            "where domain not in (select unnest(?)) group by source_id",
            [list(PER_FILE_DOMAINS)],
        ).fetchall()
    finally:
        conn.execute(f"detach {_PREVIOUS}")
    return {f for (f,) in files}, {source: (vintage, file) for source, vintage, file in newest}


def dated(
    rows: list[dict[str, Any]], since: dict[tuple[str, str], dt.date], today: dt.date
) -> pl.DataFrame:
    """The rows with the night each was first held (today for a new one)."""
    for row in rows:
        row["held_since"] = since.get((row["source_file"], row["rule"]), today)
    return pl.DataFrame(rows, schema=HELD_BACK_SCHEMA)


def create_held_back(conn: duckdb.DuckDBPyConnection) -> None:
    if not has_table(conn, HELD_BACK_TABLE):
        replace_table(conn, HELD_BACK_TABLE, pl.DataFrame(schema=HELD_BACK_SCHEMA))


def write_held_back(conn: duckdb.DuckDBPyConnection, found_by: str, frame: pl.DataFrame) -> None:
    """Replace the rows `found_by` wrote the last time it ran with `frame`."""
    create_held_back(conn)
    conn.execute(f"delete from {HELD_BACK_TABLE} where found_by = ?", [found_by])
    if not frame.is_empty():
        append_frame(conn, HELD_BACK_TABLE, frame.select(list(HELD_BACK_SCHEMA)))


def held_files(conn: duckdb.DuckDBPyConnection, domain: str, not_found_by: str) -> dict[str, str]:
    """The files of `domain` held back so far tonight by steps other than `not_found_by` ->
    the first rule each broke."""
    create_held_back(conn)
    rows = conn.execute(
        f"select source_file, min(rule) from {HELD_BACK_TABLE} "
        "where domain = ? and found_by <> ? group by all",
        [domain, not_found_by],
    ).fetchall()
    return dict(rows)
