"""Where the project's files live. Paths are derived from the repository, never from the cwd."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
MARTS_DIR = PROJECT_ROOT / "data" / "marts"
SQL_DIR = PROJECT_ROOT / "sql"
DEFAULT_WAREHOUSE = MARTS_DIR / "warehouse.duckdb"
# The environment variable that overrides DEFAULT_WAREHOUSE (read by the resource via EnvVar).
WAREHOUSE_ENV_VAR = "STI_WAREHOUSE"


def published_warehouse_path() -> Path:
    """The published warehouse: $STI_WAREHOUSE, else data/marts/warehouse.duckdb."""
    return Path(os.environ.get(WAREHOUSE_ENV_VAR) or DEFAULT_WAREHOUSE)


def relative_to_raw(path: Path, root: Path = RAW_DIR) -> str:
    """The path as stored in provenance columns: relative to the archive root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
