"""Reader for wide tables: KOSIS web downloads (CSV/XLSX) and tables transcribed from documents.

Layout (as KOSIS serves it): dimension columns first (`항목`, `시도별`, ...), then one column per
period (`2022`, `2023 p)`). When several items are selected KOSIS writes two header rows: the
period repeated, then the item label with its unit (`계 (%)`). Labels are kept exactly as they
are in the file, leading spaces included; only the cell text is interpreted, later, in staging.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sti.errors import InputError, InputProblem
from sti.ingest.readers.cell_table import CELL_COLUMNS, ROW_LABEL_SEPARATOR
from sti.ingest.readers.cell_values import parse_cell
from sti.ingest.readers.csv_records import csv_columns, csv_records, refuse_non_text
from sti.ingest.readers.periods import Period, parse_period
from sti.paths import RAW_DIR, relative_to_raw

# Encodings tried in order. UTF-8 first because a CP949 file with Hangul is (practically) never
# valid UTF-8, while UTF-8 text often decodes as CP949 garbage; the result is recorded.
ENCODINGS = ("utf-8-sig", "cp949")
# Label of the item named by a second header row (`계 (%)`), as if it were a label column.
ITEM_HEADER = "항목(머리행)"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode(file: str, data: bytes) -> DecodedText:
    """Detect CP949 or UTF-8 (never assume); refuse anything else, naming the offending row."""
    if not data.strip():
        raise InputError(InputProblem(file, "file is empty"))
    refuse_non_text(file, data, "KOSIS writes CP949 or UTF-8; download the table again as CSV")
    errors = []
    for encoding in ENCODINGS:
        try:
            return DecodedText(
                data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
            )
        except UnicodeDecodeError as exc:
            errors.append(exc)
    first_bad = errors[-1].start
    row = data[:first_bad].count(b"\n") + 1
    raise InputError(
        InputProblem(
            file,
            "encoding is neither CP949 (KOSIS web download) nor UTF-8",
            row=row,
            value=data[first_bad : first_bad + 4].hex(" "),
        )
    )


def _rows(text: str, file: str) -> list[tuple[int, list[str]]]:
    return [
        (line, cells) for line, cells in csv_records(text, file) if any(c.strip() for c in cells)
    ]


def _is_item_header(cells: list[str], period_columns: list[int]) -> bool:
    """A second header row names items (`계 (%)`) where data rows hold numbers or markers."""
    values = [cells[i] for i in period_columns if i < len(cells)]
    return bool(values) and all(
        v.strip() and parse_cell(v).problem is not None and parse_period(v) is None for v in values
    )


def read_wide_csv(
    path: Path, root: Path = RAW_DIR, ignore_columns: Iterable[str] = ()
) -> pl.DataFrame:
    """Read a wide table into one row per (data row, period column) with the cell text.
    `ignore_columns` are header names the sidecar declares as not data (e.g. a pandas
    `Unnamed: 43`); any other header that is neither a label nor a period is refused."""
    return read_wide_block(path, root, ignore_columns).cells()


def read_wide_block(
    path: Path, root: Path = RAW_DIR, ignore_columns: Iterable[str] = ()
) -> WideCells:
    """The cells of a wide CSV before they are laid out one per row (WideCells). A plainly
    regular file (sti/ingest/readers/csv_records.py `csv_columns`) is parsed by polars, the others
    record by record, which names the row of any damage."""
    file = relative_to_raw(path, root)
    decoded = decode(file, path.read_bytes())
    regular = csv_columns(decoded.text, by_position=True)
    if regular is None:
        return wide_rows_block(file, _rows(decoded.text, file), decoded.encoding, ignore_columns)
    # record n is on line n + 1; the header's texts as written (polars may rename empty ones)
    header = decoded.text.split("\n", 1)[0].removesuffix("\r").split(",")
    lines = pl.int_range(2, regular.height + 2, eager=True)
    return wide_block(file, header, 1, lines, regular, decoded.encoding, ignore_columns)


def read_wide_xlsx(
    path: Path, root: Path = RAW_DIR, ignore_columns: Iterable[str] = ()
) -> pl.DataFrame:
    """A KOSIS XLSX download: the sheet `데이터` (else the first), read like the CSV.

    Row numbers are the sheet's; numbers are written back as text without a spurious `.0`."""
    from openpyxl import load_workbook  # only when an XLSX is archived

    file = relative_to_raw(path, root)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise InputError(
            InputProblem(file, f"not a readable XLSX workbook ({type(exc).__name__})")
        ) from None
    sheet = book["데이터"] if "데이터" in book.sheetnames else book.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_xlsx_text(v) for v in values]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    book.close()
    return parse_wide_rows(file, rows, "xlsx", ignore_columns)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_wide_rows(
    file: str, rows: list[tuple[int, list[str]]], encoding: str, ignore_columns: Iterable[str] = ()
) -> pl.DataFrame:
    """Cells of a wide table given as (row number, cells) pairs, header first."""
    return wide_rows_block(file, rows, encoding, ignore_columns).cells()


