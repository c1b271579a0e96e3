from pathlib import Path

import pytest

from sti.errors import InputError
from sti.ingest.readers.csv_records import csv_columns
from sti.ingest.readers.kosis_long import read_api_json, read_long_csv


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_long_csv_keeps_labels_and_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "x.csv",
        "PRD_DE,ITM_NM,C1_NM,C2_NM,DT,UNIT_NM\n202606,전체, 기술기반업종,대전,X,개\n",
    )
    cells = read_long_csv(path, tmp_path)
    row = cells.row(0, named=True)
    assert (row["source_row"], row["period_label"], row["value_raw"]) == (2, "202606", "X")
    assert row["row_labels"] == "전체 |  기술기반업종 | 대전 | 개"


def test_api_json_records_are_numbered(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.json",
        '[{"PRD_DE":"2023","DT":"1","C1":"25","ITM_NM":"명목"},{"PRD_DE":"2024","DT":"2","C1":"25","ITM_NM":"명목"}]',
    )
    cells = read_api_json(path, tmp_path)
    assert cells["source_row"].to_list() == [1, 2]
    assert cells["value_raw"].to_list() == ["1", "2"]


@pytest.mark.parametrize(
    ("name", "text", "rule"),
    [
        (
            "e.json",
            '{"err":"30","errMsg":"데이터가 존재하지 않습니다."}',
            "KOSIS returned error 30 instead of rows",
        ),
        ("m.json", '[{"PRD_DE":"2023","DT":"1"', "malformed JSON"),
        ("o.json", '{"rows": []}', "expected a JSON array"),
        ("n.json", "[]", "no data rows"),
        (
            "u.csv",
            "PRD_DE,ITM_NM,DT,REMARK\n2023,a,1,x\n",
            "not among the KOSIS OpenAPI fields: ['REMARK']",
        ),
        ("p.csv", "ITM_NM,DT\na,1\n", "required column PRD_DE is missing"),
        ("t.csv", "PRD_DE,ITM_NM,DT\n2023,a\n", "fewer cells than the header"),
    ],
)
def test_broken_long_inputs(tmp_path: Path, name: str, text: str, rule: str) -> None:
    path = write(tmp_path, name, text)
    reader = read_api_json if name.endswith(".json") else read_long_csv
    with pytest.raises(InputError) as error:
        reader(path, tmp_path)
    assert f"file {name}" in str(error.value)
    assert rule in str(error.value)


REGULAR = "PRD_DE,ITM_NM,C1_NM,C2_NM,DT\n2023,전체, 합계,대전,5\n2024,전체,,대전,X\n"


@pytest.mark.parametrize(
    "text",
    [
        REGULAR.replace(" 합계", '"합계, 전체"'),  # a quote: a record may span lines
        REGULAR + "\n2025,전체,,대전,1\n",  # a blank line
        REGULAR + "2025,전체,대전,1\n",  # a row narrower than the header
        REGULAR + "2025,전체,,대전,1,2\n",  # a row wider than the header
        REGULAR.replace("C2_NM", "C1_NM"),  # a repeated header name
        REGULAR.replace("\n", "\r", 1),  # a lone carriage return
        REGULAR + f"2025,전체,,대전,{'9' * 1_001}\n",  # a cell longer than MAX_CELL_CHARS
    ],
)
def test_irregular_csv_is_left_to_the_record_reader(text: str) -> None:
    assert csv_columns(text) is None


def test_regular_csv_is_read_by_columns_as_the_record_reader_reads_it(tmp_path: Path) -> None:
    regular = csv_columns(REGULAR)
    assert regular is not None
    assert regular.to_dict(as_series=False) == {
        "PRD_DE": ["2023", "2024"], "ITM_NM": ["전체", "전체"], "C1_NM": [" 합계", ""],
        "C2_NM": ["대전", "대전"], "DT": ["5", "X"],
    }  # fmt: skip
    # the same file with a quoted label takes the record-by-record path: same cells
    quoted = REGULAR.replace("전체, 합계", '"전체"," 합계"')
    assert csv_columns(quoted) is None
    columns = read_long_csv(write(tmp_path, "a.csv", REGULAR), tmp_path)
    records = read_long_csv(write(tmp_path, "b.csv", quoted), tmp_path)
    assert columns.drop("source_file").equals(records.drop("source_file"))
    assert columns["labels"].to_list() == [
        '{"ITM_NM": "전체", "C1_NM": " 합계", "C2_NM": "대전"}',
        '{"ITM_NM": "전체", "C2_NM": "대전"}',
    ]


@pytest.mark.parametrize("text", ["PRD_DE,DT\n2023,5\n2024,X\n", 'PRD_DE,DT\n2023,"5"\n2024,X\n'])
def test_a_file_of_periods_and_values_only_has_empty_labels(tmp_path: Path, text: str) -> None:
    """Both paths (by columns, record by record) read a file without label columns."""
    cells = read_long_csv(write(tmp_path, "p.csv", text), tmp_path)
    assert cells.select(
        "source_row", "labels", "row_labels", "period_label", "value_raw"
    ).rows() == [
        (2, "{}", "", "2023", "5"),
        (3, "{}", "", "2024", "X"),
    ]
