"""Files held back (sti/ingest/held_back.py): each step owns its rows, a file's domain is told by
its sidecar, the published release or the files beside it, and late releases wait."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from assets.raw.source_files import _as_published, hold_back_unusable, late_releases
from sti.errors import InputError, InputProblem
from sti.ingest.held_back import (
    HELD_BACK_TABLE,
    can_hold,
    dated,
    held_files,
    held_rows,
    rule_text,
    write_held_back,
)
from sti.ingest.provenance import Unusable, discover_each, sidecar_path
from sti.paths import RAW_DIR
from tests.archive_edits import CENSUS, GRDP

TODAY = dt.date(2026, 12, 7)


def _rows(file: str, found_by: str, domain: str = "grdp") -> list[dict]:
    return held_rows([InputProblem(file, "a rule", row=3)], file, "src", domain, found_by)


def test_each_step_replaces_only_its_own_rows() -> None:
    conn = duckdb.connect()
    write_held_back(conn, "raw.source_files", dated(_rows("a.csv", "raw.source_files"), {}, TODAY))
    write_held_back(conn, "staging.grdp", dated(_rows("b.csv", "staging.grdp"), {}, TODAY))
    write_held_back(conn, "raw.source_files", dated([], {}, TODAY))  # the next night: fixed
    assert conn.execute(f"select source_file, found_by from {HELD_BACK_TABLE}").fetchall() == [
        ("b.csv", "staging.grdp")
    ]
    assert held_files(conn, "grdp", not_found_by="staging.grdp") == {}
    assert held_files(conn, "grdp", not_found_by="raw.table_cells") == {"b.csv": "a rule"}
    assert held_files(conn, "census", not_found_by="raw.table_cells") == {}


def test_a_file_held_again_keeps_the_night_it_was_first_held() -> None:
    since = {("a.csv", "a rule"): dt.date(2026, 11, 30)}
    frame = dated(
        _rows("a.csv", "raw.table_cells") + _rows("c.csv", "raw.table_cells"), since, TODAY
    )
    assert frame["held_since"].to_list() == [dt.date(2026, 11, 30), TODAY]


def test_a_problem_in_another_file_and_the_value_found_are_named() -> None:
    problem = InputProblem("a.csv.yaml", "sidecar lacks fields", value="x")
    assert rule_text(problem, "a.csv") == "file a.csv.yaml: sidecar lacks fields (found 'x')"
    assert rule_text(InputProblem("a.csv", "bad"), "a.csv") == "bad"


def test_only_statistical_sources_and_department_reports_wait_alone() -> None:
    assert can_hold("census") and can_hold("department_reports") and can_hold(None)
    assert not can_hold("targets") and not can_hold("budget") and not can_hold("reference")
    plan_file = Unusable("budget/b.csv", "plan", "budget", (InputProblem("budget/b.csv", "bad"),))
    with pytest.raises(InputError, match=r"budget/b\.csv: bad"):
        hold_back_unusable([plan_file], "raw.source_files")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    shutil.copytree(RAW_DIR, root)
    return root


def test_a_file_without_its_sidecar_is_told_by_the_published_release(archive: Path) -> None:
    sidecar_path(archive / CENSUS).unlink()
    found, unusable = discover_each(archive)
    [file] = unusable
    assert (file.raw_file, file.domain) == (CENSUS, None)  # alone in its folder: nothing tells
    assert CENSUS not in {side.raw_file for side in found}
    published = _as_published(file, {CENSUS: ("kosis_101_DT_1K52D01", "census")})
    assert (published.source_id, published.domain) == ("kosis_101_DT_1K52D01", "census")


def test_a_file_beside_others_takes_their_domain_until_the_release_says(archive: Path) -> None:
    (archive / "kosis" / "DT_1C91" / "stray.csv").write_text("a,b\n1,2\n", "utf-8")
    _, [file] = discover_each(archive)
    assert (file.domain, file.guessed) == ("grdp", True)
    assert _as_published(file, {file.raw_file: ("x", "census")}).domain == "census"


def test_a_sidecar_that_breaks_a_rule_keeps_its_declared_domain(archive: Path) -> None:
    side = sidecar_path(archive / CENSUS)
    side.write_text(side.read_text("utf-8") + "relase_date: 2026-01-01\n", "utf-8")
    _, [file] = discover_each(archive)
    assert (file.domain, file.source_id, file.guessed) == ("census", "kosis_101_DT_1K52D01", False)
    assert "unknown fields ['relase_date']" in file.problems[0].rule


def test_a_new_file_older_than_the_newest_release_held_waits_unless_a_backfill(
    archive: Path,
) -> None:
    found, _ = discover_each(archive)
    newest = {"kosis_101_DT_1C91": (dt.date(2025, 12, 20), GRDP)}
    older = {side.raw_file for side in found if side.source_id == "kosis_101_DT_1C91"} - {GRDP}
    assert older, "the shipped archive holds an earlier DT_1C91 release"
    late = late_releases(found, {GRDP}, newest)
    assert {file.raw_file for file in late} == older
    assert "is older than release 2025-12-20" in late[0].problems[0].rule
    assert late_releases(found, {s.raw_file for s in found}, newest) == []  # held before
    same_day = {"kosis_101_DT_1C91": (dt.date(2024, 12, 20), GRDP)}
    assert late_releases(found, {GRDP}, same_day) == []  # not older: the same day
