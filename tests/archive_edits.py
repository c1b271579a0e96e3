"""Edits of a private copy of the archive that tests share: a new release of a shipped table."""

from __future__ import annotations

from pathlib import Path

from bench.new_release import new_startups_release
from sti.ingest.provenance import file_sha256, sidecar_path

__all__ = ["new_census_release", "new_release", "new_startups_release"]

GRDP = "kosis/DT_1C91/grdp_DT_1C91_total_all_regions_2014-2024.csv"
DT_1C91 = "kosis/DT_1C91"
CENSUS = "kosis/DT_1K52D01/census_DT_1K52D01_sections_all_regions_2020-2023.csv"


def new_release(root: Path, name: str) -> None:
    """A second release of DT_1C91: the same table with one value revised, its own sidecar."""
    source, target = root / GRDP, root / DT_1C91 / name
    text = source.read_text("utf-8")
    assert ",1640110498," in text
    target.write_text(text.replace(",1640110498,", ",1640110499,", 1), "utf-8")
    side = sidecar_path(source).read_text("utf-8")
    side = side.replace(file_sha256(source), file_sha256(target))
    side = side.replace("retrieved: 2026-09-28", "retrieved: 2026-11-20\nrelease_date: 2026-11-20")
    sidecar_path(target).write_text(side, "utf-8")


def new_census_release(root: Path, name: str, old: str, new: str, released: str) -> Path:
    """A later release of the census table (DT_1K52D01) beside the shipped one: its text with
    `old` replaced by `new`, released on `released` (YYYY-MM-DD), with its own sidecar."""
    source = root / CENSUS
    target = source.with_name(name)
    text = source.read_text("utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), "utf-8")
    side = sidecar_path(source).read_text("utf-8").replace(file_sha256(source), file_sha256(target))
    side = side.replace("retrieved: 2026-09-28", f"retrieved: {released}\nrelease_date: {released}")
    sidecar_path(target).write_text(side, "utf-8")
    return target
