"""The package's Excel workbook and its CSV twins: Korean sheet names and headers, English in a
second header row, numbers as numbers with formats, frozen headers, status cells coloured."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from sti.db.spreadsheet_text import as_text_cell, write_csv_rows
from sti.reports.documents import STATUS_COLOURS
from sti.reports.evaluation.sheets import Sheet
from sti.reports.fixed_dates import date_zip_members

HEADER_FILL = PatternFill("solid", fgColor="DDE6F3")
HEADER_ROWS = 2


def _cell_value(value: Any) -> Any:
    return value if not isinstance(value, bool) else ("예" if value else "아니오")


def write_workbook(sheets: list[Sheet], path: Path, created: dt.datetime) -> Path:
    """One sheet per `Sheet`; `created` is fixed so the same package gives the same properties."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "daejeon-sti-warehouse"
    book.properties.created = book.properties.modified = created
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        ws.append([c.ko for c in sheet.columns])
        ws.append([c.en for c in sheet.columns])
        for row in range(1, HEADER_ROWS + 1):
            for cell in ws[row]:
                cell.fill = HEADER_FILL
                cell.font = Font(bold=row == 1, italic=row == 2)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        # rows counted here: `ws.max_row` walks every cell each time it is asked (0.33 s of
        # the final package's 0.92 s of workbook, profiled 2026-12-07)
        for number, values in enumerate(sheet.rows, start=HEADER_ROWS + 1):
            ws.append([_cell_value(v) for v in values])
            for cell in ws[number]:
                as_text_cell(cell)  # department text is never a formula
        status_columns = sheet.status_columns
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            for cell in ws[letter][HEADER_ROWS:]:
                cell.number_format = column.number_format
                if index - 1 in status_columns and cell.value in STATUS_COLOURS:
                    cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[cell.value])
        ws.freeze_panes = ws.cell(row=HEADER_ROWS + 1, column=1)
        ws.auto_filter.ref = f"A{HEADER_ROWS}:{get_column_letter(len(sheet.columns))}{ws.max_row}"
    # Workbook.save would stamp `modified` with the clock; the writer itself keeps ours
    ExcelWriter(book, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return date_zip_members(path, created)  # zipfile dates each member now


def csv_text(value: Any) -> str:
    """A cell as the CSV holds it: numbers in full (no thousands separator), dates ISO, '' for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # a date cell read back from Excel
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(sheet: Sheet, path: Path) -> Path:
    """The sheet as UTF-8 with BOM (Excel opens Korean correctly), both header rows first."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        header = [[c.ko for c in sheet.columns], [c.en for c in sheet.columns]]
        write_csv_rows(handle, [*header, *([csv_text(v) for v in row] for row in sheet.rows)])
    return path
