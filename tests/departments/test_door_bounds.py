"""The door's bounds at their edges: a workbook at each bound is read, one past it is refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sti.departments.yearly_report import MAX_REPORT_ROWS, read_report_file
from sti.errors import InputError
from sti.ingest.office_files import MAX_CELL_CHARS, MAX_MEMBERS, MAX_UNCOMPRESSED_BYTES
from tests.corpus.door_files import long_cell, padded, parts, rows

BOUNDS: list[tuple[str, Callable[[int], bytes], int, str]] = [
    ("rows", rows, MAX_REPORT_ROWS, f"more than {MAX_REPORT_ROWS:,} rows"),
    ("cell", long_cell, MAX_CELL_CHARS, f"more than Excel's {MAX_CELL_CHARS:,}"),
    ("parts", parts, MAX_MEMBERS, f"more than a workbook has ({MAX_MEMBERS})"),
    ("unpacked", padded, MAX_UNCOMPRESSED_BYTES, "when unpacked, more than the 50 MB"),
]


@pytest.mark.parametrize(
    ("make", "bound", "message"), [b[1:] for b in BOUNDS], ids=[b[0] for b in BOUNDS]
)
def test_at_the_bound_read_one_past_refused(
    tmp_path: Path, make: Callable[[int], bytes], bound: int, message: str
) -> None:
    at, past = tmp_path / "at.xlsx", tmp_path / "past.xlsx"
    at.write_bytes(make(bound))
    past.write_bytes(make(bound + 1))
    assert [s.kind for s in read_report_file(at, tmp_path)] == ["kpi"]
    with pytest.raises(InputError, match=re.escape(message)):
        read_report_file(past, tmp_path)
