"""One document model, three renderings: Markdown, HTML (and through chromium, PDF) and Word.

The data dictionary (`sti catalog`) and the evaluation reports (`sti extract`) are built as a
`Document` once and rendered by these functions, so the HTML a browser shows, the PDF an
evaluator prints and the .docx they revise always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import math
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sti.reference.vocabulary import korean
from sti.reports.fixed_dates import date_zip_members

# NanumGothic (SIL Open Font License) as shipped by koreanize-matplotlib: the one Korean font
# the charts, the HTML and the PDF use, copied beside each HTML file so it renders anywhere.
# Located without importing the package, which would import matplotlib (0.45 s).
_KOREANIZE = importlib.util.find_spec("koreanize_matplotlib")
assert _KOREANIZE is not None and _KOREANIZE.origin is not None, "koreanize-matplotlib is missing"
FONT_FILE = Path(_KOREANIZE.origin).parent / "fonts" / "NanumGothic.ttf"
FONT_FAMILY = "NanumGothic"
FONT_DIR = "fonts"
# Status colours (cell fill), the same in Excel, HTML and Word: green = on target, amber =
# behind, red = off or worse, grey = nothing to judge.
GREEN, AMBER, RED, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "E7E6E6"
_COLOUR_OF_CODE = {
    "kpi_status": {
        "achieved": GREEN,
        "on_track": GREEN,
        "improving": GREEN,
        "needs_acceleration": AMBER,
        "unchanged": AMBER,
        "off_track": RED,
        "deteriorating": RED,
        "not_assessable": GREY,
        "no_data_yet": GREY,
    },
    "traffic_light": {"green": GREEN, "amber": AMBER, "red": RED, "no_report": GREY},
    "reporting": {"on_time": GREEN, "late": AMBER, "missing": RED, "not_due": GREY},
    "progress_status": {
        "completed": GREEN,
        "on_schedule": GREEN,
        "delayed": AMBER,
        "not_started": AMBER,
        "stopped_or_changed": RED,
    },
}
# A status cell is coloured by its code (KPI statuses) or its Korean label (every vocabulary;
# a label shared by two vocabularies, 미흡 or 자료 없음, means the same colour in both).
STATUS_COLOURS = {
    **_COLOUR_OF_CODE["kpi_status"],
    **{
        korean(vocabulary, code) or code: colour
        for vocabulary, colours in _COLOUR_OF_CODE.items()
        for code, colour in colours.items()
    },
}


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Any]]
    caption: str = ""
    headers_en: list[str] | None = None
    status_columns: tuple[int, ...] = ()


@dataclass
class Figure:
    path: str  # relative to the document's folder
    caption: str


@dataclass
class Section:
    anchor: str
    title: str
    blocks: list[str | Table | Figure | Section] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]
    lang: str = "ko"


def cell_text(value: Any) -> str:
    """A value as a reader sees it: thousands separators, at most 4 decimals, '' for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _walk(sections: Sequence[Section], depth: int = 0) -> list[tuple[int, Section]]:
    found = []
    for section in sections:
        found.append((depth, section))
        found.extend(_walk([b for b in section.blocks if isinstance(b, Section)], depth + 1))
    return found


# --- Markdown -------------------------------------------------------------------------------


def _md_cell(value: Any) -> str:
    return cell_text(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> list[str]:
    """A table as Markdown lines (English headers under the Korean ones when given)."""
    lines = [f"*{table.caption}*", ""] if table.caption else []
    headers = table.headers
    if table.headers_en:
        headers = [f"{ko}<br>{en}" for ko, en in zip(table.headers, table.headers_en, strict=True)]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in table.rows]
    return [*lines, ""]


def _md_blocks(section: Section, depth: int) -> list[str]:
    lines = [f"{'#' * min(depth + 2, 6)} {section.title}", ""]
    for block in section.blocks:
        if isinstance(block, Section):
            lines += _md_blocks(block, depth + 1)
        elif isinstance(block, Table):
            lines += markdown_table(block)
        elif isinstance(block, Figure):
            lines += [f"![{block.caption}]({block.path})", "", f"*{block.caption}*", ""]
        else:
            lines += [block, ""]
    return lines


