"""The door (`sti receive`): every hostile or mistaken file of tests/corpus/door_cases.yaml is
refused with its one message, no traceback, nothing archived; a report that repeats or
contradicts the archive is refused there, not by the night."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sti.cli import main
from sti.db.sql_door import connect_read_only
from sti.departments.receipt import receive
from sti.errors import InputError
from sti.paths import PROJECT_ROOT, WAREHOUSE_ENV_VAR
from tests.conftest import Pipeline
from tests.corpus.door_files import CSV_HEADER, CSV_ROW, make
from tests.files import CORPUS

CASES = yaml.safe_load((CORPUS / "door_cases.yaml").read_text(encoding="utf-8"))["cases"]
NIGHT_CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]
# Reading the zip bomb, the whole process (Python, DuckDB, polars, pandera and openpyxl imported):
# 192 MB measured 2026-12-07, as after the imports alone; unpacked, the bomb would add 200 MB.
RECEIVE_PEAK_BOUND_MB = 350


def test_the_corpora_hold_at_least_80_cases() -> None:
    assert len(CASES) + len(NIGHT_CASES) >= 80
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.fixture
def door(baseline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """`sti receive` archiving into an empty archive, reading the baseline's rules."""
    archive = tmp_path / "raw"
    archive.mkdir()
    monkeypatch.setattr("sti.paths.RAW_DIR", archive)
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(baseline.warehouse))
    return archive, tmp_path


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_a_hostile_file_is_refused_at_the_door_with_one_message(
    case: dict, door: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    archive, tmp_path = door
    source = make(case["file"], tmp_path)
    sent = tmp_path / "sent" / case["file"]
    sent.parent.mkdir()
    shutil.copyfile(source, sent)

    code = main(["receive", str(sent)])

    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    missing = [fragment for fragment in case["expect"] if fragment not in err]
    assert missing == [], f"{case['id']}: message lacks {missing}:\n{err}"
    assert list(archive.rglob("*")) == [], "something was archived"
    assert sent.read_bytes() == source.read_bytes(), "the sender's file was changed"


def test_the_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """In a process of its own, so the peak is the door's alone."""
    bomb = make("zip_bomb.xlsx", tmp_path)
    script = (
        "from sti.departments.yearly_report import read_report_file\n"
        "from sti.errors import InputError\n"
        "try:\n"
        f"    read_report_file(__import__('pathlib').Path({str(bomb)!r}), __import__('pathlib').Path('/'))\n"
        "except InputError as error:\n"
        "    print(error)\n"
        # VmHWM: this process's own peak (ru_maxrss would start from the forking parent's)
        "status = open('/proc/self/status').read()\n"
        "print(int(status.split('VmHWM:')[1].split()[0]) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    message, peak = done.stdout.strip().splitlines()
    assert "expands to 200 MB when unpacked" in message
    assert int(peak) < RECEIVE_PEAK_BOUND_MB, f"peak {peak} MB"


GOOD = CSV_ROW.replace("2025,650000", "2024,650000")


def _receive(baseline: Pipeline, archive: Path, path: Path) -> Path:
    with connect_read_only(baseline.warehouse) as conn:
        import datetime as dt

        return receive(conn, path, archive, dt.date(2026, 11, 23))


def test_the_same_rows_in_a_file_of_another_name_are_refused_at_the_door(
    baseline: Pipeline, tmp_path: Path
) -> None:
    archive = tmp_path / "raw"
    first = tmp_path / "report.csv"
    first.write_text(CSV_HEADER + GOOD, encoding="utf-8")
    kept = _receive(baseline, archive, first)

    again = tmp_path / "report_resent.csv"
    again.write_text(CSV_HEADER + GOOD + "\n", encoding="utf-8")  # other bytes, same rows
    with pytest.raises(InputError) as caught:
        _receive(baseline, archive, again)
    text = str(caught.value)
    assert "row 2, column '성과지표ID': already received" in text
    assert f"{kept.relative_to(archive).as_posix()} row 2 with the same value" in text

    other = tmp_path / "report_changed.csv"
    other.write_text(CSV_HEADER + GOOD.replace("650000", "640000"), encoding="utf-8")
    with pytest.raises(InputError, match=r"conflicts with the archive: .* with the value 650000"):
        _receive(baseline, archive, other)

    with pytest.raises(InputError, match=r"already received: identical to departments/"):
        _receive(baseline, archive, first)
    assert sorted(p.name for p in archive.rglob("*.csv")) == [kept.name]

    revision = tmp_path / "report_revised.csv"
    revision.write_text(
        CSV_HEADER + GOOD.replace("650000", "640000").replace("2026-02-20", "2026-03-02"),
        encoding="utf-8",
    )
    assert _receive(baseline, archive, revision).exists()
