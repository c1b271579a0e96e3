"""The pieces every page is built from: the page shell (skip link, menu, language switch,
footer), links relative to the page (so the site opens from file:// and from any static host),
tables with headers and captions, status badges that say their state in words as well as colour.

Every value is escaped here; a string becomes HTML only by passing through `Html`.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sti.reports.documents import AMBER, GREEN, GREY, RED, STATUS_COLOURS
from sti.reports.site.text import LANGUAGE_DIR, LANGUAGE_NAME, LANGUAGES, word

CSS_PATH = "assets/site.css"
ICON_PATH = "assets/icon.svg"  # the site's own icon: a browser asks for /favicon.ico otherwise
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<rect width="16" height="16" rx="3" fill="#0b4f9c"/>'
    '<path d="M3 12 L7 7 L10 9 L13 4" stroke="#fff" stroke-width="2" fill="none"/></svg>\n'
)
# Shared files (one copy for both languages): the style sheet, downloads, package files.
SHARED_PREFIXES = ("assets/", "data/", "files/")
BADGE_CLASS = {GREEN: "good", AMBER: "warn", RED: "bad", GREY: "none"}
MENU = (
    ("index.html", "home"),
    ("kpi/index.html", "kpis"),
    ("subtask/index.html", "subtasks"),
    ("region.html", "region"),
    ("quality.html", "quality"),
    ("methods.html", "methods"),
    ("packages/index.html", "packages"),
)


class Html(str):
    """Text that is already HTML (built here from escaped parts)."""


def esc(value: Any) -> Html:
    return value if isinstance(value, Html) else Html(html.escape(text(value)))


def text(value: Any) -> str:
    """A value as a page shows it: thousands separators, ISO dates, '–' for nothing."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Ctx:
    """One page in one language: its words and its links."""

    lang: str
    path: str  # the page's path, the same in every language (kpi/x.html)

    def w(self, key: str) -> str:
        return word(key, self.lang)

    def full(self, path: str) -> str:
        return path if path.startswith(SHARED_PREFIXES) else LANGUAGE_DIR[self.lang] + path

    def url(self, to: str, lang: str | None = None) -> str:
        here = posixpath.dirname(self.full(self.path)) or "."
        target = self.full(to) if lang is None else Ctx(lang, self.path).full(to)
        return posixpath.relpath(target, here)

    def link(self, to: str, label: Any) -> Html:
        return Html(f'<a href="{html.escape(self.url(to))}">{esc(label)}</a>')

    def pick(self, ko: Any, en: Any) -> Any:
        """The English name on an English page where one exists, else the Korean."""
        return en if self.lang == "en" and en else ko


