"""Files written for people never land on what is published, and never half-written.

`sti sql -o`, `sti extract --out`, `sti catalog --out` and `sti template --out` write where a
user says. The process may run as root, and a published release (mode 0444) is a file like any
other to root: `sti sql -o data/marts/warehouse.duckdb` once turned the release into 4 bytes.
So every such target is resolved (links followed) and refused when it is the published link,
the release it points to, or anything inside the release store or its quarantine; a file is
written beside its target under a temporary name and renamed into place, so a reader never
sees half of it and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sti.warehouse.releases import ReleaseStore


class OutputRefused(ValueError):
    """A target the project will not write to; the message says why."""


def protected_paths(published: Path) -> list[Path]:
    store = ReleaseStore(published)
    return [store.releases_dir.resolve(), store.quarantine_dir.resolve()]


def check_output(target: Path, published: Path) -> Path:
    """`target`, resolved, unless it is or lies inside what is published."""
    resolved = target.resolve()
    link = published.absolute()
    if target.absolute() == link or resolved == published.resolve():
        raise OutputRefused(
            f"refused: {target} is the published warehouse ({link}); write your output elsewhere"
        )
    for folder in protected_paths(published):
        if resolved == folder or folder in resolved.parents:
            raise OutputRefused(
                f"refused: {target} lies in the release store ({folder}), which only a run "
                "writes; write your output elsewhere"
            )
    return resolved


def write_file(target: Path, published: Path, write: Callable[[Path], object]) -> Path:
    """Check `target`, let `write` fill a temporary file beside it, then rename it into place."""
    resolved = check_output(target, published)
    resolved.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=resolved.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, resolved)
    finally:
        temporary.unlink(missing_ok=True)
    return resolved
