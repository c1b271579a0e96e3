"""Establishment microdata: rows in, year x region x KSIC section counts out; bad rows named."""

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from sti.errors import InputError
from sti.ingest.observations import observations_from_cells
from sti.ingest.readers.microdata import read_microdata_csv
from sti.paths import RAW_DIR
from sti.reference.industries import IndustryResolver

HEADER = "조사기준연도,시도코드,산업분류코드,종사자규모,종사자수\n"
COLUMNS = {"year": "조사기준연도", "region_code": "시도코드", "industry_code": "산업분류코드",
           "workers": "종사자수"}  # fmt: skip
MAPPING = {
    "columns": COLUMNS,
    "national_region_code": "00",
    "key_columns": ["항목"],
    "region_code_column": "시도코드",
    "industry_code_column": "산업대분류",
    "rows": {"사업체수": {"indicator": "establishments", "unit": "개"},
             "종사자수": {"indicator": "workers", "unit": "명"}},
}  # fmt: skip
ROWS = (
    "2022,25,26110,2,7\n"  # 대전, electronic components (division 26: C)
    "2022,25,10710,1,3\n"  # 대전, bakery (division 10: C)
    "2022,25,62010,3,12\n"  # 대전, programming (division 62: J)
    "2022,11,26110,1,4\n"  # 서울, C
    "2023,25,26110,1,2\n"  # 대전, the next year
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(RAW_DIR / "reference", tmp_path / "reference")
    return tmp_path


def write(root: Path, text: str, encoding: str = "utf-8") -> Path:
    path = root / "census" / "micro.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def counts(cells: pl.DataFrame) -> dict[tuple[str, str, str, str], tuple[int, int]]:
    """(item, year, region code, section) -> (value, first row)."""
    out = {}
    for row in cells.iter_rows(named=True):
        labels = json.loads(row["labels"])
        key = (labels["항목"], row["period_label"], labels["시도코드"], labels["산업대분류"])
        out[key] = (int(row["value_raw"]), row["source_row"])
    return out


def test_classes_roll_up_to_sections_and_totals(root: Path) -> None:
    cells = counts(read_microdata_csv(write(root, HEADER + ROWS), root, MAPPING))
    # 대전 2022: two manufacturing rows (lines 2 and 3), 7 + 3 workers
    assert cells[("사업체수", "2022", "25", "C")] == (2, 2)
    assert cells[("종사자수", "2022", "25", "C")] == (10, 2)
    assert cells[("사업체수", "2022", "25", "J")] == (1, 4)
    assert cells[("종사자수", "2022", "25", "_T")] == (22, 2)
    # the national rows sum the regions, the national total everything of the year
    assert cells[("사업체수", "2022", "00", "C")] == (3, 2)
    assert cells[("종사자수", "2022", "00", "_T")] == (26, 2)
    assert cells[("사업체수", "2023", "25", "C")] == (1, 6)
    assert ("사업체수", "2023", "11", "C") not in cells  # no row, no cell (not a zero)
    # 2022: 25/C, 25/J, 11/C, 00/C, 00/J and _T of 25, 11, 00; 2023: 25/C, 00/C, 25/_T, 00/_T
    assert len(cells) == 2 * (8 + 4)


def test_without_a_national_code_only_regions_are_written(root: Path) -> None:
    mapping = {k: v for k, v in MAPPING.items() if k != "national_region_code"}
    cells = counts(read_microdata_csv(write(root, HEADER + ROWS), root, mapping))
    assert {key[2] for key in cells} == {"25", "11"}


def test_cp949_and_a_byte_order_mark_are_read_and_recorded(root: Path) -> None:
    for encoding in ("cp949", "utf-8-sig"):
        cells = read_microdata_csv(write(root, HEADER + ROWS, encoding), root, MAPPING)
        assert counts(cells)[("사업체수", "2022", "25", "C")] == (2, 2)
        assert set(cells["encoding"]) == {"utf-8" if encoding == "utf-8-sig" else encoding}


@pytest.mark.parametrize(
    ("bad_line", "fragments"),
    [
        ("20x2,25,26110,1,7", ["row 4", "column '조사기준연도'", "not four digits", "'20x2'"]),
        ("2022,25,2611A,1,7", ["row 4", "column '산업분류코드'", "2 to 5 digits", "'2611A'"]),
        ("2022,25,261100,1,7", ["row 4", "column '산업분류코드'", "2 to 5 digits", "'261100'"]),
        ("2022,25,04110,1,7", ["row 4", "column '산업분류코드'", "division 04 is in no section"]),
        ("2022,25,26110,1,-3", ["row 4", "column '종사자수'", "whole number of 0 or more", "'-3'"]),
        ("2022,25,26110,1,2.5", ["row 4", "column '종사자수'", "whole number", "'2.5'"]),
        ("2022,25,26110,1,", ["row 4", "column '종사자수'", "whole number"]),
        ("2022,,26110,1,7", ["row 4", "column '시도코드'", "region code is blank"]),
        ("2022,25,26110,1,7,9", ["row 4", "row has 6 cells, the header 5"]),
        ("2022,25,26110,1", ["row 4", "row has 4 cells, the header 5"]),
        ('2022,25,26110,1,"7\n"', ["row 4", "spans lines"]),
        ("", ["row 4", "blank line inside the data"]),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_column(
    root: Path, bad_line: str, fragments: list[str]
) -> None:
    lines = ROWS.splitlines()
    text = HEADER + "\n".join([*lines[:2], bad_line, *lines[2:]]) + "\n"
    with pytest.raises(InputError) as error:
        read_microdata_csv(write(root, text), root, MAPPING)
    message = str(error.value)
    assert "file census/micro.csv" in message
    for fragment in fragments:
        assert fragment in message


def test_every_bad_group_is_reported_with_how_many_rows_share_it(root: Path) -> None:
    text = HEADER + ROWS + "2022,25,26110,1,x\n2022,25,26110,1,y\n2022,11,04999,1,1\n"
    with pytest.raises(InputError) as error:
        read_microdata_csv(write(root, text), root, MAPPING)
    problems = error.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (7, "종사자수", "x"),
        (9, "산업분류코드", "04999"),
    ]
    assert "(1 more in this group)" in problems[0].rule


def test_undeclared_or_missing_columns_are_refused(root: Path) -> None:
    path = write(root, HEADER + ROWS)
    with pytest.raises(InputError, match=r"declares no `columns.workers`"):
        read_microdata_csv(path, root, {**MAPPING, "columns": {**COLUMNS, "workers": ""}})
    with pytest.raises(InputError, match=r"row 1.*column '종업원수' \(mapping columns.workers\)"):
        read_microdata_csv(path, root, {**MAPPING, "columns": {**COLUMNS, "workers": "종업원수"}})


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "file census/micro.csv: file is empty"),
        ("\n\n", "file census/micro.csv: file is empty"),
        (HEADER, "file census/micro.csv, row 1: the file has a header but no data rows"),
    ],
)
def test_an_empty_file_or_a_header_alone_is_refused(root: Path, text: str, rule: str) -> None:
    with pytest.raises(InputError) as error:
        read_microdata_csv(write(root, text), root, MAPPING)
    assert str(error.value) == rule


