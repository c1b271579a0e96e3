"""Word table cells written on the XML (sti/documents._docx_text) are the XML python-docx's own
`cell.text = text` writes, for every kind of text a table cell holds."""

from __future__ import annotations

import docx
import pytest
from lxml import etree

from sti.reports.documents import _docx_text

TEXTS = ["", "1,234", "대전 (Daejeon)", " leading", "trailing ", "  ", "two\nlines", "a\tb", "x\r"]


def _cell_xml(write: str, text: str) -> bytes:
    table = docx.Document().add_table(rows=1, cols=1)
    cell = table.cell(0, 0)
    if write == "python-docx":
        cell.text = text
    else:
        _docx_text(cell._tc, text)
    return etree.tostring(cell._tc)


@pytest.mark.parametrize("text", TEXTS)
def test_a_cell_written_on_the_xml_is_the_cell_python_docx_writes(text: str) -> None:
    assert _cell_xml("xml", text) == _cell_xml("python-docx", text)


def test_the_run_returned_takes_bold_as_python_docx_runs_do() -> None:
    table = docx.Document().add_table(rows=1, cols=1)
    _docx_text(table.cell(0, 0)._tc, "header").get_or_add_rPr().get_or_add_b().val = True
    assert table.cell(0, 0).paragraphs[0].runs[0].bold is True
