"""Load DuckDB SQL by table name from `sql/<layer>/<table>.sql`.

SQL is kept in files (one per table) so analysts can read and run the exact statement that
built a table; values are always passed as bound parameters, never pasted into the text.
"""

from __future__ import annotations

from functools import cache

from sti.paths import SQL_DIR


@cache
def load_sql(layer: str, table: str) -> str:
    """Return the SQL text that builds `layer.table`."""
    path = SQL_DIR / layer / f"{table}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"no SQL file for {layer}.{table}: expected {path}")
    return path.read_text(encoding="utf-8")
