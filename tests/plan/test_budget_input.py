"""The budget template reads from CSV or XLSX with the same columns and the same checks."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from sti.errors import InputError
from sti.plan.budget import COLUMNS, read_budget, validate_budget


def test_xlsx_report_reads_like_the_csv(tmp_path: Path) -> None:
    (tmp_path / "budget").mkdir()
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(
        ["1-1-2", "2023", "local", 120, 95.5, "바이오헬스산업과", "2024-02-01", "2023 execution"]
    )
    sheet.append(
        ["1-1-2", "2024", "local", 150, None, "바이오헬스산업과", "2024-02-01", "plan only"]
    )
    book.save(tmp_path / "budget" / "report_2023.xlsx")
    frame = read_budget(tmp_path)
    assert frame.select(
        "subtask_code", "period", "planned_eok", "executed_eok", "source_row"
    ).rows() == [
        ("1-1-2", "2023", 120.0, 95.5, 2),
        ("1-1-2", "2024", 150.0, None, 3),
    ]
    assert validate_budget(frame, {"1-1-2"}) == []


def test_a_renamed_column_is_refused(tmp_path: Path) -> None:
    (tmp_path / "budget").mkdir()
    header = ",".join(c if c != "executed_eok" else "spent" for c in COLUMNS)
    (tmp_path / "budget" / "b.csv").write_text(
        header + "\n1-1-2,2023,local,1,1,x,2024-01-01,\n", "utf-8"
    )
    with pytest.raises(InputError, match="missing column"):
        read_budget(tmp_path)
