"""Department text that Excel would run is made inert in every CSV and XLSX written for people,
kept exactly in JSON and Parquet; `sti sql` never writes onto what is published and answers
every DuckDB error with one `refused:` line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from sti.cli import main
from sti.db.spreadsheet_text import inert, runs_as_formula
from sti.paths import WAREHOUSE_ENV_VAR
from sti.reports.evaluation.sheets import Column, Sheet
from sti.reports.evaluation.workbook import write_csv, write_workbook
from sti.warehouse.releases import ReleaseStore
from tests.conftest import Pipeline

HOSTILE = [
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","근거")',
    "+1+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["실태조사 보고서", "-", "-5", "+3.2", "1e3", "a=b", "2026-02-20"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_is_prefixed_with_a_quote(text: str) -> None:
    assert runs_as_formula(text)
    assert inert(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_text_and_numbers_that_run_nothing_stay_as_they_are(text: str) -> None:
    assert not runs_as_formula(text)
    assert inert(text) == text


def test_numbers_and_nulls_pass_through() -> None:
    assert [inert(v) for v in (-5, 3.5, None, dt.date(2025, 1, 1))] == [
        -5,
        3.5,
        None,
        dt.date(2025, 1, 1),
    ]


def _sheet() -> Sheet:
    columns = [Column("evidence", "근거자료", "Evidence"), Column("value", "실적값", "Value")]
    return Sheet("데이터 출처", "sources", "Sources", columns, [[t, -5.0] for t in HOSTILE])


def test_a_package_workbook_holds_department_text_as_strings_never_formulas(
    tmp_path: Path,
) -> None:
    path = write_workbook([_sheet()], tmp_path / "evaluation.xlsx", dt.datetime(2025, 12, 31))
    sheet = load_workbook(path)["데이터 출처"]
    cells = [cell for row in sheet.iter_rows(min_row=3) for cell in row]
    assert [c.data_type for c in cells if c.column == 1] == ["s"] * len(HOSTILE)
    assert [c.value for c in cells if c.column == 1] == HOSTILE  # the text itself, unchanged
    assert [c.value for c in cells if c.column == 2] == [-5] * len(HOSTILE)  # numbers stay numbers


def test_a_package_csv_holds_no_cell_excel_would_run(tmp_path: Path) -> None:
    path = write_csv(_sheet(), tmp_path / "07_sources.csv")
    text = path.read_bytes().decode("utf-8-sig")  # a quoted carriage return stays one
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[2:]] == ["'" + t for t in HOSTILE]
    assert [r[1] for r in rows[2:]] == ["-5"] * len(HOSTILE)
    assert not any(runs_as_formula(cell) for row in rows for cell in row)


@pytest.fixture
def texts_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A published release of one table of department text, behind the usual link."""
    build = tmp_path / "build.duckdb"
    with duckdb.connect(str(build)) as conn:
        conn.execute("create table reports (evidence varchar, value double)")
        conn.executemany("insert into reports values (?, ?)", [[t, -5.0] for t in HOSTILE])
    published = tmp_path / "marts" / "warehouse.duckdb"
    store = ReleaseStore(published)
    store.releases_dir.mkdir(parents=True)
    store.publish(build, "run-1", {})
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(published))
    return published


def test_sti_sql_csv_is_inert_and_json_exact(
    texts_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "select evidence, value from reports"
    assert main(["sql", "--format", "csv", query]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert not any(runs_as_formula(cell) for row in rows for cell in row)
    assert main(["sql", "--format", "json", query]) == 0
    assert [r["evidence"] for r in json.loads(capsys.readouterr().out)] == HOSTILE


def test_sti_sql_never_writes_onto_the_published_release(
    texts_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ReleaseStore(texts_warehouse)
    release = texts_warehouse.resolve()
    before = release.read_bytes()
    targets = [texts_warehouse, release, store.releases_dir / "mine.csv", store.releases_dir]
    for target in targets:
        for fmt in ("csv", "parquet"):
            code = main(["sql", "--format", fmt, "-o", str(target), "select 1 as one"])
            assert code == 1, target
            assert capsys.readouterr().err.startswith("refused:"), target
    assert release.read_bytes() == before and texts_warehouse.resolve() == release
    assert store.verify() == []
    assert main(["verify"]) == 0
    out = tmp_path / "mine" / "one.csv"
    assert main(["sql", "--format", "csv", "-o", str(out), "select 1 as one"]) == 0
    assert out.read_text("utf-8") == "one\n1\n"
    assert [p.name for p in out.parent.iterdir()] == ["one.csv"]  # no temporary left
    assert oct(os.stat(out).st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    "statement",
    [
        "select * from sniff_csv('/etc/passwd')",
        "select * from read_text('/etc/passwd')",
        "select 1/0::integer + 'x'",
        "select * from no_such_table",
    ],
)
def test_every_duckdb_error_at_the_door_is_one_refused_line(
    texts_warehouse: Path, statement: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", statement]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refused:") and "Traceback" not in err


def test_extract_catalog_and_template_refuse_the_release_store(
    baseline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = Pipeline(baseline.archive, tmp_path / "marts" / "warehouse.duckdb")
    published.start_from(baseline)
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(published.warehouse))
    inside = str(ReleaseStore(published.warehouse).releases_dir / "out")
    assert main(["catalog", "--out", inside]) == 1
    assert main(["extract", "annual", "--as-of", "2025-12-31", "--out", inside]) == 1
    assert main(["template", "국방산업추진단", "--year", "2025", "--out", inside]) == 1
    assert not Path(inside).exists()
    assert main(["verify"]) == 0


def test_sti_sql_shows_as_many_rows_as_asked(
    texts_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "select range as i from range(59)"
    assert main(["sql", query]) == 0
    assert "(20 shown)" in capsys.readouterr().out
    assert main(["sql", "--max-rows", "0", query]) == 0
    every = capsys.readouterr().out
    assert "shown" not in every
    assert all(f" {i} " in every for i in range(59))
    assert main(["sql", "--max-rows", "5", query]) == 0
    assert "(5 shown)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["sql", "--help"])
    assert "--max-rows N" in capsys.readouterr().out
