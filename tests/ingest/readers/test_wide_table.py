from pathlib import Path

import pytest

from sti.errors import InputError
from sti.ingest.readers import wide_table
from sti.ingest.readers.wide_table import read_wide_csv
from tests.files import FIXTURES


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_genuine_kosis_cp949_download() -> None:
    cells = read_wide_csv(FIXTURES / "kosis_web_per_capita_cp949.csv", FIXTURES)
    assert cells["encoding"].unique().to_list() == ["cp949"]
    assert cells["period_label"].unique().sort().to_list()[-1] == "2023 p)"
    first = cells.row(0, named=True)
    assert first["row_labels"] == "1인당 지역내총생산 | 전국"
    assert (first["source_row"], first["source_column"], first["value_raw"]) == (2, "2014", "32320")
    assert cells.filter(cells["row_labels"].str.ends_with("대전광역시")).height > 0


def test_utf8_is_detected_and_labels_keep_leading_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, '"업종","지역",2026.05,2026.06\n" 기술기반업종","대전",500,X\n')
    cells = read_wide_csv(path, tmp_path)
    assert cells["encoding"].to_list() == ["utf-8", "utf-8"]
    assert cells["row_labels"].to_list() == [" 기술기반업종 | 대전"] * 2
    assert cells["value_raw"].to_list() == ["500", "X"]


def test_cp949_is_detected(tmp_path: Path) -> None:
    path = write(tmp_path, '"시도별",2022,2023 p)\n"대전광역시",1,2\n', encoding="cp949")
    assert read_wide_csv(path, tmp_path)["encoding"].unique().to_list() == ["cp949"]


def test_two_header_rows_give_item_labels(tmp_path: Path) -> None:
    text = '"시도별",2025,2025\n"시도별","계 (%)","농가 (가구)"\n"대전",1.5,200\n'
    cells = read_wide_csv(write(tmp_path, text), tmp_path)
    assert cells["row_labels"].to_list() == ["대전 | 계 (%)", "대전 | 농가 (가구)"]
    assert cells["source_row"].to_list() == [3, 3]


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b"", "file is empty"),
        (b'"\xc7\xd7\xb8\xf1",2021\n"\xff\xfe",1\n', "neither CP949"),
        ('"구분",2020,2021\n'.encode(), "header but no data rows"),
        ('"구분","비고"\n"대전",1\n'.encode(), "no period columns"),
        ('"구분",2020,2021\n"대전",1\n'.encode(), "truncated or shifted row"),
        ('"구분",2020,"비고",2021\n"대전",1,a,2\n'.encode(), "neither a period nor a label"),
    ],
)
def test_broken_files_are_refused_with_file_and_rule(
    tmp_path: Path, content: bytes, rule: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_wide_csv(path, tmp_path)
    assert "file broken.csv" in str(error.value)
    assert rule in str(error.value)


def test_truncated_row_names_its_row(tmp_path: Path) -> None:
    path = write(tmp_path, '"구분",2020,2021\n"전국",1,2\n"대전",1\n')
    with pytest.raises(InputError, match="row 3"):
        read_wide_csv(path, tmp_path)


def test_xlsx_download_reads_like_the_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from sti.ingest.readers.wide_table import read_wide_xlsx

    book = Workbook()
    sheet = book.active
    sheet.title = "데이터"
    sheet.append(["시도별", "2022", "2023 p)"])
    sheet.append(["대전광역시", 50666636, "X"])
    sheet.append(["전국", 2327595674.0, 2411863556.5])
    book.save(tmp_path / "kosis.xlsx")
    cells = read_wide_xlsx(tmp_path / "kosis.xlsx", tmp_path)
    assert cells["value_raw"].to_list() == ["50666636", "X", "2327595674", "2411863556.5"]
    assert cells["source_row"].to_list() == [2, 2, 3, 3]
    assert cells["period_label"].to_list()[1] == "2023 p)"


def test_damaged_xlsx_is_refused(tmp_path: Path) -> None:
    from sti.ingest.readers.wide_table import read_wide_xlsx

    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match=r"file bad\.xlsx: not a readable XLSX workbook"):
        read_wide_xlsx(tmp_path / "bad.xlsx", tmp_path)


def _quoted(text: str) -> str:
    """The same records with every field quoted: read record by record, not by polars."""
    return "".join(
        ",".join(f'"{field}"' for field in line.split(",")) + "\n"
        for line in text.removesuffix("\n").split("\n")
    )


@pytest.mark.parametrize(
    "text",
    [
        "업종,지역,2026.05,2026.06\n 기술기반업종,대전,500,X\n전체,대전 ,-,\n",
        "시도별,2025,2025\n시도별,계 (%),농가 (가구)\n대전,1.5,200\n서울,…,3\n",
        "구분,Unnamed: 3,2020,2021 p)\n대전,,1,2\n세종,, 3,4\n",
        "항목,,2020\n가,,1\n나,,2\n",
    ],
)
def test_a_regular_file_read_by_polars_gives_the_cells_of_a_record_by_record_read(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fast").mkdir()
    (tmp_path / "slow").mkdir()
    with monkeypatch.context() as patched:  # the regular file is never read record by record
        patched.setattr(wide_table, "csv_records", None)
        fast = read_wide_csv(write(tmp_path / "fast", text), tmp_path / "fast", ["Unnamed: 3"])
    slow = read_wide_csv(write(tmp_path / "slow", _quoted(text)), tmp_path / "slow", ["Unnamed: 3"])
    assert fast.height > 1
    assert fast.equals(slow)


@pytest.mark.parametrize("quote", [False, True])
@pytest.mark.parametrize(
    ("text", "rule", "row", "column"),
    [
        ("구분,비고\n대전,1\n", "no period columns", 1, None),
        ("구분,2020,비고,2021\n대전,1,a,2\n", "neither a period nor a label", 1, "비고"),
        ("구분,Unnamed: 3,2020\n대전,,1\n세종,x,2\n", "ignore_columns) has data", 3, "Unnamed: 3"),
        ("2020,2021\n1,2\n", "no label columns", 1, None),
    ],
)
def test_a_broken_regular_file_is_refused_as_a_quoted_one_is(
    tmp_path: Path, quote: bool, text: str, rule: str, row: int, column: str | None
) -> None:
    path = write(tmp_path, _quoted(text) if quote else text)
    with pytest.raises(InputError) as error:
        read_wide_csv(path, tmp_path, ["Unnamed: 3"])
    problem = error.value.problems[0]
    assert (rule in problem.rule, problem.row, problem.column) == (True, row, column)