def test_a_bad_byte_in_a_cp949_file_is_named_by_its_row_not_by_the_first_hangul(
    root: Path,
) -> None:
    path = write(root, HEADER + ROWS, "cp949")
    path.write_bytes(path.read_bytes() + b"2022,25,26110,1,\xff\n")
    with pytest.raises(InputError, match=r"row 7: encoding is neither UTF-8 nor CP949"):
        read_microdata_csv(path, root, MAPPING)


def test_undecodable_bytes_are_named_by_row(root: Path) -> None:
    path = write(root, HEADER + ROWS)
    path.write_bytes(path.read_bytes() + b"2022,25,26110,1,\xff\xfe\n")
    with pytest.raises(InputError, match=r"row 7.*neither UTF-8 nor CP949"):
        read_microdata_csv(path, root, MAPPING)


def test_observations_resolve_codes_and_name_a_row_for_a_code_not_valid_that_year(
    root: Path,
) -> None:
    """Through staging: 시도 codes are dated (세종 29 exists from 2012-07), and a problem found
    after the roll-up still points at the first establishment row counted in the cell."""
    text = HEADER + ROWS + "2011,29,26110,1,5\n"
    cells = read_microdata_csv(write(root, text), root, MAPPING)
    source = {"raw_file": "census/micro.csv", "source_id": "micro", "sha256": "0",
              "code_system": "kosis_stat", "series": "s", "release_date": None,
              "vintage": None, "mapping": MAPPING}  # fmt: skip
    obs = observations_from_cells(cells, source)
    fine = obs.filter(pl.col("problem").is_null())
    daejeon = fine.filter(
        (pl.col("region_id") == "KR-30")
        & (pl.col("industry_code") == "C")
        & (pl.col("year") == 2022)
    )
    assert sorted(zip(daejeon["indicator_id"], daejeon["value"], strict=True)) == [
        ("establishments", 2.0),
        ("workers", 10.0),
    ]
    assert set(fine.filter(pl.col("region_id") == "KR")["year"]) == {2011, 2022, 2023}
    sejong = obs.filter(pl.col("problem").is_not_null())
    assert set(sejong["source_row"]) == {7}
    assert sejong["problem"].str.contains("KR-50 did not exist yet in 2011").all()


