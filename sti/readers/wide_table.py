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
from sti.paths import RAW_DIR, relative_to_raw
from sti.readers.cell_table import CELL_COLUMNS, ROW_LABEL_SEPARATOR
from sti.readers.cells import parse_cell
from sti.readers.csv_records import csv_records
from sti.readers.periods import Period, parse_period

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
    file = relative_to_raw(path, root)
    decoded = decode(file, path.read_bytes())
    return parse_wide_rows(file, _rows(decoded.text, file), decoded.encoding, ignore_columns)


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
    if not rows:
        raise InputError(InputProblem(file, "file has no rows"))
    header_line, header = rows[0]
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
    body = rows[1:]
    item_labels: dict[int, str] = {}
    if body and _is_item_header(body[0][1], list(periods)):
        item_labels = {i: body[0][1][i] for i in periods}
        body = body[1:]
    if not body:
        raise InputError(InputProblem(file, "file has a header but no data rows", row=header_line))
    width = len(header)
    for line, cells in body:
        _check_row(file, line, cells, width, header, ignored)
    return _cells(file, encoding, header, body, dim_columns, periods, item_labels)


def _cells(
    file: str,
    encoding: str,
    header: list[str],
    body: list[tuple[int, list[str]]],
    dim_columns: list[int],
    periods: dict[int, Period],
    item_labels: dict[int, str],
) -> pl.DataFrame:
    """One row per (data row, period column), row by row as in the file: each row's labels are
    written once and repeated for its period columns, the column texts repeated for each row."""
    index = list(periods)
    width, height = len(index), len(body)
    labels = [{header[i]: cells[i] for i in dim_columns} for _, cells in body]
    rows = pl.DataFrame(
        {
            "source_row": [line for line, _ in body],
            "labels": [json.dumps(row, ensure_ascii=False) for row in labels],
            "row_labels": [ROW_LABEL_SEPARATOR.join(row.values()) for row in labels],
        },
        schema={"source_row": pl.Int64, "labels": pl.String, "row_labels": pl.String},
    )
    cells = rows.select(pl.all().gather(pl.int_range(height * width) // width)).with_columns(
        pl.Series("source_column", [header[i] for i in index] * height, dtype=pl.String),
        pl.Series("period_label", [periods[i].label for i in index] * height, dtype=pl.String),
        pl.Series("value_raw", [cells[i] for _, cells in body for i in index], dtype=pl.String),
        pl.lit(file).alias("source_file"),
        pl.lit(encoding).alias("encoding"),
    )
    if item_labels:
        cells = _with_items(cells, [item_labels[i] for i in index] * height)
    return cells.select(list(CELL_COLUMNS))


def _with_items(cells: pl.DataFrame, items: list[str]) -> pl.DataFrame:
    """Each cell's labels with the item its column's item header row names, as
    `{**labels, ITEM_HEADER: item}` written by json.dumps would be."""
    key = json.dumps(ITEM_HEADER, ensure_ascii=False)
    entries = pl.Series([f", {key}: {json.dumps(item, ensure_ascii=False)}}}" for item in items])
    return cells.with_columns(
        (pl.col("labels").str.strip_suffix("}") + entries).alias("labels"),
        (pl.col("row_labels") + ROW_LABEL_SEPARATOR + pl.Series(items)).alias("row_labels"),
    )


def _check_row(
    file: str, line: int, cells: list[str], width: int, header: list[str], ignored: list[int]
) -> None:
    if len(cells) != width:
        raise InputError(
            InputProblem(
                file,
                f"row has {len(cells)} cells where the header has {width} (truncated or shifted row)",
                row=line,
            )
        )
    filled = [header[i] for i in ignored if cells[i].strip()]
    if filled:
        raise InputError(
            InputProblem(
                file,
                "a column declared as not data (ignore_columns) has data",
                row=line,
                column=filled[0],
            )
        )
