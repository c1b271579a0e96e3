"""One chromium printing several pages over its DevTools pipe (sti/reports/browser.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypdfium2
import pytest

from sti.reports.browser import Browser, BrowserMissingError, stable_node_ids

STATUS_FILL = (255, 217, 102)  # a table cell's status colour, like the report's


def _page(folder: Path, name: str, text: str) -> Path:
    fill = "#" + "".join(f"{c:02x}" for c in STATUS_FILL)
    html = folder / f"{name}.html"
    html.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>@page {{ size: A5 }}"
        f"td {{ background: {fill}; width: 300px; height: 200px }}</style></head>"
        f"<body><h1>{text}</h1><table><tr><td></td></tr></table></body></html>",
        encoding="utf-8",
    )
    return html


def _text_and_width(pdf: Path) -> tuple[str, float]:
    document = pypdfium2.PdfDocument(str(pdf))
    return document[0].get_textpage().get_text_range(), document[0].get_width()


def test_one_browser_prints_each_page_to_its_own_pdf(tmp_path: Path) -> None:
    with Browser() as browser:
        for name, text in (("first", "Daejeon first page"), ("second", "Second page")):
            browser.print_pdf(_page(tmp_path, name, text), tmp_path / f"{name}.pdf")
    first, width = _text_and_width(tmp_path / "first.pdf")
    assert "Daejeon first page" in first
    assert "Second page" in _text_and_width(tmp_path / "second.pdf")[0]
    assert width == pytest.approx(148 / 25.4 * 72, abs=1)  # A5 from the page's @page rule
    page = pypdfium2.PdfDocument(str(tmp_path / "first.pdf"))[0].render(scale=1).to_pil()
    assert STATUS_FILL in {colour for _, colour in page.convert("RGB").getcolors(1 << 20)}


def test_a_browser_that_died_is_reported_not_waited_for(tmp_path: Path) -> None:
    browser = Browser(timeout=30)
    try:
        browser._process.kill()
        browser._process.wait()
        with pytest.raises(RuntimeError, match="chromium exited"):
            browser.print_pdf(_page(tmp_path, "page", "text"), tmp_path / "page.pdf")
    finally:
        browser.close()
    assert not (tmp_path / "page.pdf").exists()


def test_without_chromium_the_error_says_what_to_install_and_nothing_is_left_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    descriptors = len(os.listdir("/proc/self/fd"))
    with pytest.raises(BrowserMissingError, match="install the Debian package `chromium`"):
        Browser()
    assert len(os.listdir("/proc/self/fd")) == descriptors  # no pipe left open
    assert list(tmp_path.iterdir()) == []  # no profile folder


def test_node_ids_are_renumbered_by_rank_in_the_same_width() -> None:
    """The same page printed by two renderers differs only in where the node counter started."""
    first = b"/ID (node00000267)>> /Headers [(node00000269)] /Headers [(node00000267)]"
    second = b"/ID (node00000268)>> /Headers [(node00000270)] /Headers [(node00000268)]"
    assert stable_node_ids(first) == stable_node_ids(second)
    assert stable_node_ids(first) == (
        b"/ID (node00000001)>> /Headers [(node00000002)] /Headers [(node00000001)]"
    )
    swapped = b"/ID (node00000269)>> /Headers [(node00000267)] /Headers [(node00000269)]"
    assert stable_node_ids(swapped) != stable_node_ids(first)
