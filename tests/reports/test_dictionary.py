"""exports/catalog: the data dictionary, opened in a real headless chromium."""

import json
import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import defs
from pipelines.jobs import EVERYTHING_JOB
from pipelines.run_in_process import run_config
from sti.cli import main
from sti.reports.dictionary import build_catalog
from sti.reports.documents import to_markdown
from tests.browser_checks import MIN_INK_SHARE, broken_links, glyphs_differ, ink_share
from tests.conftest import Pipeline


@pytest.fixture(scope="module")
def catalog(baseline: Pipeline) -> Path:
    return baseline.warehouse.parent / "catalog"


def test_the_nightly_run_writes_markdown_and_html(catalog: Path) -> None:
    markdown = (catalog / "catalog.md").read_text(encoding="utf-8")
    # every table with its grain, every KPI with its document line
    assert "## marts.region_comparison" in markdown.replace("### ", "## ")
    assert "one KPI and plan year" in markdown
    assert "| tech_establishments | 기술기반 사업체 수 증가 |" in markdown
    assert "rank_among_sido" in markdown


def test_the_html_renders_in_chromium_without_broken_links(catalog: Path, tmp_path: Path) -> None:
    from sti.reports.browser import screenshot

    html = catalog / "catalog.html"
    assert broken_links(html) == []
    shot = screenshot(html, tmp_path / "catalog.png")
    assert ink_share(shot) > MIN_INK_SHARE


def test_korean_renders_as_real_glyphs(catalog: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(catalog / "fonts", tmp_path / "fonts")
    assert glyphs_differ(tmp_path)


def test_the_glyph_check_catches_text_drawn_as_boxes(catalog: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(catalog / "fonts", tmp_path / "fonts")
    # private-use code points have a glyph in no font: every one is drawn as the same box
    assert not glyphs_differ(tmp_path, "\ue000\ue000\ue000\ue000", "\ue001\ue002\ue003\ue004")


def test_sti_catalog_writes_to_a_chosen_folder(
    baseline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STI_WAREHOUSE", str(baseline.warehouse))
    assert main(["catalog", "--out", str(tmp_path / "dictionary")]) == 0
    assert (tmp_path / "dictionary" / "catalog.html").exists()


def test_every_table_s_row_count_is_its_count_in_the_release(
    catalog: Path, baseline: Pipeline
) -> None:
    """The nightly catalog takes its counts from the Parquet manifest of the same release
    (sti/warehouse/parquet_export.py, exported_rows): they must be the release's counts."""
    markdown = (catalog / "catalog.md").read_text(encoding="utf-8")
    stated = dict(re.findall(r"## (\w+\.\w+)\n.*?Rows in this release: ([\d,]+)\.", markdown, re.S))
    assert len(stated) > 40
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        for table, rows in stated.items():
            count = conn.execute(f"select count(*) from {table}").fetchone()
            assert count is not None and int(rows.replace(",", "")) == count[0], table


def test_rows_already_counted_are_not_counted_again(baseline: Pipeline) -> None:
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        text = to_markdown(build_catalog(conn, "x", {"marts.dim_region": 123_456}))
    assert "Rows in this release: 123,456." in _section(text, "marts.dim_region")


def test_the_nightly_catalog_takes_the_parquet_manifest_s_counts(
    baseline: Pipeline, tmp_path: Path
) -> None:
    """exports/catalog reads the counts of the Parquet export of its release (a count doctored
    in the manifest shows), so a view is not computed a second time to count it."""
    copy = Pipeline(baseline.archive, tmp_path / "marts" / "warehouse.duckdb").start_from(baseline)
    manifest_path = copy.warehouse.parent / "parquet" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["tables"]:
        if entry["table"] == "marts.dim_region":
            entry["rows"] = 999_999
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = defs.resolve_job_def(EVERYTHING_JOB).execute_in_process(
        run_config=run_config(copy.warehouse, copy.archive, log_level="WARNING"),
        instance=dg.DagsterInstance.ephemeral(),
        asset_selection=[dg.AssetKey(["exports", "catalog"])],
    )
    assert result.success
    markdown = (copy.warehouse.parent / "catalog" / "catalog.md").read_text(encoding="utf-8")
    assert "Rows in this release: 999,999." in _section(markdown, "marts.dim_region")


def _section(markdown: str, table: str) -> str:
    """The catalogue's section of one table."""
    return markdown.split(f"### {table}\n", 1)[1].split("\n### ", 1)[0]
