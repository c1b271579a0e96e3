"""The exports that print (evaluation drafts) or write many files (the site) are not redone
when what they show is unchanged, counted from the Dagster events of a real run: a full
rebuild of the same archive (as after a code change elsewhere) publishes a new release, and
the drafts and the site built from the previous one stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from sti.paths import RAW_DIR
from tests.conftest import Pipeline

pytestmark = pytest.mark.xdist_group("evaluation_packages")


def test_a_full_rebuild_reprints_no_draft_and_keeps_the_site(
    baseline: Pipeline, tmp_path: Path
) -> None:
    night = Pipeline(RAW_DIR, tmp_path / "marts" / "warehouse.duckdb").start_from(baseline)
    extracts, site = night.warehouse.parent / "extracts", night.warehouse.parent / "site"
    pdfs = {p: p.stat().st_mtime_ns for p in extracts.glob("*_draft/report.pdf")}
    pages = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    assert len(pdfs) == 3 and len(pages) > 100

    result = night.run(exports=True)
    assert result.success
    events = {
        e.asset_key.to_user_string(): e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key is not None
    }
    assert "published_warehouse" in events  # a new release was published
    drafts = events["exports/evaluation_drafts"]
    assert drafts["printed"].value == []
    assert sorted(drafts["kept"].value) == sorted(p.parent.name for p in pdfs)
    assert events["exports/site"]["changed"].value is False
    assert {p: p.stat().st_mtime_ns for p in extracts.glob("*_draft/report.pdf")} == pdfs
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == pages
