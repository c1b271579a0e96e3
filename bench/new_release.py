"""A later release of a shipped table beside the shipped one (bench's incremental night, and the
tests that count what such a night rebuilds)."""

from __future__ import annotations

from pathlib import Path

from sti.ingest.provenance import file_sha256, sidecar_path

STARTUPS = "kosis/DT_142N_G205/startups_DT_142N_G205_all_regions_2026H1_excerpt.csv"
# the national January 2026 total of the shipped excerpt, revised by one in the new release
REVISED_CELL = "202601,전체,합계,소계,,,105097,개"


def new_startups_release(root: Path, name: str, released: str = "2026-11-20") -> Path:
    """A later release of the startups table (DT_142N_G205) beside the shipped one: the
    national January 2026 total revised by one, released on `released`, with its own sidecar."""
    source = root / STARTUPS
    target = source.with_name(name)
    text = source.read_text("utf-8")
    assert REVISED_CELL in text
    target.write_text(
        text.replace(REVISED_CELL, REVISED_CELL.replace("105097", "105098"), 1), "utf-8"
    )
    side = sidecar_path(source).read_text("utf-8").replace(file_sha256(source), file_sha256(target))
    side = side.replace("retrieved: 2026-09-28", f"retrieved: {released}\nrelease_date: {released}")
    sidecar_path(target).write_text(side, "utf-8")
    return target
