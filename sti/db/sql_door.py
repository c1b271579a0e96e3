"""The read-only door to the published warehouse: `sti sql` and the documented connection.

`connect_read_only` opens the published release with `read_only=True` (no writes, no DDL) and
`enable_external_access=false` (no `copy … to`, `attach`, `install`, `load`, `export`, and no
reading or writing of other files), with the configuration locked so that a statement cannot
turn either back on (shared/notes/stack.md §4.1). DuckDB refuses what this forbids; `explain_refusal`
turns its error into a sentence an analyst can act on.

What DuckDB cannot prevent: anyone may open the file with another client in read-write mode.
Releases are published read-only (mode 0444), their checksums are recorded, `sti verify`
detects a changed release and `sti restore` switches back to an intact one (sti/warehouse/releases.py).

The door imports DuckDB's engine, the extension module `_duckdb`, not the `duckdb` package: an
analyst's first query is a new process, and `import duckdb` took 130-220 ms of it where
`_duckdb` takes 45-90 (measured 2026-12-07, `python -X importtime`): the package's `__init__`
also asks `importlib.metadata` for its own version (55 ms: it imports email, zipfile, socket)
and builds DB-API type objects. The package re-exports the engine's classes unchanged
(`duckdb.DuckDBPyConnection is _duckdb.DuckDBPyConnection`; tests/db/test_sql_door_imports.py
holds that and that `sti sql` never imports the package).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import _duckdb as duckdb

from sti.db.spreadsheet_text import CsvRows

READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}
FORMATS = ("table", "csv", "json", "parquet")

_REFUSALS = (
    (
        re.compile(r"read-only mode", re.I),
        "refused: the warehouse is opened read-only; writes (insert, update, delete, create, "
        "drop, alter) are not possible through this door. Build new tables in your own DuckDB "
        'file, e.g. `sti sql --format parquet -o my.parquet "select …"`, then work on that.',
    ),
    (
        re.compile(
            r"file system operations are disabled|external .* disabled|Loading external", re.I
        ),
        "refused: external access is disabled; `copy … to`, `export`, `attach`, `install`, `load` "
        "and reading other files are not possible through this door. Export results with "
        '`sti sql --format csv|json|parquet -o FILE "select …"`.',
    ),
    (
        re.compile(r"configuration has been locked", re.I),
        "refused: settings are locked on the read-only door (external access stays disabled).",
    ),
)


# What DuckDB raises, for callers of the door that do not import the package (see above).
DuckDBError = duckdb.Error


class RefusedStatement(RuntimeError):
    """A statement the read-only door does not run; the message says why and what to do."""


def connect_read_only(
    path: Path,
    memory_limit: str | None = None,
    locked: bool = True,
    writes_to: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """The published release, read-only. `memory_limit` caps DuckDB inside a pipeline run (the
    exports read national-scale tables in the same process as the run); an analyst's session
    keeps DuckDB's default. `locked=False` leaves the configuration open, for the pipeline's own
    code that resets the memory limit to empty DuckDB's cache (sti/db/duckdb_cache.py).
    `writes_to`: the one folder the connection may read and write files in (the Parquet export
    writes with DuckDB's COPY); every other file stays out of reach."""
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}: run `make run` first")
    config: dict[str, str | bool | int | float | list[str]] = dict(READ_ONLY_CONFIG)
    config["lock_configuration"] = locked
    if memory_limit:
        config["memory_limit"] = memory_limit
    if writes_to is None:
        return duckdb.connect(str(path), read_only=True, config=config)
    # DuckDB takes the allowed folders only once it has started, and only while external
    # access is on: set them, then turn it off, then lock.
    opening = {k: v for k, v in config.items() if k not in READ_ONLY_CONFIG}
    conn = duckdb.connect(str(path), read_only=True, config=opening)
    folder = (str(writes_to.resolve()) + os.sep).replace("'", "''")  # SET takes no parameter
    conn.execute(f"set allowed_directories = ['{folder}']")
    conn.execute("set enable_external_access = false")
    if locked:
        conn.execute("set lock_configuration = true")
    return conn


def explain_refusal(error: duckdb.Error) -> str | None:
    text = str(error)
    for pattern, message in _REFUSALS:
        if pattern.search(text):
            return f"{message}\n(DuckDB: {text.splitlines()[0]})"
    return None


def refusal_of(error: duckdb.Error) -> str:
    """Any DuckDB error on the door as its one `refused:` line (the known refusals explained)."""
    known = explain_refusal(error)
    if known:
        return known
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"refused: DuckDB could not run the statement: {first}"


def run_query(conn: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run one or more statements; the result of the last one (None when it returns nothing)."""
    try:
        return conn.sql(sql)
    except duckdb.Error as error:
        refusal = explain_refusal(error)
        if refusal:
            raise RefusedStatement(refusal) from None
        raise


def render(relation: duckdb.DuckDBPyRelation, fmt: str, max_rows: int | None = None) -> str:
    """The result as text: a table, CSV (with header) or JSON (one object per row). A table
    shows DuckDB's first and last rows of a long result (saying how many it shows) unless
    `max_rows` says how many (0: every row); CSV and JSON always hold every row."""
    if fmt == "table":
        if max_rows is None:
            return str(relation)  # DuckDB's box rendering: 20 of a long result, and says so
        shown = io.StringIO()
        with contextlib.redirect_stdout(shown):  # DuckDB prints the box through Python's print
            relation.show(max_rows=max_rows or max(len(relation), 1))
        return shown.getvalue()
    rows = relation.fetchall()
    names = relation.columns
    if fmt == "csv":  # text Excel would run is made inert (sti/db/spreadsheet_text.py)
        return "".join(CsvRows().lines([names, *rows]))
    if fmt == "json":
        records = [dict(zip(names, row, strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, default=str, indent=1) + "\n"
    raise ValueError(f"format {fmt!r} is not a text format; use one of {FORMATS}")


def column_descriptions(
    conn: duckdb.DuckDBPyConnection, names: list[str], query: str = ""
) -> dict[str, str]:
    """A result column's description: the warehouse's comment on the columns of that name in
    the tables the query reads, else in any table, when they all say the same thing (every
    column is commented, sti/warehouse/table_docs.yaml). A name that means two things there,
    or a computed column, gets none rather than a wrong one."""
    try:
        tables = sorted(duckdb.get_table_names(query)) if query else []
    except duckdb.Error:
        tables = []
    found: dict[str, str] = {}
    for scope in (tables, None):
        if scope == []:
            continue
        rows = conn.execute(
            "select column_name, list(distinct comment) from duckdb_columns() "
            "where database_name = current_database() and comment is not null "
            "and column_name in (select unnest(?::varchar[])) "
            "and (?::varchar[] is null or table_name in (select unnest(?::varchar[]))) "
            "group by column_name",
            [[n for n in names if n not in found], scope, scope],
        ).fetchall()
        found |= {name: comments[0] for name, comments in rows if len(comments) == 1}
    return found


def write_parquet(
    relation: duckdb.DuckDBPyRelation,
    out: Path,
    descriptions: dict[str, str] | None = None,
    query: str | None = None,
) -> int:
    """Write the result to a Parquet file from Python (the connection itself cannot write),
    each field described as in the nightly export (field metadata `description`) and the file
    with the query that made it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table: Any = relation.to_arrow_table()
    known = descriptions or {}
    fields = [f.with_metadata({"description": known.get(f.name, "")}) for f in table.schema]
    metadata = {"query": query} if query else {}
    table = table.cast(pa.schema(fields, metadata=metadata))
    pq.write_table(table, out)
    return int(table.num_rows)
