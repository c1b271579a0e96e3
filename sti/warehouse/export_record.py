"""Which release each export (Parquet files, catalogue, evaluation drafts) was last written from.

Exports run after the release is published. When one fails, the release is already complete and
its recorded fingerprints say every asset is current, so a plan on unchanged inputs would never
write that export again: evaluators would keep last night's files. Each export therefore records,
on success, the release it was written from and where its files are (`exports.json` beside the
warehouse); the next plan rebuilds every export whose record names another release or whose
files are gone.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

RECORD_NAME = "exports.json"
EXPORT_PREFIX = "exports/"  # asset keys of the exports (assets/exports/)


def record_path(warehouse: Path) -> Path:
    return warehouse.parent / RECORD_NAME


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def record_export(warehouse: Path, asset_key: str, release: str, output: Path) -> None:
    """Note that `asset_key` wrote `output` from `release` (replaced atomically)."""
    path = record_path(warehouse)
    record = _read(path) | {asset_key: {"release": release, "output": str(output)}}
    tmp = path.with_name(f".{RECORD_NAME}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def stale_exports(warehouse: Path, release: str, asset_keys: Iterable[str]) -> set[str]:
    """The exports among `asset_keys` not written from `release`, or whose files are gone."""
    record = _read(record_path(warehouse))
    stale = set()
    for key in (k for k in asset_keys if k.startswith(EXPORT_PREFIX)):
        entry = record.get(key) or {}
        if entry.get("release") != release or not Path(entry.get("output", "")).exists():
            stale.add(key)
    return stale
