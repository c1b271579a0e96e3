"""`sti template`: the workbook of a department's whole part of the plan, from the baseline."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from sti.db.sql_door import connect_read_only
from sti.departments.check_sheets import ACTION_SHEET
from sti.departments.template import write_template
from tests.conftest import Pipeline


def _actions(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (r["세부과제"], r["세세부과제 번호"], r["세세부과제명"]) for r in csv.DictReader(handle)
        ]


def test_a_department_without_kpis_gets_its_actions_by_their_plan_names(
    baseline: Pipeline, tmp_path: Path
) -> None:
    with connect_read_only(baseline.warehouse) as conn:
        _, paths = write_template(conn, "우주항공산업추진단", 2025, tmp_path)
    assert _actions(paths[1]) == [
        ("1-1-4", "1", "지역 미래우주기술 연구개발 지원"),  # plan line 725
        ("1-1-4", "2", "지역 우주산업 기업 성장기반 확보"),  # line 739
        ("1-1-4", "3", "국가 우주산업 공동발전을 위한 네트워크 고도화"),  # line 756
    ]
    book = openpyxl.load_workbook(paths[0])
    sheet = book[ACTION_SHEET]
    header = [c.value for c in sheet[1]]
    name, status = header.index("세세부과제명"), header.index("추진상태")
    assert sheet.protection.sheet  # the plan's cells locked, the input cells open
    assert sheet.cell(2, name + 1).protection.locked
    assert not sheet.cell(2, status + 1).protection.locked
    rules = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    letter = openpyxl.utils.get_column_letter(status + 1)
    assert rules[f"{letter}2:{letter}204"] == '"완료,정상추진,지연,미착수,중단·변경"'


def test_a_co_owned_subtask_is_in_each_owners_workbook(baseline: Pipeline, tmp_path: Path) -> None:
    """2-3-2 has two owners (과학협력과, 도시브랜드담당관): each reports its own rows."""
    with connect_read_only(baseline.warehouse) as conn:
        science = write_template(conn, "과학협력과", 2025, tmp_path / "a")[1][1]
        brand = write_template(conn, "도시브랜드담당관", 2025, tmp_path / "b")[1][1]
    shared = {a for a in _actions(science) if a[0] == "2-3-2"}
    assert shared and shared == {a for a in _actions(brand) if a[0] == "2-3-2"}
