"""sti/ingest/cell_storage.py: a wide table's cells are numbered without being laid out, exactly
as the laid-out cells are."""

from __future__ import annotations

from pathlib import Path

import pytest

from sti.ingest.cell_storage import StoredCells
from sti.ingest.readers.wide_table import read_wide_block
from tests.files import FIXTURES


@pytest.mark.parametrize(
    "text",
    [
        # labels repeated on two rows, a period header used by two columns, rows out of order
        "업종,지역,2026.05,2026.06,2026.06\n전체,대전,1,2,3\n제조업,서울,4,X,-\n전체,대전,7,8,9\n",
        # quoted: read record by record
        '"시도별","항목",2022,2023 p)\n"대전","계",1,2\n"세종","계",,3\n',
        # an item header row adds a label per column: laid out
        "시도별,2025,2025\n시도별,계 (%),농가 (가구)\n대전,1.5,200\n서울,…,3\n",
    ],
)
def test_a_wide_table_is_numbered_as_its_laid_out_cells_are(tmp_path: Path, text: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    block = read_wide_block(path, tmp_path)
    direct, laid_out = StoredCells.of_wide(block, 7), StoredCells.of_cells(block.cells(), 7)
    assert direct.values.height == block.rows.height * block.columns.height
    assert direct.values.equals(laid_out.values)
    assert direct.columns.equals(laid_out.columns)
    assert direct.label_sets.equals(laid_out.label_sets)
    assert direct.encoding == laid_out.encoding == "utf-8"


def test_a_genuine_kosis_download_is_numbered_as_its_laid_out_cells_are() -> None:
    block = read_wide_block(FIXTURES / "kosis_web_per_capita_cp949.csv", FIXTURES)
    direct, laid_out = StoredCells.of_wide(block, 1), StoredCells.of_cells(block.cells(), 1)
    assert direct.values.height > 100 and direct.label_sets.height > 10
    assert direct.values.equals(laid_out.values)
    assert direct.columns.equals(laid_out.columns)
    assert direct.label_sets.equals(laid_out.label_sets)