def to_markdown(doc: Document) -> str:
    lines = [f"# {doc.title}", "", doc.subtitle, "", "## 목차 (Contents)", ""]
    lines += [f"{'  ' * d}- [{s.title}](#{s.anchor})" for d, s in _walk(doc.sections)]
    lines.append("")
    for section in doc.sections:
        lines += [f'<a id="{section.anchor}"></a>', ""]
        lines += _md_blocks(section, 0)
    return "\n".join(lines).rstrip() + "\n"


# --- HTML -----------------------------------------------------------------------------------

CSS = f"""
@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{FONT_DIR}/{FONT_FILE.name}"); }}
@page {{ size: A4; margin: 16mm 14mm; }}
body {{ font-family: "{FONT_FAMILY}", sans-serif; color: #1b1b1b; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; }}
h1 {{ border-bottom: 3px solid #1f4e79; padding-bottom: .3em; color: #1f4e79; }}
h2 {{ color: #1f4e79; border-bottom: 1px solid #b4c6e7; margin-top: 2em; }}
table {{ border-collapse: collapse; margin: .6em 0 1.4em; font-size: 12px; }}
caption {{ text-align: left; font-weight: bold; padding: .3em 0; }}
th, td {{ border: 1px solid #b4c6e7; padding: 3px 6px; vertical-align: top; }}
th {{ background: #dde6f3; }}
th small {{ display: block; font-weight: normal; color: #555; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
figure {{ margin: 1em 0; page-break-inside: avoid; }}
figure img {{ max-width: 100%; border: 1px solid #ddd; }}
figcaption {{ font-size: 12px; color: #444; }}
nav ul {{ columns: 2; }}
.subtitle {{ color: #555; }}
"""


def _html_cell(value: Any, status: bool) -> str:
    text = html.escape(cell_text(value))
    classes = []
    style = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        classes.append("num")
    if status and isinstance(value, str) and value in STATUS_COLOURS:
        style = f' style="background:#{STATUS_COLOURS[value]}"'
        classes.append(f"status-{value}")
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f"<td{cls}{style}>{text}</td>"


def _html_table(table: Table) -> str:
    parts = ["<table>"]
    if table.caption:
        parts.append(f"<caption>{html.escape(table.caption)}</caption>")
    english = table.headers_en or [""] * len(table.headers)
    heads = "".join(
        f"<th>{html.escape(ko)}" + (f"<small>{html.escape(en)}</small>" if en else "") + "</th>"
        for ko, en in zip(table.headers, english, strict=True)
    )
    parts.append(f"<thead><tr>{heads}</tr></thead><tbody>")
    for row in table.rows:
        cells = "".join(_html_cell(v, i in table.status_columns) for i, v in enumerate(row))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _inline(text: str) -> str:
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)


