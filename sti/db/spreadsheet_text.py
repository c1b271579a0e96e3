"""Text a spreadsheet would run as a formula, made inert in every CSV and XLSX written for people.

A department's text is stored as received: `-2+3+cmd|' /C calc'!A0` or `@SUM(1+1)*cmd|…` in a
report's 근거자료 is data, and the warehouse keeps it exactly. Opened in Excel from a CSV, a
cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula, and a
formula can start programs (CSV injection, OWASP). So the CSVs the project writes (`sti sql
--format csv`, packages, templates) prefix such a text with a single quote, which Excel shows
and does not run; XLSX cells are written as explicit strings, never as formulas. Numbers stay
numbers: a text that is a whole number ("-5", "+3.2") or a lone marker ("-", KOSIS's "no
value") runs nothing and is left as it is. JSON and Parquet keep every text exactly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet opening this text from a CSV would treat it as a formula."""
    if not text.startswith(FORMULA_TRIGGERS) or text == "-":
        return False
    return _NUMBER.fullmatch(text) is None


def inert(value: Any) -> Any:
    """The value for a CSV cell: a text that would run, prefixed with a quote; else unchanged."""
    if isinstance(value, str) and runs_as_formula(value):
        return ESCAPE + value
    return value


def inert_row(values: Iterable[Any]) -> list[Any]:
    return [inert(value) for value in values]


def as_text_cell(cell: Any) -> None:
    """An openpyxl cell holding text written as a string: openpyxl makes any text that begins
    with '=' a formula."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"


class CsvRows:
    """Rows written as CSV lines ending in '\n', every text made inert, and every field holding
    a carriage return or a line feed quoted (Python's writer quotes only the characters of its
    line terminator, so a bare '\r' would otherwise split the row in Excel, and what follows
    it would begin a cell of its own)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def line(self, values: Iterable[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(inert_row(values))
        return self._buffer.getvalue()[:-2] + "\n"

    def lines(self, rows: Iterable[Iterable[Any]]) -> Iterator[str]:
        return (self.line(row) for row in rows)


def write_csv_rows(handle: IO[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write `rows` (the header first) to an open text file, as `CsvRows` makes them."""
    handle.writelines(CsvRows().lines(rows))
