"""CSV records with the line each starts on, refusing damage a CSV parser would hide.

Python's csv module reads an unterminated quote as one cell that swallows the rest of the file
(the error then surfaces at the last row, far from the cause), and stops with a bare
`field larger than field limit` on a huge cell. KOSIS values and labels are short and never
span lines, so both are reported here at the row where they start.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from sti.errors import InputError, InputProblem

# The longest KOSIS label seen is under 100 characters; 1,000 leaves room for any real label or
# note and is far below a cell that swallowed the file.
MAX_CELL_CHARS = 1_000
# Large enough that the parser never stops before our own check names the cell.
_PARSER_FIELD_LIMIT = 64 * 1024 * 1024


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def refuse_non_text(file: str, data: bytes, advice: str) -> None:
    """Refuse bytes no CSV reader should decode: UTF-16 (a byte-order mark) or NUL bytes
    (damage, or a binary file), naming the row of the first NUL. `advice` says how to save the
    file again."""
    if data.startswith(UTF16_MARKS):
        raise InputError(
            InputProblem(file, f"UTF-16 text (a UTF-16 byte-order mark): {advice}", row=1)
        )
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise InputError(
            InputProblem(
                file,
                f"holds NUL bytes: not a text file (damaged, or not a CSV); {advice}",
                row=data[:at].count(b"\n") + 1,
                value=data[max(at - 4, 0) : at + 4].hex(" "),
            )
        )


def csv_records(text: str, file: str) -> list[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every record of `text`."""
    csv.field_size_limit(max(csv.field_size_limit(), _PARSER_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    start = 1
    for cells in reader:
        # only a record spanning lines or holding a huge cell needs the cell-by-cell look
        if reader.line_num != start or (cells and max(map(len, cells)) > MAX_CELL_CHARS):
            _check(cells, file, start)
        records.append((start, cells))
        start = reader.line_num + 1
    return records


def _check(cells: list[str], file: str, row: int) -> None:
    for index, cell in enumerate(cells, start=1):
        if "\n" in cell or "\r" in cell:
            raise InputError(
                InputProblem(
                    file,
                    f"a quote opened in cell {index} of this row is not closed on the same line "
                    "(unterminated quote): the rest of the file would be read as one cell",
                    row=row,
                    value=cell[:40] + "…",
                )
            )
        if len(cell) > MAX_CELL_CHARS:
            raise InputError(
                InputProblem(
                    file,
                    f"cell {index} has {len(cell):,} characters, more than any KOSIS value or "
                    f"label ({MAX_CELL_CHARS:,}): the file is damaged or not what its sidecar says",
                    row=row,
                    value=cell[:40] + "…",
                )
            )


def csv_columns(text: str, by_position: bool = False) -> pl.DataFrame | None:
    """The records as a table of texts (record n on line n + 1), parsed by polars when the file is
    plainly regular: no quote character at all (so one record per line), every line exactly as
    wide as the header, no blank line, no repeated header name (unless the caller reads the
    columns `by_position`: polars renames a repeated one) and no cell longer than
    MAX_CELL_CHARS. None otherwise, and the caller reads it record by record (csv_records),
    which names the row and the rule broken."""
    if '"' in text or ("\r" in text and text.count("\r") != text.count("\n")):
        return None  # quoted cells may span lines; a lone CR ends a line for the csv module only
    lines = pl.Series(text.removesuffix("\n").split("\n")).str.strip_suffix("\r")
    header = lines[0].split(",")
    if (
        len(lines) < 2
        or (len(set(header)) != len(header) and not by_position)
        or (lines.str.count_matches(",", literal=True) != len(header) - 1).any()
        or (lines.str.strip_chars() == "").any()
    ):
        return None
    frame = pl.read_csv(io.StringIO(text), infer_schema=False, empty_string_is_null=False)
    longest = frame.select(pl.all().str.len_chars().max()).max_horizontal().item()
    if frame.height != len(lines) - 1 or int(longest or 0) > MAX_CELL_CHARS:
        return None
    return frame