def wide_rows_block(
    file: str, rows: list[tuple[int, list[str]]], encoding: str, ignore_columns: Iterable[str] = ()
) -> WideCells:
    """WideCells of a wide table given as (row number, cells) pairs, header first."""
    if not rows:
        raise InputError(InputProblem(file, "file has no rows"))
    header_line, header = rows[0]
    width = len(header)
    for line, cells in rows[1:]:
        if len(cells) != width:
            raise InputError(
                InputProblem(
                    file,
                    f"row has {len(cells)} cells where the header has {width} "
                    "(truncated or shifted row)",
                    row=line,
                )
            )
    columns = list(zip(*(cells for _, cells in rows[1:]), strict=True)) or [()] * width
    table = pl.DataFrame(
        {f"c{i}": list(texts) for i, texts in enumerate(columns)},
        schema={f"c{i}": pl.String for i in range(width)},
    )
    lines = pl.Series([line for line, _ in rows[1:]], dtype=pl.Int64)
    return wide_block(file, header, header_line, lines, table, encoding, ignore_columns)


def _layout(
    file: str, header: list[str], header_line: int, ignore_columns: Iterable[str]
) -> tuple[dict[int, Period], list[int], list[int]]:
    """(period columns, label columns, ignored columns) of a header, or the rule it breaks."""
    periods: dict[int, Period] = {}
    for index, label in enumerate(header):
        period = parse_period(label)
        if period is not None:
            periods[index] = period
    if not periods:
        raise InputError(
            InputProblem(
                file,
                "no period columns in the header (expected e.g. 2021 or 2023 p))",
                row=header_line,
            )
        )
    dim_columns = [i for i in range(min(periods)) if header[i].strip()]
    if not dim_columns:
        raise InputError(
            InputProblem(file, "no label columns before the period columns", row=header_line)
        )
    ignored = [i for i, name in enumerate(header) if name in set(ignore_columns)]
    not_periods = [
        header[i]
        for i in range(min(periods), len(header))
        if i not in periods and header[i].strip() and i not in ignored
    ]
    if not_periods:
        raise InputError(
            InputProblem(
                file,
                "column header is neither a period nor a label column",
                row=header_line,
                column=not_periods[0],
            )
        )
    return periods, dim_columns, ignored


