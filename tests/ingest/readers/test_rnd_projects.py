"""R&D project microdata (form rnd_projects): project rows -> year x region x performer counts
and funding sums, the performer total 계 and the national total; staging converts 원 to 백만원."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from sti.errors import InputError
from sti.ingest.observations import observations_from_cells
from sti.ingest.readers.microdata import RND_PROJECTS, read_microdata_csv
from sti.paths import RAW_DIR

HEADER = "기준연도,과제고유번호,연구수행지역코드,연구수행주체,정부연구비\n"
COLUMNS = {"year": "기준연도", "region_code": "연구수행지역코드", "performer": "연구수행주체",
           "funding": "정부연구비"}  # fmt: skip
PERFORMERS = ("대학", "중소기업")
MAPPING = {
    "columns": COLUMNS,
    "national_region_code": "00",
    "key_columns": ["항목", "연구수행주체"],
    "region_code_column": "연구수행지역코드",
    "rows": {"과제수 | 계": {"indicator": "rnd_projects", "unit": "건"},
             "정부연구비 | 계": {"indicator": "rnd_gov_total", "unit": "원"}},
    "ignore": {f"{item} | {who}": "no performer dimension"
               for item in ("과제수", "정부연구비") for who in PERFORMERS},
}  # fmt: skip
ROWS = (
    "2022,P1,25,대학,300000000\n"  # 대전
    "2022,P2,25,대학,150000000\n"
    "2022,P3,25,중소기업,50000000\n"
    "2022,P4,11,대학,1000000000\n"  # 서울
    "2023,P1,25,대학,310000000\n"  # the next year of a project is a row of its own
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(RAW_DIR / "reference", tmp_path / "reference")
    return tmp_path


def write(root: Path, text: str) -> Path:
    path = root / "rnd" / "projects.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(root: Path, text: str) -> pl.DataFrame:
    return read_microdata_csv(write(root, text), root, MAPPING, RND_PROJECTS)


def test_projects_are_counted_and_funding_summed_by_performer_with_totals(root: Path) -> None:
    got = {}
    for row in read(root, HEADER + ROWS).iter_rows(named=True):
        labels = json.loads(row["labels"])
        key = (
            labels["항목"],
            row["period_label"],
            labels["연구수행지역코드"],
            labels["연구수행주체"],
        )
        got[key] = (row["value_raw"], row["source_row"], row["source_column"])
    assert got[("과제수", "2022", "25", "대학")] == ("2", 2, "(행 수)")
    assert got[("정부연구비", "2022", "25", "대학")] == ("450000000", 2, "정부연구비")
    assert got[("과제수", "2022", "25", "계")] == ("3", 2, "(행 수)")
    assert got[("정부연구비", "2022", "25", "계")] == ("500000000", 2, "정부연구비")
    assert got[("정부연구비", "2022", "00", "대학")] == ("1450000000", 2, "정부연구비")
    assert got[("과제수", "2022", "00", "계")] == ("4", 2, "(행 수)")
    assert got[("과제수", "2023", "00", "계")] == ("1", 6, "(행 수)")
    assert len(got) == 2 * (3 + 2 + 3 + 2 + 2), "2022: 대전 3, 서울 2, 전국 3 groups; 2023: 2, 2"


def test_staging_converts_funding_to_million_won_and_counts_projects(root: Path) -> None:
    source = {"raw_file": "rnd/projects.csv", "source_id": "ntis", "sha256": "0" * 64,
              "code_system": "kosis_stat", "series": "s", "preliminary_periods": [],
              "vintage": dt.date(2024, 10, 1), "mapping": MAPPING}  # fmt: skip
    obs = observations_from_cells(read(root, HEADER + ROWS), source)
    assert obs["problem"].is_null().all()
    daejeon = obs.filter((pl.col("region_id") == "KR-30") & (pl.col("year") == 2022))
    assert sorted(daejeon.select("indicator_id", "value", "unit").rows()) == [
        ("rnd_gov_total", 500.0, "백만원"),
        ("rnd_projects", 3.0, "건"),
    ]
    assert obs.height == 2 * 5, "only the 계 rows: 2022 대전, 서울, 전국; 2023 대전, 전국"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2022,P9,25,,100\n", "row 7, column '연구수행주체': the performer type is blank"),
        ("2022,P9,25,대학,1.5e8\n", "row 7, column '정부연구비': funding must be a whole number"),
        ("2022,P9,25,대학,-5\n", "row 7, column '정부연구비': funding must be a whole number"),
        ("22,P9,25,대학,5\n", "row 7, column '기준연도': the year is not four digits"),
        ("2022,P9,,대학,5\n", "row 7, column '연구수행지역코드': the region code is blank"),
    ],
)
def test_a_bad_project_row_is_named_by_file_row_and_column(
    root: Path, row: str, message: str
) -> None:
    with pytest.raises(InputError) as error:
        read(root, HEADER + ROWS + row)
    assert f"file rnd/projects.csv, {message}" in str(error.value)


def test_a_sidecar_without_the_performer_column_is_refused(root: Path) -> None:
    mapping = {**MAPPING, "columns": {k: v for k, v in COLUMNS.items() if k != "performer"}}
    with pytest.raises(InputError, match=r"declares no `columns.performer`"):
        read_microdata_csv(write(root, HEADER + ROWS), root, mapping, RND_PROJECTS)


def test_the_reader_agrees_with_the_hand_written_duckdb_floor(root: Path) -> None:
    """The benchmark's floor (bench/measure.py) and the reader are two writings of one roll-up."""
    import duckdb

    from bench.measure import FLOOR_SQL
    from bench.rnd_projects import HEADER as COLS
    from bench.rnd_projects import sidecar
    from bench.rnd_projects import write as write_projects

    path = write_projects(root / "projects.csv", 3_000, 2019)
    mapping = sidecar(path, 2019, dt.date(2020, 10, 1))["mapping"]
    cells = read_microdata_csv(path, root, mapping, RND_PROJECTS)
    conn = duckdb.connect()
    conn.execute(FLOOR_SQL["rnd"], [[str(path)]])
    floor = conn.sql("select year, region_code, performer, projects, funding from floor")
    got: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in cells.iter_rows(named=True):
        labels = json.loads(row["labels"])
        key = (row["period_label"], labels[COLS[2]], labels["연구수행주체"])
        got.setdefault(key, {})[labels["항목"]] = int(row["value_raw"])
    expected = {
        (str(y), r, p): {"과제수": n, "정부연구비": f} for y, r, p, n, f in floor.fetchall()
    }
    assert got == expected
    assert got[("2019", "00", "계")]["과제수"] == 3_000