def test_the_reader_agrees_with_the_hand_written_duckdb_floor(root: Path) -> None:
    """The benchmark's floor (bench/measure.py) and the reader are two writings of one roll-up:
    they must give the same counts on the same synthetic census year."""
    import duckdb

    from bench.census_microdata import HEADER, sidecar, write
    from bench.measure import FLOOR_SQL
    from sti.reference.industries import IndustryResolver

    path = write(root / "micro.csv", 5_000, 2019)
    cells = read_microdata_csv(path, root, sidecar(path, 2019, dt.date(2020, 12, 1))["mapping"])
    sections = IndustryResolver(root / "reference").section_of_division()
    conn = duckdb.connect()
    conn.register(
        "divisions", pl.DataFrame({"division": list(sections), "section": list(sections.values())})
    )
    conn.execute(FLOOR_SQL["census"], [[str(path)]])
    floor = conn.sql(
        "select year, region_code, section, establishments, workers from floor"
    ).fetchall()
    got: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in cells.iter_rows(named=True):
        labels = json.loads(row["labels"])
        key = (row["period_label"], labels[HEADER[1]], labels["산업대분류"])
        got.setdefault(key, {})[labels["항목"]] = int(row["value_raw"])
    expected = {(str(y), r, s): {"사업체수": e, "종사자수": w} for y, r, s, e, w in floor}
    assert got == expected
    assert sum(v["사업체수"] for (_, r, s), v in got.items() if r == "00" and s == "_T") == 5_000


def test_an_industry_code_column_accepts_only_codes_of_the_reference(root: Path) -> None:
    """`industry_code_column` resolves a label to an industries.csv code; anything else is a
    problem naming the column, never a new industry."""
    cells = read_microdata_csv(write(root, HEADER + ROWS), root, MAPPING)
    labels = pl.col("labels").str.replace('"산업대분류": "J"', '"산업대분류": "JJ"', literal=True)
    cells = cells.with_columns(labels)
    source = {"raw_file": "census/micro.csv", "source_id": "micro", "sha256": "0",
              "code_system": "kosis_stat", "series": "s", "release_date": None,
              "vintage": None, "mapping": MAPPING}  # fmt: skip
    obs = observations_from_cells(cells, source)
    broken = obs.filter(pl.col("problem").is_not_null())
    assert broken.height == 4  # 2022: 대전 and national J, establishments and workers
    assert broken["industry_code"].is_null().all()
    assert (
        broken["problem"]
        .str.contains(
            "industry 'JJ' is not a code of reference/industries.csv (column 산업대분류)",
            literal=True,
        )
        .all()
    )