def wide_block(
    file: str,
    header: list[str],
    header_line: int,
    lines: pl.Series,
    table: pl.DataFrame,
    encoding: str,
    ignore_columns: Iterable[str] = (),
) -> WideCells:
    """WideCells of a wide table held as texts: `table` has the header's columns in order (by
    position: its names are not the header's) and one row per record below the header, whose
    line in the file `lines` gives."""
    periods, dim_columns, ignored = _layout(file, header, header_line, ignore_columns)
    item_labels: dict[int, str] = {}
    if table.height and _is_item_header(list(table.row(0)), list(periods)):
        item_labels = {i: table.row(0)[i] for i in periods}
        table, lines = table.slice(1), lines.slice(1)
    if table.is_empty():
        raise InputError(InputProblem(file, "file has a header but no data rows", row=header_line))
    _check_ignored(file, header, lines, table, ignored)
    index = list(periods)
    names = table.columns
    labels = [
        dict(zip([header[i] for i in dim_columns], row, strict=True))
        for row in table.select([names[i] for i in dim_columns]).iter_rows()
    ]
    rows = pl.DataFrame(
        {
            "source_row": lines,
            "labels": [json.dumps(row, ensure_ascii=False) for row in labels],
            "row_labels": [ROW_LABEL_SEPARATOR.join(row.values()) for row in labels],
        },
        schema={"source_row": pl.Int64, "labels": pl.String, "row_labels": pl.String},
    )
    columns = pl.DataFrame(
        {
            "source_column": [header[i] for i in index],
            "period_label": [periods[i].label for i in index],
            "item": [item_labels.get(i) for i in index],
        },
        schema={"source_column": pl.String, "period_label": pl.String, "item": pl.String},
    )
    # unpivot lays the texts out column by column; cell k (row by row) is at (k % w) * h + k // w
    width, height = len(index), table.height
    position = pl.int_range(height * width, eager=True)
    by_column = table.select([names[i] for i in index]).unpivot().get_column("value")
    values = by_column.gather(position % width * height + position // width).alias("value_raw")
    return WideCells(file, encoding, rows, columns, values, has_items=bool(item_labels))


@dataclass(frozen=True)
class WideCells:
    """A wide table's cells before they are laid out one per row: each data row's line and
    labels once (`rows`), each period column's header, period and item once (`columns`), the
    texts row by row (`values`). `cells()` lays them out as every reader returns cells; the raw
    store numbers them without doing so (sti/ingest/cell_storage.py): laid out, 10M cells repeat
    a few hundred label texts and headers per file 10 million times, only to be numbered again."""

    file: str
    encoding: str
    rows: pl.DataFrame
    columns: pl.DataFrame
    values: pl.Series
    has_items: bool

    def positions(self) -> tuple[pl.Series, pl.Series]:
        """(row, column) of each cell, row by row."""
        width = self.columns.height
        position = pl.int_range(self.rows.height * width, eager=True)
        return position // width, position % width

    def cells(self) -> pl.DataFrame:
        """One row per (data row, period column), row by row as in the file: each row's labels
        are written once and repeated for its period columns, the column texts for each row."""
        row, column = self.positions()
        headers = self.columns.select(pl.col("source_column", "period_label").gather(column))
        cells = self.rows.select(pl.all().gather(row)).with_columns(
            *headers.get_columns(),
            self.values,
            pl.lit(self.file).alias("source_file"),
            pl.lit(self.encoding).alias("encoding"),
        )
        if self.has_items:
            cells = _with_items(cells, self.columns["item"].gather(column).to_list())
        return cells.select(list(CELL_COLUMNS))


def _check_ignored(
    file: str, header: list[str], lines: pl.Series, table: pl.DataFrame, ignored: list[int]
) -> None:
    """A column declared as not data (ignore_columns) must be empty on every data row."""
    for i in ignored:
        filled = table.get_column(table.columns[i]).str.strip_chars() != ""
        if filled.any():
            raise InputError(
                InputProblem(
                    file,
                    "a column declared as not data (ignore_columns) has data",
                    row=int(lines.filter(filled)[0]),
                    column=header[i],
                )
            )


def _with_items(cells: pl.DataFrame, items: list[str]) -> pl.DataFrame:
    """Each cell's labels with the item its column's item header row names, as
    `{**labels, ITEM_HEADER: item}` written by json.dumps would be."""
    key = json.dumps(ITEM_HEADER, ensure_ascii=False)
    entries = pl.Series([f", {key}: {json.dumps(item, ensure_ascii=False)}}}" for item in items])
    return cells.with_columns(
        (pl.col("labels").str.strip_suffix("}") + entries).alias("labels"),
        (pl.col("row_labels") + ROW_LABEL_SEPARATOR + pl.Series(items)).alias("row_labels"),
    )
