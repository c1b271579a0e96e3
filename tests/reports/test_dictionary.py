"""exports/catalog: the data dictionary, opened in a real headless chromium."""

from pathlib import Path

import pytest

from sti.cli import main
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
