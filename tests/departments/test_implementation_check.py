"""One full year of the implementation check (이행점검) for two departments, one with KPIs
(국방산업추진단) and one without (우주항공산업추진단): template -> filled -> received -> 반려 ->
corrected resubmission -> 검토완료 -> 확정 -> run -> marts and the annual package."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sti.db.sql_door import connect_read_only
from sti.departments.check_sheets import ACTION_SHEET, NEXT_PLAN_SHEET
from sti.departments.receipt import archived_reports, department_slugs, receive
from sti.departments.review import ReviewRefused, decide, report_files
from sti.departments.subtask_indicators import INDICATOR_SHEET
from sti.departments.template import write_template
from sti.departments.yearly_report import BUDGET_SHEET, KPI_SHEET
from sti.reports.evaluation.package import build_package
from tests.conftest import Pipeline

SPACE, DEFENCE, CHIPS = "우주항공산업추진단", "국방산업추진단", "전략산업반도체과"
PROTOTYPES = "우주기업 시제품 제작 지원 건수"
AS_OF = dt.date(2026, 4, 30)
MEETING = dt.date(2026, 3, 20)


def _fill(book: Any, sheet: str, key: str, values: dict[Any, dict[str, Any]]) -> None:
    """Set cells by Korean header on the rows whose `key` column holds a key of `values`."""
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        found = row[header.index(key)].value
        for column, value in values.get(found, {}).items():
            row[header.index(column)].value = value


def _append(book: Any, sheet: str, cells: dict[str, Any]) -> None:
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    ws.append([cells.get(h) for h in header])


def _append_blank(book: Any, sheet: str, cells: dict[str, Any]) -> None:
    """Fill the first blank line the template left for new rows."""
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    blank = next(r for r in ws.iter_rows(min_row=2) if r[header.index("부서")].value is None)
    for column, value in cells.items():
        blank[header.index(column)].value = value


def _fill_budget(book: Any, amounts: dict[str, tuple[float, float, float, float]], on: str) -> None:
    """재원 -> (계획액, 예산액, 집행액, 차년도 요구액)."""
    _fill(
        book,
        BUDGET_SHEET,
        "재원",
        {
            source: {
                "계획액(억원)": planned,
                "예산액(억원)": allocated,
                "집행액(억원)": executed,
                "차년도 요구액(억원)": requested,
                "보고일": on,
                "상태": "확정",
                "근거자료": "2025 회계연도 결산서",
                "보고자": "담당자",
            }
            for source, (planned, allocated, executed, requested) in amounts.items()
        },
    )


def _space_report(path: Path, action_2: str, on: str) -> None:
    book = openpyxl.load_workbook(path)
    common = {"근거자료": "2025 우주항공 사업 결과보고", "보고자": "이우주", "보고일": on}
    _fill(
        book,
        ACTION_SHEET,
        "세세부과제 번호",
        {
            1: {**common, "추진상태": "정상추진", "추진실적": "미래우주기술 공동연구 3건 착수"},
            2: {**common, "추진상태": "지연", "추진실적": action_2, "지연·변경 사유": "국비 공모 일정 연기"},
            3: {**common, "추진상태": "지연", "추진실적": "협의체 1회 개최", "지연·변경 사유": "참여기관 협약 지연"},
        },
    )  # fmt: skip
    _fill_budget(book, {"국비": (20, 20, 14, 25), "시비": (10, 10, 12, 12)}, on)
    plans = {1: "계속", 2: "계속", 3: "완료 예정"}
    _fill(
        book,
        NEXT_PLAN_SHEET,
        "세세부과제 번호",
        {n: {"차년도 구분": kind, "계획 내용": f"2026년 {kind} 과제 {n}", "보고일": on}
         for n, kind in plans.items()},
    )  # fmt: skip
    _append_blank(
        book,
        INDICATOR_SHEET,
        {"부서": SPACE, "세부과제": "1-1-4", "지표명": PROTOTYPES, "구분": "신규", "단위": "건",
         "방향": "증가", "기준연도": 2022, "기준값": 0, "목표연도": 2027, "목표값": 50,
         "연도": 2025, "실적값": 12, "근거자료": "지원 실적", "보고일": on},
    )  # fmt: skip
    ws = book[NEXT_PLAN_SHEET]
    header = [c.value for c in ws[1]]
    blank = next(r for r in ws.iter_rows(min_row=2) if r[header.index("부서")].value is None)
    for column, value in {"부서": SPACE, "세부과제": "1-1-4", "세세부과제명": "우주 인재 양성",
                          "계획연도": 2026, "차년도 구분": "신규", "계획 내용": "대학 연계 과정 신설",
                          "보고일": on}.items():  # fmt: skip
        blank[header.index(column)].value = value
    book.save(path)


def _defence_report(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    on = "2026-02-19"
    row = {"추진상태": "정상추진", "추진실적": "국방 혁신기관 유치 협의", "근거자료": "결과보고",
           "보고자": "김국방", "보고일": on}  # fmt: skip
    _fill(book, ACTION_SHEET, "세세부과제 번호", {n: row for n in (1, 2, 3)})
    _fill_budget(book, {"국비": (10, 10, 8, 11)}, on)
    _fill(
        book,
        NEXT_PLAN_SHEET,
        "세세부과제 번호",
        {n: {"차년도 구분": "계속", "계획 내용": "계속 추진", "보고일": on} for n in (1, 2, 3)},
    )
    ws = book[KPI_SHEET]
    header = [c.value for c in ws[1]]
    for line in ws.iter_rows(min_row=2):
        kpi, year = line[header.index("성과지표ID")].value, line[header.index("연도")].value
        if (kpi, str(year)) == ("defence_innovation_staff_2027", "2025"):
            for column, value in {"실적값": 310, "상태": "확정", "근거자료": "유치 현황 조사",
                                  "보고자": "김국방", "보고일": on}.items():  # fmt: skip
                line[header.index(column)].value = value
    book.save(path)


def _chips_report(path: Path) -> None:
    """Reviewed (검토완료) but never approved: nothing of it may count."""
    book = openpyxl.load_workbook(path)
    on = "2026-02-24"
    _fill(
        book,
        ACTION_SHEET,
        "세부과제",
        {
            "1-2-2": {
                "추진상태": "완료",
                "추진실적": "산단 입주 지원",
                "보고자": "박반도",
                "보고일": on,
            }
        },
    )
    ws = book[KPI_SHEET]
    header = [c.value for c in ws[1]]
    for line in ws.iter_rows(min_row=2):
        if line[header.index("성과지표ID")].value == "complex_firms_2027":
            for column, value in {"실적값": 700, "상태": "확정", "근거자료": "입주기업 현황",
                                  "보고자": "박반도", "보고일": on}.items():  # fmt: skip
                line[header.index(column)].value = value
    book.save(path)


def _decide(
    conn: Any, archive: Path, department: str, action: str, on: dt.date, **kw: Any
) -> list[str]:
    files = report_files(archive, archived_reports(archive), department_slugs(conn))
    _, decided = decide(archive, files, department, 2025, action, "DISTEP 김검토", on, **kw)
    return decided


def _rows(conn: Any, sql: str, *params: Any) -> list[tuple]:
    return conn.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def year_run(tmp_path_factory: pytest.TempPathFactory, baseline: Pipeline) -> Pipeline:
    """The whole year, run once; the tests below read what it published."""
    import shutil

    from sti.paths import RAW_DIR

    root = tmp_path_factory.mktemp("check_year")
    archive = root / "raw"
    shutil.copytree(RAW_DIR, archive)
    pipeline = Pipeline(archive, root / "marts" / "warehouse.duckdb").start_from(baseline)
    out = root / "templates"
    with connect_read_only(baseline.warehouse) as conn:
        _, space = write_template(conn, SPACE, 2025, out)
        _, defence = write_template(conn, DEFENCE, 2025, out)
        _, chips = write_template(conn, CHIPS, 2025, out)
        _chips_report(chips[0])
        receive(conn, chips[0], archive, dt.date(2026, 2, 25))
        _space_report(space[0], "기업 지원", "2026-03-04")
        _defence_report(defence[0])
        receive(conn, defence[0], archive, dt.date(2026, 2, 20))
        receive(conn, space[0], archive, dt.date(2026, 3, 5))
        returned = _decide(conn, archive, SPACE, "return", dt.date(2026, 3, 6),
                           comment="세세부과제 2 추진실적을 구체적으로 적어 주십시오")  # fmt: skip
        assert len(returned) == 1
        _, again = write_template(conn, SPACE, 2025, root / "again")
        _space_report(again[0], "우주기업 12개사 시제품 제작 지원", "2026-03-10")
        receive(conn, again[0], archive, dt.date(2026, 3, 10))
        with pytest.raises(ReviewRefused, match="no 검토완료 report of 우주항공산업추진단"):
            _decide(
                conn, archive, SPACE, "approve", dt.date(2026, 3, 11), meeting=dt.date(2026, 3, 11)
            )
        for department in (SPACE, DEFENCE, CHIPS):
            _decide(conn, archive, department, "accept", dt.date(2026, 3, 12))
        for department in (SPACE, DEFENCE):
            _decide(conn, archive, department, "approve", MEETING, meeting=MEETING)
    assert pipeline.run().success
    return pipeline


def test_actions_show_the_corrected_report_in_korean(year_run: Pipeline) -> None:
    with connect_read_only(year_run.warehouse) as conn:
        rows = _rows(
            conn,
            "select action_no, progress_status, achievement, review_state_ko, approved_on "
            "from marts.action_progress where subtask_code = '1-1-4' and year = 2025 and counts "
            "order by action_no",
        )
        decisions = _rows(
            conn,
            "select department_ko, action, state_ko, comment from marts.report_reviews "
            "order by decided_on, sequence, department_ko",
        )
    assert [r[:3] for r in rows] == [
        (1, "정상추진", "미래우주기술 공동연구 3건 착수"),
        (2, "지연", "우주기업 12개사 시제품 제작 지원"),  # the resubmission, not the returned text
        (3, "지연", "협의체 1회 개최"),
    ]
    assert {(r[3], r[4]) for r in rows} == {("확정", MEETING)}
    assert decisions == [
        (SPACE, "return", "반려", "세세부과제 2 추진실적을 구체적으로 적어 주십시오"),
        (SPACE, "accept", "검토완료", None),
        (DEFENCE, "accept", "검토완료", None),
        (CHIPS, "accept", "검토완료", None),
        (SPACE, "approve", "확정", None),
        (DEFENCE, "approve", "확정", None),
    ]


def test_subtask_lights_budget_and_next_year(year_run: Pipeline) -> None:
    with connect_read_only(year_run.warehouse) as conn:
        lights = dict(
            (code, rest)
            for code, *rest in _rows(
                conn,
                "select subtask_code, traffic_light_ko, delayed, execution_rate_pct, "
                "over_execution from marts.subtask_progress where year = 2025 "
                "and subtask_code in ('1-1-3', '1-1-4')",
            )
        )
        investment = _rows(
            conn,
            "select planned_eok, allocated_eok, executed_eok, investment_gap_eok, "
            "next_year_requested_eok from marts.task_investment "
            "where task_code = '1-1' and period = '2025'",
        )
        with_2026 = write_template(conn, SPACE, 2026, year_run.warehouse.parent / "t2026")[1]
    # 1-1-4: 2 of 3 actions late (>= a third): red; 시비 12 executed of 10 allocated: a warning
    assert lights["1-1-4"] == ["미흡", 2, round(100 * 26 / 30, 2), True]
    # 1-1-3: all on schedule, 8 of 10 executed = 80 %, the amber bound itself: green
    assert lights["1-1-3"] == ["양호", 0, 80.0, False]
    assert investment == [(40.0, 40.0, 34.0, 6.0, 48.0)]
    actions = list(csv.DictReader(with_2026[1].open(encoding="utf-8-sig")))
    budget = list(csv.DictReader(with_2026[2].open(encoding="utf-8-sig")))
    assert [a["당해연도 계획"] for a in actions] == [
        "2026년 계속 과제 1",
        "2026년 계속 과제 2",
        "2026년 완료 예정 과제 3",
    ]
    assert {b["재원"]: b["계획액(억원)"] for b in budget} == {
        "국비": "25.0",
        "시비": "12.0",
        "민간": "",
        "기타": "",
    }


def test_reporting_completeness_and_the_cumulative_kpi_reason(year_run: Pipeline) -> None:
    with connect_read_only(year_run.warehouse) as conn:
        reporting = dict(
            _rows(
                conn,
                "select department_ko, reporting_ko from marts.reporting_completeness "
                "where year = 2025",
            )
        )
        kpi = _rows(
            conn,
            "select actual, not_counted_reason from marts.kpi_progress "
            "where kpi_id = 'defence_innovation_staff_2027' and year = 2025",
        )[0]
    assert reporting.pop(DEFENCE) == "기한 내 제출"
    assert reporting.pop(CHIPS) == "기한 내 제출"
    assert reporting.pop(SPACE) == "기한 후 제출"
    assert set(reporting.values()) == {"미제출"} and len(reporting) == 10
    assert kpi[0] is None
    assert "2023, 2024년 실적이 없어" in kpi[1] and "2025년 310" in kpi[1]


def test_the_annual_package_opens_with_the_check(year_run: Pipeline, tmp_path: Path) -> None:
    folder = build_package(year_run.warehouse, "annual", 2025, AS_OF, tmp_path)
    names = sorted(p.name for p in folder.glob("*.csv"))
    assert names[1:4] == [
        "02_reporting_completeness.csv",
        "03_task_investment.csv",
        "04_subtask_progress.csv",
    ]
    read = {
        name: list(csv.DictReader((folder / name).open(encoding="utf-8-sig"))) for name in names
    }
    reporting = {r["부서"]: r["보고 여부"] for r in read["02_reporting_completeness.csv"]}
    assert (reporting[DEFENCE], reporting[SPACE], reporting["창업진흥과"]) == (
        "기한 내 제출",
        "기한 후 제출",
        "미제출",
    )
    task = next(r for r in read["03_task_investment.csv"] if r["중점과제"] == "1-1")
    assert (task["투자 공백 (억원)"], task["차년도 투자계획 (확정, 억원)"]) == ("6", "48")
    kpis = read["07_kpi_achievement.csv"]
    staff = next(
        r
        for r in kpis
        if r["성과지표 ID"] == "defence_innovation_staff_2027" and r["연도"] == "2025"
    )
    assert staff["상태"] == "자료 없음" and "2023, 2024년" in staff["반영되지 않은 사유"]
    html = (folder / "report.html").read_text(encoding="utf-8")
    for text in (
        "1-1-4 우주산업 3각 클러스터 구축 (2025)",
        "1-1-3 K-방산 허브도시 조성 (2025)",
        "지역 우주산업 기업 성장기반 확보",
        "참여기관 협약 지연",
        "대학 연계 과정 신설",
        "집행액이 예산을 넘음",
    ):
        assert text in html, text
    # statuses in Korean (a code only in brackets beside its label), KPIs by name
    for code in ("no_data_yet", "on_track", "improving", "defence_exports_2027"):
        assert f">{code}<" not in html, code
    assert "방산 수출 2000억 원 이상" in html


def test_a_reviewed_but_unapproved_report_counts_for_nothing(year_run: Pipeline) -> None:
    """전략산업반도체과 confirmed 700 and 완료 in a report the secretariat accepted (검토완료) but
    the committee never approved: no actual, no approved action; both shown with their state."""
    with connect_read_only(year_run.warehouse) as conn:
        kpi = _rows(
            conn,
            "select actual, submitted_value, submitted_state, not_counted_reason "
            "from marts.kpi_progress where kpi_id = 'complex_firms_2027' and year = 2025",
        )[0]
        subtask = _rows(
            conn,
            "select action_reports, completed, reports_not_approved, traffic_light_ko "
            "from marts.subtask_progress where subtask_code = '1-2-2' and year = 2025",
        )[0]
        shown = _rows(
            conn,
            "select progress_status, review_state_ko, counts from marts.action_progress "
            "where subtask_code = '1-2-2' and year = 2025",
        )
    assert kpi[:3] == (None, 700.0, "awaiting_approval")
    assert "과학기술위원회 확정 전" in kpi[3]
    assert subtask == (0, 0, 3, "자료 없음")  # its three actions, reported, none approved
    assert shown == [("완료", "검토완료", False)] * 3


def test_a_proposed_indicator_becomes_one_once_approved(year_run: Pipeline) -> None:
    """우주항공산업추진단 proposes its own indicator (신규, 0 in 2022 -> 50 in 2027) with 12 for
    2025; the committee approves the report: revision 1 in force, judged on the KPI rules
    (2025 milestone 30; 12 is 40 % of the way: 미흡), and the 2026 template asks for it."""
    with connect_read_only(year_run.warehouse) as conn:
        definitions = _rows(
            conn,
            "select revision, in_force, review_state_ko, target_value from marts.subtask_indicators "
            "where subtask_code = '1-1-4' and indicator_name_ko = ? order by revision",
            PROTOTYPES,
        )
        progress = _rows(
            conn,
            "select milestone, actual, status_ko from marts.subtask_indicator_progress "
            "where subtask_code = '1-1-4' and indicator_name_ko = ? and year = 2025",
            PROTOTYPES,
        )
        shown = _rows(
            conn,
            "select subtask_indicator_statuses from marts.subtask_progress "
            "where subtask_code = '1-1-4' and year = 2025",
        )
        later = write_template(conn, SPACE, 2026, year_run.warehouse.parent / "t2026b")[1]
    assert definitions == [(1, True, "확정", 50.0)]
    assert progress == [(30.0, 12.0, "미흡")]
    assert shown == [(f"{PROTOTYPES} (미흡)",)]
    lines = list(csv.DictReader(later[4].open(encoding="utf-8-sig")))
    assert [(r["지표명"], r["구분"], r["방향"], r["연도"]) for r in lines] == [
        (PROTOTYPES, "기존", "증가", "2026")
    ]


def test_the_site_shows_the_check_and_rolls_it_up(year_run: Pipeline, tmp_path: Path) -> None:
    """The committee's approval of 2025 on the site: 1-1-3 green, 1-1-4 red, so key task 1-1
    and strategy 1 red (their worst reported sub-task), in words beside the colour; the
    sub-task page lists each action's 추진상태. As of the day before the meeting, nothing."""
    from sti.reports.site.build import build_site

    site = build_site(year_run.warehouse, tmp_path / "site", dt.date(2026, 12, 7)).folder
    home = (site / "index.html").read_text("utf-8")
    assert '<span class="status good">양호</span> <a href="subtask/1-1-3.html">' in home
    assert '<span class="status bad">미흡</span> <a href="subtask/1-1-4.html">' in home
    assert '<span class="status bad">미흡</span> <strong>1-1 ' in home
    assert '<span class="status bad">미흡</span> <strong>전략 1.' in home
    assert '<span class="status none">자료 없음</span> <strong>전략 2.' in home
    page = (site / "subtask" / "1-1-4.html").read_text("utf-8")
    assert page.count('<span class="status warn">지연</span>') == 2
    before = build_site(year_run.warehouse, tmp_path / "before", MEETING - dt.timedelta(days=1))
    early = (before.folder / "index.html").read_text("utf-8")
    assert '<span class="status bad">미흡</span> <strong>전략 1.' not in early
