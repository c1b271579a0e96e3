"""What the tests ask of a page rendered in headless chromium: not blank, no broken link, and
Korean drawn as real glyphs (not the same empty box for every syllable)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageChops

from sti.reports.browser import dump_dom, screenshot
from sti.reports.documents import CSS

# A rendered page is "not blank" when this share of its pixels is not background white.
MIN_INK_SHARE = 0.01


def ink_share(png: Path) -> float:
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))


def broken_links(html: Path) -> list[str]:
    """Links in the DOM chromium built that point nowhere: a missing anchor or file."""
    parser = _Links()
    parser.feed(dump_dom(html))
    broken = []
    for link in parser.links:
        if link.startswith("#"):
            if link[1:] not in parser.ids:
                broken.append(link)
        elif re.match(r"^[a-z]+:", link):
            broken.append(link)  # nothing may leave the folder: the page is read offline
        elif not (html.parent / link.split("#")[0]).exists():
            broken.append(link)
    return broken


def glyphs_differ(folder: Path, same: str = "가가가가", varied: str = "대전과학") -> bool:
    """Render `same` and `varied` with the pages' CSS and font: real glyphs differ, while text
    drawn as missing-glyph boxes gives two identical pictures."""
    shutil.copytree(folder / "fonts", folder / "probe" / "fonts", dirs_exist_ok=True)
    shots = []
    for name, text in (("same", same), ("differ", varied)):
        page = folder / "probe" / f"{name}.html"
        page.write_text(
            f"<html><head><meta charset='utf-8'><style>{CSS}</style></head>"
            f"<body><h1 style='font-size:64px'>{text}</h1></body></html>",
            encoding="utf-8",
        )
        shots.append(screenshot(page, page.with_suffix(".png"), 800, 300))
    first, second = (Image.open(s).convert("L") for s in shots)
    drawn = ink_share(shots[0]) > MIN_INK_SHARE
    differ = ImageChops.difference(first, second).getbbox() is not None
    shutil.rmtree(folder / "probe")
    return drawn and differ