# An MDIS extract's own shape: 시군구, size band, workers by sex and the founding year beside
# the columns the reader needs (their names as the 전국사업체조사 microdata codebook gives them).
REAL_HEADER = [
    "조사기준연도", "시도코드", "시군구코드", "산업분류코드", "종사자규모",
    "남자종사자수", "여자종사자수", "창업연도",
]  # fmt: skip
CENSUS_FILE = (
    RAW_DIR / "kosis" / "DT_1K52D01" / "census_DT_1K52D01_sections_all_regions_2020-2023.csv"
)
DAEJEON_STAT_CODE = "25"  # reference/region_codes.csv, kosis_stat


def _published_sections(year: str, region: str) -> dict[str, dict[str, int]]:
    """The census table's section totals as KOSIS publishes them: label -> item -> value."""
    import csv

    out: dict[str, dict[str, int]] = {}
    with CENSUS_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["PRD_DE"] == year and row["C1_NM"] == region:
                out.setdefault(row["C2_NM"], {})[row["ITM_NM"]] = int(row["DT"])
    return out


def _establishments(label: str, count: int, workers: int) -> list[str]:
    """`count` establishments of the section a published label names ('제조업(10~34)'), their
    KSIC classes spread over the label's own divisions, `workers` shared out and split by sex."""
    import re

    found = re.search(r"\((\d+)(?:~(\d+))?\)", label)
    assert found, label
    first, last = int(found.group(1)), int(found.group(2) or found.group(1))
    divisions = list(range(first, last + 1))
    rows = []
    for i in range(count):
        share = workers // count + (1 if i < workers % count else 0)
        male = share // 2
        division = divisions[i % len(divisions)]
        rows.append(
            f"2023,{DAEJEON_STAT_CODE},{DAEJEON_STAT_CODE}{110 + i % 5},"
            f"{division:02d}{i % 9 + 1:02d}{i % 7},{1 + i % 9},{male},{share - male},{1990 + i % 30}"
        )
    return rows


def test_classes_roll_up_to_the_published_section_totals(root: Path) -> None:
    """대전 2023 as KOSIS publishes it by section (DT_1K52D01), rebuilt as one row per
    establishment in the MDIS shape, classes spread over each section's divisions as the label
    states them: the reader's class-to-section roll-up (reference/industries.csv) gives back every
    published section, establishments and workers (men plus women), and the all-industry total."""
    published = _published_sections("2023", "대전")
    total = published.pop("전체 산업")
    rows = [
        line
        for label, items in published.items()
        for line in _establishments(label, items["사업체수"], items["종사자수"])
    ]
    assert len(rows) == total["사업체수"] == 167_782
    path = write(root, ",".join(REAL_HEADER) + "\n" + "\n".join(rows) + "\n")
    mapping = {
        **MAPPING,
        "columns": {**COLUMNS, "workers": ["남자종사자수", "여자종사자수"]},
    }
    cells = counts(read_microdata_csv(path, root, mapping))
    names = IndustryResolver(root / "reference")  # by the label's name, not its divisions
    for label, items in published.items():
        section = names.by_name(label)
        assert section is not None and len(section) == 1, label
        for item in ("사업체수", "종사자수"):
            assert cells[(item, "2023", DAEJEON_STAT_CODE, section)][0] == items[item], label
    assert cells[("사업체수", "2023", DAEJEON_STAT_CODE, "_T")][0] == 167_782
    assert cells[("종사자수", "2023", DAEJEON_STAT_CODE, "_T")][0] == 709_610
    sources = {
        row["source_column"]
        for row in read_microdata_csv(path, root, mapping).iter_rows(named=True)
    }
    assert "남자종사자수+여자종사자수" in sources


def test_a_bad_count_of_women_is_named_by_its_column(root: Path) -> None:
    text = ",".join(REAL_HEADER) + "\n2023,25,25110,26110,1,3,x,2001\n"
    mapping = {**MAPPING, "columns": {**COLUMNS, "workers": ["남자종사자수", "여자종사자수"]}}
    with pytest.raises(
        InputError, match=r"row 2, column '남자종사자수\+여자종사자수'.*whole number.*3\+x"
    ):
        read_microdata_csv(write(root, text), root, mapping)