def _html_section(section: Section, depth: int) -> str:
    level = min(depth + 2, 6)
    parts = [f'<section id="{section.anchor}"><h{level}>{html.escape(section.title)}</h{level}>']
    for block in section.blocks:
        if isinstance(block, Section):
            parts.append(_html_section(block, depth + 1))
        elif isinstance(block, Table):
            parts.append(_html_table(block))
        elif isinstance(block, Figure):
            parts.append(
                f'<figure><img src="{html.escape(block.path)}" alt="{html.escape(block.caption)}">'
                f"<figcaption>{html.escape(block.caption)}</figcaption></figure>"
            )
        else:
            parts.append(f"<p>{_inline(block)}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def to_html(doc: Document) -> str:
    toc = "".join(
        f'<li style="margin-left:{d}em"><a href="#{s.anchor}">{html.escape(s.title)}</a></li>'
        for d, s in _walk(doc.sections)
    )
    body = "\n".join(_html_section(s, 0) for s in doc.sections)
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(doc.title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{html.escape(doc.title)}</h1><p class='subtitle'>{_inline(doc.subtitle)}</p>"
        f"<nav><h2>목차 (Contents)</h2><ul>{toc}</ul></nav>\n{body}\n</body></html>\n"
    )


def write_html(doc: Document, path: Path) -> Path:
    """The HTML file and, beside it, the font it names."""
    path.write_text(to_html(doc), encoding="utf-8")
    fonts = path.parent / FONT_DIR
    fonts.mkdir(exist_ok=True)
    shutil.copyfile(FONT_FILE, fonts / FONT_FILE.name)
    return path


# --- Word -----------------------------------------------------------------------------------

# Clark names of the WordprocessingML elements written directly (python-docx's `qn`)
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_R, _W_T = f"{{{_W_NS}}}r", f"{{{_W_NS}}}t"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _docx_shade(tc: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour)
    tc.get_or_add_tcPr().append(shading)


def _docx_table(document: Any, table: Table) -> None:
    if table.caption:
        _styled(document, table.caption, "Caption")
    # every row at once: python-docx's add_row() and row.cells walk the whole table each call
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid._tbl.tblStyle_val = document.styles["Table Grid"].style_id  # as `_styled`
    english = table.headers_en or [""] * len(table.headers)
    header, *body = grid._tbl.tr_lst
    for tc, ko, en in zip(header.tc_lst, table.headers, english, strict=True):
        _docx_text(tc, f"{ko}\n{en}" if en else ko).get_or_add_rPr().get_or_add_b().val = True
    for tr, row in zip(body, table.rows, strict=True):
        for i, (tc, value) in enumerate(zip(tr.tc_lst, row, strict=True)):
            _docx_text(tc, cell_text(value))
            if i in table.status_columns and value in STATUS_COLOURS:
                _docx_shade(tc, STATUS_COLOURS[value])


# Characters python-docx's run text turns into elements of their own (w:tab, w:br).
_RUN_BREAKS = re.compile(r"[\t\n\r]")


def _docx_text(tc: Any, text: str) -> Any:
    """A new cell's text, as `cell.text = text` writes it (one run in its one paragraph), on
    the XML: python-docx's cell, paragraph and run objects cost 0.15 s a report. Plain text
    (all but the headers) is written with lxml directly, the run's elements as python-docx
    makes them (`CT_R.text`: no w:t for empty text, `xml:space="preserve"` when the text has
    space at either end): a further 0.1 s for three reports (measured 2026-11-25)."""
    from lxml import etree

    paragraph = tc.p_lst[0]
    if _RUN_BREAKS.search(text):
        run = paragraph.add_r()
        run.text = text
        return run
    run = etree.SubElement(paragraph, _W_R)
    if text:
        t = etree.SubElement(run, _W_T)
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")
    return run


def _docx_blocks(document: Any, section: Section, depth: int, folder: Path) -> None:
    from docx.shared import Cm

    _heading(document, section.title, min(depth + 1, 9))
    for block in section.blocks:
        if isinstance(block, Section):
            _docx_blocks(document, block, depth + 1, folder)
        elif isinstance(block, Table):
            _docx_table(document, block)
        elif isinstance(block, Figure):
            document.add_picture(str(folder / block.path), width=Cm(16))
            _styled(document, block.caption, "Caption")
        else:
            document.add_paragraph(block.replace("`", "").replace("**", ""))


def _styled(document: Any, text: str, style: str) -> Any:
    """A paragraph of a named style, its id set on the XML: python-docx's own `style=` compares
    each style with the default of its kind, a walk over every style in Python for each
    paragraph and table (1.2 s of the three packages' 2.7 s of Word, profiled 2026-12-07). The
    XML written is the same."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = document.styles[style].style_id
    return paragraph


def _heading(document: Any, text: str, level: int) -> Any:
    """As `document.add_heading`, through `_styled`."""
    return _styled(document, text, "Title" if level == 0 else f"Heading {level}")


def write_docx(doc: Document, path: Path, created: dt.datetime) -> Path:
    """The document as .docx; `created` is fixed so the same input gives the same file."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT_FAMILY
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_FAMILY)
    props = document.core_properties
    props.title, props.author = doc.title, "daejeon-sti-warehouse"
    props.created = props.modified = created
    props.last_modified_by = "daejeon-sti-warehouse"
    props.revision = 1
    _heading(document, doc.title, 0)
    document.add_paragraph(doc.subtitle.replace("`", "").replace("**", ""))
    for section in doc.sections:
        _docx_blocks(document, section, 0, path.parent)
    document.save(str(path))
    return date_zip_members(path, created)  # zipfile dates each member now
