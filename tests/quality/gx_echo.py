"""An evaluator for the GX process that echoes what it receives (tests only)."""

from __future__ import annotations

from typing import Any


def echo(name: str, rows: Any, arguments: tuple[Any, ...]) -> tuple[str, int, tuple[Any, ...]]:
    return name, rows.num_rows, arguments