def badge(label: str | None, code_or_label: str | None = None) -> Html:
    """A status as colour and words: the label is always written out."""
    colour = STATUS_COLOURS.get(code_or_label or label or "", GREY)
    return Html(f'<span class="status {BADGE_CLASS[colour]}">{esc(label)}</span>')


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    numeric: Sequence[int] = (),
    attrs: str = "",
) -> Html:
    """A data table: a caption, column headers with scope, the first cell of a row its header."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cls = ' class="num"' if i in numeric else ""
            tag = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            cells.append(f"<{tag}{scope}{cls}>{esc(value)}</{tag}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Html(
        f'<div class="table-wrap"><table{attrs}><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def section(heading: str, *parts: str, level: int = 2) -> Html:
    return Html(f"<section><h{level}>{esc(heading)}</h{level}>{''.join(parts)}</section>")


def para(value: Any) -> Html:
    return Html(f"<p>{esc(value)}</p>")


def _menu(ctx: Ctx) -> str:
    items = []
    for path, key in MENU:
        current = ' aria-current="page"' if path == ctx.path else ""
        items.append(
            f'<li><a href="{html.escape(ctx.url(path))}"{current}>{esc(ctx.w(key))}</a></li>'
        )
    return f'<nav aria-label="{esc(ctx.w("nav"))}"><ul class="menu">{"".join(items)}</ul></nav>'


def _switch(ctx: Ctx) -> str:
    links = []
    for lang in LANGUAGES:
        if lang == ctx.lang:
            continue
        url = html.escape(ctx.url(ctx.path, lang))
        links.append(
            f'<a class="lang" href="{url}" hreflang="{lang}" lang="{lang}">{LANGUAGE_NAME[lang]}</a>'
        )
    return "".join(links)


def page(ctx: Ctx, title: str, body: str, as_of: dt.date, release: dict[str, str]) -> str:
    """The whole page: shell around `body`, which holds the page's own h1."""
    built = f"{release.get('run_id', '–')} ({release.get('published_at', '–')})"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{ctx.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · {esc(ctx.w('site_title'))}</title>\n"
        f'<link rel="stylesheet" href="{html.escape(ctx.url(CSS_PATH))}">\n'
        f'<link rel="icon" type="image/svg+xml" href="{html.escape(ctx.url(ICON_PATH))}">\n'
        "</head>\n<body>\n"
        f'<a class="skip" href="#main">{esc(ctx.w("skip"))}</a>\n'
        f'<header><p class="site">{ctx.link("index.html", ctx.w("site_title"))}</p>'
        f"{_switch(ctx)}{_menu(ctx)}</header>\n"
        f'<main id="main">\n{body}\n</main>\n'
        f"<footer><p>{esc(ctx.w('as_of'))}: <strong>{as_of.isoformat()}</strong> · "
        f"{esc(ctx.w('as_of_note'))}</p><p>{esc(ctx.w('release'))}: {esc(built)} · "
        f"{esc(ctx.w('footer'))}</p></footer>\n</body>\n</html>\n"
    )


STYLE = """\
:root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --link: #0b4f9c; --focus: #b35c00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55;
  font-family: "Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
header { border-bottom: 2px solid var(--ink); }
.site { font-weight: bold; font-size: 1.15rem; margin: 0 0 0.4rem; display: inline-block; }
a { color: var(--link); }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.4rem; z-index: 1; }
.lang { float: right; margin-top: 0.2rem; }
.menu { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1.1rem; }
.menu a[aria-current="page"] { font-weight: bold; color: var(--ink); }
footer { border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9rem; }
h1 { font-size: 1.6rem; line-height: 1.3; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.2rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
thead th { background: #eef2f7; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 0.7rem; border: 1px solid #555; font-size: 0.88rem; white-space: nowrap; }
.status.good { background: #C6EFCE; } .status.warn { background: #FFEB9C; }
.status.bad { background: #FFC7CE; } .status.none { background: #E7E6E6; }
.tree, .tree ul { list-style: none; padding-left: 1.2rem; }
.tree > li { margin-bottom: 0.8rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 0.8rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); padding: 0.6rem 0.8rem; }
.big { font-size: 1.4rem; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
svg.chart { width: 100%; max-width: 40rem; height: auto; border: 1px solid var(--line); }
svg .grid { stroke: #e2e2e2; }
svg .axis { font-size: 12px; fill: #333; }
svg .line { fill: none; stroke-width: 2; }
svg .line.actual { stroke: #0b4f9c; }
svg .line.milestone { stroke: #b35c00; stroke-dasharray: 6 4; }
svg .mark.actual { fill: #0b4f9c; stroke: #0b4f9c; stroke-width: 2; }
svg .mark.actual.preliminary { fill: #fff; }
svg .mark.milestone { fill: #b35c00; }
svg .mark.target { fill: #1d7a3a; }
svg .mark.published_baseline { fill: #777; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 0.9rem; }
.key { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.3rem; vertical-align: -0.05rem; }
.key.actual { background: #0b4f9c; border-radius: 50%; } .key.milestone { background: #b35c00; }
.key.target { background: #1d7a3a; } .key.published_baseline { background: #777; transform: rotate(45deg); }
.muted { color: var(--muted); }
"""
