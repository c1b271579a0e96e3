"""The implementation check's sheets at the door: every bad input is refused naming the file,
sheet (for a workbook), row, Korean column and rule; a good one passes; executed above
allocated is not refused. Each case fails if its rule is removed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sti.departments.check_sheets import ACTION_SHEET, PlanAction, PlanRules
from sti.departments.subtask_indicators import Definition
from sti.departments.yearly_report import (
    KpiRules,
    ReportRules,
    archive_conflicts,
    parse_report_files,
    validate_parsed,
)
from sti.errors import InputError

TODAY = dt.date(2026, 11, 23)
SPACE = "우주항공산업추진단"
RULES = ReportRules(
    KpiRules({}, {}, {}, {}, {}),
    PlanRules(
        actions={
            ("1-1-4", 1): PlanAction("지역 미래우주기술 연구개발 지원", 2023, 2027),
            ("1-1-4", 2): PlanAction("지역 우주산업 기업 성장기반 확보", 2023, 2027),
            ("1-1-3", 1): PlanAction("첨단 국방과학 도시 조성", 2023, 2027),
        },
        owners={"1-1-4": {SPACE}, "1-1-3": {"국방산업추진단"}},
        subtask_names={"1-1-4": "우주산업 3각 클러스터 구축", "1-1-3": "K-방산 허브도시 조성"},
    ),
    {("1-1-4", "시제품 건수"): Definition("건", "higher", 2022, 0.0, 2027, 50.0)},
)
ACTIONS = "부서,세부과제,세세부과제 번호,세세부과제명,추진기간,연도,추진상태,추진실적,지연·변경 사유,근거자료,보고자,보고일\n"
GOOD_ACTION = f"{SPACE},1-1-4,1,지역 미래우주기술 연구개발 지원,2023-2027,2025,정상추진,공동연구 3건,,결과보고,이우주,2026-02-20\n"
BUDGET = "부서,세부과제,연도,재원,계획액(억원),예산액(억원),집행액(억원),차년도 요구액(억원),보고일,상태\n"
GOOD_BUDGET = f"{SPACE},1-1-4,2025,국비,20,20,14,25,2026-02-20,확정\n"
PLANS = "부서,세부과제,세세부과제 번호,세세부과제명,계획연도,차년도 구분,계획 내용,보고일\n"
GOOD_PLAN = f"{SPACE},1-1-4,1,지역 미래우주기술 연구개발 지원,2026,계속,공동연구 확대,2026-02-20\n"
INDICATORS = (
    "부서,세부과제,지표명,구분,단위,방향,기준연도,기준값,목표연도,목표값,연도,실적값,보고일\n"
)
GOOD_INDICATOR = f"{SPACE},1-1-4,시제품 건수,기존,건,증가,2022,0,2027,50,2025,12,2026-02-20\n"
NEW_INDICATOR = f"{SPACE},1-1-4,위성 부품 국산화율,신규,%,증가,2022,10,2027,40,2025,18,2026-02-20\n"


def _problems(tmp_path: Path, header: str, *lines: str) -> list[str]:
    """Every problem the door finds in a CSV of these lines: unreadable cells, then rules."""
    path = tmp_path / "report.csv"
    path.write_text(header + "".join(lines), encoding="utf-8")
    try:
        parsed = parse_report_files([path], tmp_path, {})
    except InputError as error:
        return [str(p) for p in error.problems]
    return [str(p) for p in validate_parsed(parsed, RULES, TODAY)]


@pytest.mark.parametrize(
    ("header", "good", "bad", "expected"),
    [
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace(",1,지역", ",9,지역"),
            "column '세세부과제 번호': sub-task 1-1-4 has no action 9; its actions are [1, 2]",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("정상추진", "진행중"),
            "column '추진상태': must be one of ['완료', '정상추진', '지연', '미착수', '중단·변경']",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("정상추진", "지연"),
            "column '지연·변경 사유': 추진상태 '지연' needs its 지연·변경 사유",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("정상추진", "중단·변경"),
            "column '지연·변경 사유': 추진상태 '중단·변경' needs its 지연·변경 사유",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("연구개발 지원", "연구 지원"),
            "column '세세부과제명': a locked cell was changed: the plan says "
            "'지역 미래우주기술 연구개발 지원'",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("2023-2027", "2024-2027"),
            "column '추진기간': a locked cell was changed: the plan says '2023-2027'",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace(
                "1-1-4,1,지역 미래우주기술 연구개발 지원", "1-1-3,1,첨단 국방과학 도시 조성"
            ),
            "column '세부과제': sub-task 1-1-3 is owned by 국방산업추진단, not by 우주항공산업추진단",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace(",2025,", ",2028,"),
            "column '연도': the action runs 2023-2027",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace(",1,", ",일,"),
            "column '세세부과제 번호': must be a whole number",
        ),
        (
            ACTIONS,
            GOOD_ACTION,
            GOOD_ACTION.replace("2026-02-20", "2027-01-05"),
            "column '보고일': is after today (2026-11-23)",
        ),
        (
            BUDGET,
            GOOD_BUDGET,
            GOOD_BUDGET.replace(",14,", ",-1,"),
            "column '집행액(억원)': an amount is not negative",
        ),
        (
            BUDGET,
            GOOD_BUDGET,
            GOOD_BUDGET.replace(",20,14", ",20,14억"),
            "column '집행액(억원)': must be a number without thousands separators or units",
        ),
        (
            BUDGET,
            GOOD_BUDGET,
            GOOD_BUDGET.replace("1-1-4", "1-1-3"),
            "column '세부과제': sub-task 1-1-3 is owned by 국방산업추진단, not by 우주항공산업추진단",
        ),
        (
            BUDGET,
            GOOD_BUDGET,
            GOOD_BUDGET.replace("국비", "지방비"),
            "column '재원': must be one of ['국비', '시비', '공공', '민간', '기타', '구분없음']",
        ),
        (
            PLANS,
            GOOD_PLAN,
            GOOD_PLAN.replace(",1,지역 미래우주기술 연구개발 지원,", ",,,").replace("계속", "신규"),
            "column '세세부과제명': a new action (신규) needs its name",
        ),
        (
            PLANS,
            GOOD_PLAN,
            GOOD_PLAN.replace(",1,", ",,"),
            "column '세세부과제 번호': '계속' continues an action of the plan: give its number",
        ),
        (
            PLANS,
            GOOD_PLAN,
            GOOD_PLAN.replace("계속", "보류"),
            "column '차년도 구분': must be one of ['계속', '완료 예정', '신규']",
        ),
        (
            PLANS,
            GOOD_PLAN,
            GOOD_PLAN.replace(",1,", ",7,"),
            "column '세세부과제 번호': sub-task 1-1-4 has no action 7",
        ),
        (
            INDICATORS,
            GOOD_INDICATOR,
            GOOD_INDICATOR.replace(",50,", ",60,"),
            "column '목표값': a locked cell was changed: the approved definition says 50.0; "
            "propose a revision with 구분 '수정'",
        ),
        (
            INDICATORS,
            GOOD_INDICATOR,
            GOOD_INDICATOR.replace("기존", "신규"),
            "column '구분': '시제품 건수' is already an indicator of 1-1-4: 기존 or 수정",
        ),
        (
            INDICATORS,
            NEW_INDICATOR,
            NEW_INDICATOR.replace("신규", "수정"),
            "column '구분': 1-1-4 has no approved indicator '위성 부품 국산화율': propose it as 신규",
        ),
        (
            INDICATORS,
            NEW_INDICATOR,
            NEW_INDICATOR.replace("증가", "높을수록"),
            "column '방향': must be one of ['증가', '감소']",
        ),
        (
            INDICATORS,
            NEW_INDICATOR,
            NEW_INDICATOR.replace(",2027,40,", ",2022,40,"),
            "column '목표연도': the target year comes after the baseline year",
        ),
        (
            INDICATORS,
            NEW_INDICATOR,
            NEW_INDICATOR.replace(",2025,18,", ",2028,18,"),
            "column '연도': an actual lies in 2023-2027",
        ),
        (
            INDICATORS,
            NEW_INDICATOR,
            NEW_INDICATOR.replace("1-1-4", "1-1-3"),
            "column '세부과제': sub-task 1-1-3 is owned by 국방산업추진단",
        ),
    ],
)
def test_each_rule_names_the_row_and_korean_column(
    tmp_path: Path, header: str, good: str, bad: str, expected: str
) -> None:
    assert _problems(tmp_path, header, good) == []
    other_date = good.replace("2026-02-20", "2026-02-21")  # a second good row first
    if header == INDICATORS:  # another indicator: one report defines each indicator once
        other_date = f"{SPACE},1-1-4,다른 지표,신규,건,증가,2022,0,2027,5,2025,1,2026-02-21\n"
    problems = _problems(tmp_path, header, other_date, bad)
    assert len(problems) == 1, problems
    assert problems[0].startswith("file report.csv, row 3, ")
    assert expected in problems[0]


def test_executed_above_allocated_is_not_refused(tmp_path: Path) -> None:
    """A warning in the package (marts.subtask_progress.over_execution), not a refusal."""
    assert _problems(tmp_path, BUDGET, GOOD_BUDGET.replace(",20,14,", ",20,26,")) == []


def test_the_same_action_twice_in_one_file_is_a_duplicate(tmp_path: Path) -> None:
    problems = _problems(tmp_path, ACTIONS, GOOD_ACTION, GOOD_ACTION.replace("3건", "4건"))
    assert len(problems) == 1
    assert (
        "row 3, column '세세부과제 번호': duplicate report: 세세부과제 1-1-4-1 2025" in problems[0]
    )


def test_the_rows_of_an_archived_report_are_refused_again(tmp_path: Path) -> None:
    archived = tmp_path / "archived.csv"
    archived.write_text(ACTIONS + GOOD_ACTION, encoding="utf-8")
    held = parse_report_files([archived], tmp_path, {})
    again = tmp_path / "again.csv"
    again.write_text(ACTIONS + GOOD_ACTION + GOOD_ACTION.replace(",1,지역 미래우주기술 연구개발 지원", ",2,지역 우주산업 기업 성장기반 확보"), encoding="utf-8")  # fmt: skip
    changed = tmp_path / "changed.csv"
    changed.write_text(ACTIONS + GOOD_ACTION.replace("3건", "4건"), encoding="utf-8")
    same = [str(p) for p in archive_conflicts(parse_report_files([again], tmp_path, {}), held)]
    other = [str(p) for p in archive_conflicts(parse_report_files([changed], tmp_path, {}), held)]
    assert same == [
        "file again.csv, row 2, column '세세부과제 번호': already received: 세세부과제 1-1-4-1 "
        "2025 (2026-02-20) is archived in archived.csv row 2 as it is here; nothing new to receive"
    ]
    assert len(other) == 1 and "conflicts with the archive" in other[0]


def test_a_formula_in_the_action_sheet_is_named_a_formula(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = ACTION_SHEET
    for line in (ACTIONS + GOOD_ACTION).splitlines():
        sheet.append(line.split(","))
    sheet["H2"] = '=HYPERLINK("http://x", "공동연구")'
    path = tmp_path / "report.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        parse_report_files([path], tmp_path, {})
    message = str(caught.value)
    assert (
        f"file report.xlsx, sheet '{ACTION_SHEET}', row 2, column '추진실적': formula in cell H2"
        in message
    )
    assert "must be filled in" not in message


def test_one_report_defines_an_indicator_one_way(tmp_path: Path) -> None:
    other_year = NEW_INDICATOR.replace(",2025,18,", ",2024,15,").replace(",40,", ",45,")
    problems = _problems(tmp_path, INDICATORS, NEW_INDICATOR, other_year)
    assert len(problems) == 1
    assert "row 3, column '지표명': defines '위성 부품 국산화율' unlike row 2" in problems[0]
