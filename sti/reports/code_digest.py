"""Which code printed a file: a draft package or a site printed by other code is stale."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from sti.paths import PROJECT_ROOT
from sti.warehouse.releases import environment_lock


@functools.cache
def printing_code(*paths: Path) -> str:
    """sha256 of the code (files, or the .py and .sql files under folders) that turns rows into
    files, and of the environment it runs in: a draft or site printed by other code is stale."""
    digest = hashlib.sha256(environment_lock().encode())
    for given in paths:
        files = sorted(given.rglob("*")) if given.is_dir() else [given]
        for path in (f for f in files if f.is_file() and f.suffix in (".py", ".sql")):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
