"""Edits of a private copy of the archive that tests share: a new release of a shipped table."""

from __future__ import annotations

from pathlib import Path

from sti.ingest.provenance import file_sha256, sidecar_path

GRDP = "kosis/DT_1C91/grdp_DT_1C91_total_all_regions_2014-2024.csv"
DT_1C91 = "kosis/DT_1C91"


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
