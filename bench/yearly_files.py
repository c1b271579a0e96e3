"""One synthetic microdata file per reference year, each with its provenance sidecar: what the
census and R&D project generators share (bench/census_microdata.py, bench/rnd_projects.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import yaml

_CHUNK_BYTES = 1 << 24  # files of 10M rows are hashed without holding them


def streamed_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_years(
    folder: Path,
    stem: str,
    first_year: int,
    files: int,
    write: Callable[[Path, int], Path],
    sidecar: Callable[[Path, int], dict],
) -> list[Path]:
    """`files` years from `first_year` as `<stem>_<year>.csv` in `folder`: `write(path, year)`
    writes one, `sidecar(path, year)` describes it (YAML beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in range(first_year, first_year + files):
        path = write(folder / f"{stem}_{year}.csv", year)
        path.with_name(path.name + ".yaml").write_text(
            yaml.safe_dump(sidecar(path, year), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        written.append(path)
    return written


def released(year: int, month: int) -> dt.date:
    """The synthetic release date of a reference year: the given month of the next year."""
    return dt.date(year + 1, month, 1)
