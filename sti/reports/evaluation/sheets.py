"""The tables of an evaluation package, as known on its as-of date: one `Sheet` per workbook
sheet and CSV file, each from its SQL file in sql/extracts/ (values bound as parameters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from sti.db.sql_files import load_sql
from sti.ingest.freshness import freshness_frame
from sti.ingest.kosis_refresh import warehouse_periods
from sti.plan.implementation_rules import with_traffic_light
from sti.plan.kpi_rules import STATUSES
from sti.reference.vocabulary import korean

# Excel number formats by kind of column.
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
RATIO = "0.0%"  # achievement: 1.0 = 100 % of the way
DATE = "yyyy-mm-dd"
TEXT = "@"
HEADLINE_KPIS = ("tech_establishments", "tech_workers", "tech_sales")
AS_OF_ITEM = "기준일 (as of)"  # the summary row that names the as-of date


@dataclass(frozen=True)
class Column:
    key: str
    ko: str
    en: str
    number_format: str = TEXT
    width: int = 14


@dataclass
class Sheet:
    name: str  # the Korean sheet name
    slug: str  # English, for the CSV file
    title_en: str
    columns: list[Column]
    rows: list[list[Any]]
    status_keys: tuple[str, ...] = ()

    @property
    def status_columns(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.columns) if c.key in self.status_keys)

    def column(self, key: str) -> list[Any]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Scope:
    kind: str  # annual_check | midterm_evaluation | final_evaluation
    year: int
    as_of: dt.date
    covers_from: int
    covers_to: int
    name_ko: str
    name_en: str
    region: str = "KR-30"

    @property
    def check_from(self) -> int:
        """First year of the implementation check shown: the year of an annual check, every
        year covered by an evaluation."""
        return self.year if self.kind == "annual_check" else self.covers_from


def query(
    conn: duckdb.DuckDBPyConnection, name: str, scope: Scope, layer: str = "extracts"
) -> list[dict[str, Any]]:
    sql = load_sql(layer, name)
    params = {
        "as_of": scope.as_of,
        "year_from": scope.check_from,
        "year_to": scope.covers_to,
        "region": scope.region,
    }
    cursor = conn.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Floats are kept to 12 significant digits: beyond that they are computation noise
# (56145774.497008465), and Excel's own storage would round them differently from the CSV.
SIGNIFICANT_DIGITS = 12


def _tidy(value: Any) -> Any:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if isinstance(value, float) else value


def _sheet(
    name: str,
    slug: str,
    title_en: str,
    columns: list[Column],
    records: list[dict[str, Any]],
    status_keys: tuple[str, ...] = (),
) -> Sheet:
    rows = [[_tidy(record.get(c.key)) for c in columns] for record in records]
    return Sheet(name, slug, title_en, columns, rows, status_keys)


KPI_COLUMNS = [
    Column("strategy_code", "전략", "Strategy", INTEGER, 6),
    Column("task_code", "과제", "Key task", TEXT, 8),
    Column("kpi_id", "성과지표 ID", "KPI id", TEXT, 26),
    Column("name_ko", "성과지표", "KPI", TEXT, 34),
    Column("year", "연도", "Year", "0", 7),
    Column("unit", "단위", "Unit", TEXT, 7),
    Column("series", "실적 계열", "Series of the actuals", TEXT, 16),
    Column("baseline_year", "기준연도", "Baseline year", "0", 9),
    Column("baseline_value", "기준값", "Baseline", DECIMAL, 14),
    Column("published_baseline_value", "계획서 기준값", "Published baseline", DECIMAL, 14),
    Column(
        "published_baseline_series", "계획서 기준값 계열", "Published baseline series", TEXT, 16
    ),
    Column("milestone", "연차 목표(마일스톤)", "Milestone", DECIMAL, 14),
    Column("actual", "실적", "Actual", DECIMAL, 14),
    Column(
        "achievement_vs_milestone", "마일스톤 대비 달성률", "Achievement vs milestone", RATIO, 12
    ),
    Column(
        "achievement_vs_target", "최종목표 대비 달성률", "Achievement vs final target", RATIO, 12
    ),
    Column("target_year", "목표연도", "Target year", "0", 9),
    Column("target_value", "최종 목표", "Final target", DECIMAL, 14),
    Column("status_ko", "상태", "Status", TEXT, 12),
    Column("status", "상태 코드", "Status code", TEXT, 18),
    Column("status_basis", "판정 근거", "Status basis", TEXT, 14),
    Column("submitted_value", "반영 전 보고 수치", "Reported figure not counted", DECIMAL, 14),
    Column(
        "not_counted_reason", "반영되지 않은 사유", "Why a reported figure does not count", TEXT, 50
    ),
    Column("actual_vintage", "실적 공표일", "Release (vintage)", DATE, 12),
    Column("actual_source", "출처", "Source", TEXT, 30),
    Column("actual_tier_ko", "출처 등급", "Source tier", TEXT, 18),
    Column(
        "benchmark_milestone",
        "참고: 계획 전 추세",
        "Benchmark (pre-plan trend, not a target)",
        DECIMAL,
        14,
    ),
    Column("plan_reference", "근거 (문서·줄)", "Document and line", TEXT, 40),
    Column("note", "비고", "Note", TEXT, 60),
]

STRATEGY_COLUMNS = [
    Column("strategy_code", "전략", "Strategy", INTEGER, 6),
    Column("strategy_name_ko", "전략명", "Strategy name", TEXT, 24),
    Column("task_code", "중점과제", "Key task", TEXT, 8),
    Column("task_name_ko", "중점과제명", "Key task name", TEXT, 28),
    Column("subtask_code", "세부과제", "Sub-task", TEXT, 9),
    Column("subtask_name_ko", "세부과제명", "Sub-task name", TEXT, 34),
    Column("departments_ko", "담당 부서", "Departments", TEXT, 22),
    Column("budget_total_eok", "계획 예산 (억원)", "Planned (100M KRW)", INTEGER, 12),
    Column("executed_eok", "집행 보고액 (억원)", "Executed, reported (100M KRW)", DECIMAL, 12),
    Column("execution_rate_pct", "집행률 (%)", "Execution rate (%)", DECIMAL, 10),
    Column("investment_gap_eok", "투자 격차 (억원)", "Investment gap (100M KRW)", DECIMAL, 12),
    Column("subtask_kpis", "세부과제 성과지표 수", "KPIs of the sub-task", INTEGER, 9),
    Column(
        "subtask_kpi_statuses",
        "세부과제 성과지표 (상태)",
        "KPIs of the sub-task (status)",
        TEXT,
        50,
    ),
    Column("task_kpis", "과제 공통 성과지표 수", "KPIs of the key task (no sub-task)", INTEGER, 9),
    Column(
        "task_kpi_statuses",
        "과제 공통 성과지표 (상태)",
        "KPIs of the key task, no sub-task (status)",
        TEXT,
        50,
    ),
]

COMPLETENESS_COLUMNS = [
    Column("year", "연도", "Year", "0", 7),
    Column("department_ko", "부서", "Department", TEXT, 22),
    Column("due_date", "제출 기한", "Due", DATE, 12),
    Column("files_received", "받은 파일 수", "Files received", INTEGER, 9),
    Column("first_received_on", "처음 받은 날", "First received", DATE, 12),
    Column("days_late", "지연 일수", "Days late", INTEGER, 8),
    Column("reporting_ko", "보고 여부", "Reporting", TEXT, 14),
    Column("reporting", "보고 여부 코드", "Reporting code", TEXT, 10),
    Column("review_state_ko", "검토 상태", "Review state", TEXT, 10),
]

INVESTMENT_COLUMNS = [
    Column("year", "연도", "Year", "0", 7),
    Column("strategy_code", "전략", "Strategy", INTEGER, 6),
    Column("task_code", "중점과제", "Key task", TEXT, 8),
    Column("task_name_ko", "중점과제명", "Key task name", TEXT, 28),
    Column("reporting_subtasks", "집행 보고 세부과제 수", "Sub-tasks reporting", INTEGER, 9),
    Column("planned_eok", "계획액 (억원)", "Planned (100M KRW)", DECIMAL, 12),
    Column("allocated_eok", "예산액 (억원)", "Allocated (100M KRW)", DECIMAL, 12),
    Column("executed_eok", "집행액 (억원)", "Executed (100M KRW)", DECIMAL, 12),
    Column("execution_rate_pct", "집행률 (%)", "Execution rate (%)", DECIMAL, 10),
    Column("investment_gap_eok", "투자 공백 (억원)", "Investment gap (100M KRW)", DECIMAL, 12),
    Column(
        "next_year_requested_eok",
        "차년도 투자계획 (확정, 억원)",
        "Next year's investment plan, approved (100M KRW)",
        DECIMAL,
        14,
    ),
    Column(
        "next_year_requested_pending_eok",
        "차년도 요구액 (확정 전, 억원)",
        "Next year's request, not yet approved (100M KRW)",
        DECIMAL,
        14,
    ),
    Column("kpis", "성과지표 수", "KPIs", INTEGER, 8),
    Column("kpi_status_counts", "성과지표 달성 현황", "KPI achievement", TEXT, 40),
]

SUBTASK_COLUMNS = [
    Column("year", "연도", "Year", "0", 7),
    Column("task_code", "중점과제", "Key task", TEXT, 8),
    Column("subtask_code", "세부과제", "Sub-task", TEXT, 9),
    Column("subtask_name_ko", "세부과제명", "Sub-task name", TEXT, 30),
    Column("departments_ko", "담당 부서", "Departments", TEXT, 22),
    Column("traffic_light_ko", "신호등", "Traffic light", TEXT, 9),
    Column("traffic_light_reason", "판정 근거", "Why", TEXT, 40),
    Column("actions_running", "추진 세세부과제", "Actions running", INTEGER, 8),
    Column("action_reports", "확정 보고", "Approved action reports", INTEGER, 8),
    Column("completed", "완료", "Completed", INTEGER, 6),
    Column("on_schedule", "정상추진", "On schedule", INTEGER, 6),
    Column("delayed", "지연", "Delayed", INTEGER, 6),
    Column("not_started", "미착수", "Not started", INTEGER, 6),
    Column("stopped_or_changed", "중단·변경", "Stopped or changed", INTEGER, 6),
    Column("reports_not_approved", "확정 전 보고", "Reports not yet approved", INTEGER, 8),
    Column("planned_eok", "계획액 (억원)", "Planned (100M KRW)", DECIMAL, 12),
    Column("allocated_eok", "예산액 (억원)", "Allocated (100M KRW)", DECIMAL, 12),
    Column("executed_eok", "집행액 (억원)", "Executed (100M KRW)", DECIMAL, 12),
    Column("execution_rate_pct", "집행률 (%)", "Execution rate (%)", DECIMAL, 10),
    Column("over_execution_ko", "경고", "Warning", TEXT, 22),
    Column("kpi_statuses", "세부과제 성과지표 (상태)", "Sub-task KPIs (status)", TEXT, 50),
    Column(
        "subtask_indicator_statuses",
        "세부과제 자체 지표 (상태)",
        "The sub-task's own indicators (status)",
        TEXT,
        50,
    ),
]

ACTION_COLUMNS = [
    Column("year", "연도", "Year", "0", 7),
    Column("subtask_code", "세부과제", "Sub-task", TEXT, 9),
    Column("action_no", "번호", "Action", INTEGER, 5),
    Column("action_name_ko", "세세부과제", "Action", TEXT, 34),
    Column("department_ko", "부서", "Department", TEXT, 18),
    Column("progress_status", "추진상태", "Progress", TEXT, 10),
    Column("achievement", "추진실적", "What was done", TEXT, 40),
    Column("reason", "지연·변경 사유", "Reason for delay or change", TEXT, 30),
    Column("review_state_ko", "검토 상태", "Review state", TEXT, 14),
    Column("report_date", "보고일", "Reported", DATE, 12),
]

PLAN_COLUMNS = [
    Column("plan_year", "계획 연도", "Plan year", "0", 8),
    Column("subtask_code", "세부과제", "Sub-task", TEXT, 9),
    Column("action_no", "번호", "Action", INTEGER, 5),
    Column("action_name_ko", "세세부과제", "Action", TEXT, 34),
    Column("department_ko", "부서", "Department", TEXT, 18),
    Column("plan_kind", "차년도 구분", "Kind", TEXT, 10),
    Column("plan_content", "계획 내용", "Planned content", TEXT, 40),
    Column("review_state_ko", "검토 상태", "Review state", TEXT, 14),
]
OVER_EXECUTION = "집행액이 예산을 넘음 (executed above allocated)"

REGIONAL_COLUMNS = [
    Column("domain", "분야", "Domain", TEXT, 10),
    Column("indicator_id", "지표 ID", "Indicator id", TEXT, 22),
    Column("indicator_name_ko", "지표", "Indicator", TEXT, 24),
    Column("industry_code", "산업", "Industry", TEXT, 7),
    Column("series", "계열", "Series", TEXT, 14),
    Column("period", "기간", "Period", TEXT, 8),
    Column("unit", "단위", "Unit", TEXT, 7),
    Column("value", "대전 값", "Daejeon", DECIMAL, 14),
    Column("rank_among_sido", "17개 시도 중 순위", "Rank of 17 시도", INTEGER, 9),
    Column("rank_among_metropolitan", "6개 광역시 중 순위", "Rank of 6 광역시", INTEGER, 9),
    Column("national_value", "전국 값", "Nation", DECIMAL, 16),
    Column("share_of_national_pct", "전국 대비 비중 (%)", "Share of nation (%)", DECIMAL, 10),
    Column("best_region_ko", "1위 지역", "First region", TEXT, 12),
    Column("best_value", "1위 값", "First region's value", DECIMAL, 14),
    Column("vintage", "공표일", "Release (vintage)", DATE, 12),
]

RCOSTII_COLUMNS = [
    Column("edition", "판", "Edition", TEXT, 8),
    Column("component", "부문 ID", "Component id", TEXT, 12),
    Column("component_name_ko", "부문", "Component", TEXT, 20),
    Column("score", "대전 점수", "Daejeon score", DECIMAL, 11),
    Column("regional_mean", "17개 시도 평균", "Mean of 17 시도", DECIMAL, 11),
    Column("rank", "순위", "Rank", INTEGER, 7),
    Column("vintage", "공표일", "Release (vintage)", DATE, 12),
    Column("tier_ko", "출처 등급", "Source tier", TEXT, 18),
]

SOURCE_COLUMNS = [
    Column("source_id", "출처 ID", "Source id", TEXT, 28),
    Column("producer", "작성기관", "Producer", TEXT, 30),
    Column("title", "자료명", "Title", TEXT, 44),
    Column("citation", "표 ID·인용", "Table id and citation", TEXT, 44),
    Column("reference_period", "기준 기간", "Reference period", TEXT, 14),
    Column("release_date", "공표일", "Release date", DATE, 12),
    Column("retrieved", "수집일", "Retrieved", DATE, 12),
    Column("vintage", "판(공표일)", "Vintage", DATE, 12),
    Column("vintage_basis", "판 근거", "Vintage basis", TEXT, 12),
    Column("values_held", "값 수", "Values", INTEGER, 10),
    Column("tier_ko", "출처 등급", "Source tier", TEXT, 18),
    Column("raw_file", "원자료 파일", "Raw file", TEXT, 44),
    Column("sha256", "SHA-256", "SHA-256", TEXT, 66),
]

CHECK_COLUMNS = [
    Column("kind", "구분", "Kind", TEXT, 12),
    Column("item", "항목", "Item", TEXT, 24),
    Column("description", "내용", "Description", TEXT, 50),
    Column("region_id", "지역", "Region", TEXT, 8),
    Column("period", "기간", "Period", TEXT, 8),
    Column("result", "결과", "Result", TEXT, 34),
    Column("published_value", "공표값·이전값", "Published / previous", DECIMAL, 14),
    Column("recomputed_value", "재계산값·새 값", "Recomputed / new", DECIMAL, 14),
    Column("source_id", "출처", "Source", TEXT, 28),
]

SUMMARY_COLUMNS = [
    Column("section", "구분", "Section", TEXT, 16),
    Column("item", "항목", "Item", TEXT, 40),
    Column("value", "값", "Value", DECIMAL, 16),
    Column("unit", "단위·상태", "Unit or status", TEXT, 16),
    Column("detail", "비고", "Detail", TEXT, 80),
]


def current_status(kpi_rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each KPI's latest year with an actual (its current status), else its first row."""
    current: dict[str, dict[str, Any]] = {}
    for row in sorted(kpi_rows, key=lambda r: (r["kpi_id"], r["year"])):
        if row["kpi_id"] not in current or row["actual"] is not None:
            current[row["kpi_id"]] = row
    return current


def _freshness_rows(conn: duckdb.DuckDBPyConnection, scope: Scope) -> list[dict[str, Any]]:
    """Sources whose release due by the as-of date was not held then (the checks.freshness rule,
    judged on the as-of date instead of today)."""
    held, reported = warehouse_periods(conn, scope.as_of)
    frame = freshness_frame(held, scope.as_of, reported=reported)
    frame = frame.filter("overdue")
    return [
        {
            "kind": "overdue",
            "item": row["source_id"],
            "description": row["source_name"],
            "period": row["latest_period_expected"],
            "result": f"newest held {row['latest_period_held'] or 'nothing'}; "
            + (
                f"press-reported up to {row['latest_period_reported']} (not archived); "
                if row["latest_period_reported"]
                else ""
            )
            + f"{row['latest_period_expected']} expected since about {row['expected_release_date']}",
            "source_id": row["source_id"],
        }
        for row in frame.sort("source_id").iter_rows(named=True)
    ]


def _summary(scope: Scope, kpis: list[dict[str, Any]], sheets: dict[str, Sheet]) -> Sheet:
    current = current_status(kpis)
    rows: list[dict[str, Any]] = [
        {
            "section": "평가 Evaluation",
            "item": scope.name_ko,
            "value": None,
            "unit": str(scope.year),
            "detail": f"{scope.name_en} ({scope.kind})",
        },
        {
            "section": "평가 Evaluation",
            "item": AS_OF_ITEM,
            "value": None,
            "unit": scope.as_of.isoformat(),
            "detail": "only releases published on or before this date are used",
        },
        {
            "section": "평가 Evaluation",
            "item": "대상 연도 (years covered)",
            "value": None,
            "unit": f"{scope.covers_from}-{scope.covers_to}",
            "detail": "",
        },
    ]
    rows += _check_summary(sheets)
    for status in STATUSES:
        count = sum(1 for row in current.values() if row["status"] == status)
        rows.append(
            {
                "section": "성과지표 상태 KPI status",
                "item": f"{korean('kpi_status', status)} ({status})",
                "value": count,
                "unit": korean("kpi_status", status),
                "detail": "KPIs by the status of their latest year with an actual",
            }
        )
    for kpi_id in HEADLINE_KPIS:
        row = current.get(kpi_id)
        if row is None:
            continue
        has_actual = row["actual"] is not None
        detail = (
            f"{row['year']} actual, release {row['actual_vintage']}, {row['actual_source']}"
            if has_actual
            else "no actual published by the as-of date"
        )
        if row["published_baseline_series"] and row["published_baseline_series"] != row["series"]:
            detail += (
                f"; the plan's baseline {row['published_baseline_value']:,.0f} "
                f"({row['published_baseline_year']}) belongs to series "
                f"{row['published_baseline_series']}, not {row['series']}: shown, never compared"
            )
        rows.append(
            {
                "section": "핵심 지표 Headline",
                "item": f"{row['name_ko']} ({row['unit']})",
                "value": row["actual"],
                "unit": korean("kpi_status", row["status"] if has_actual else "no_data_yet"),
                "detail": detail,
            }
        )
    strategy = sheets["strategy_status"]
    planned = sum(v or 0 for v in strategy.column("budget_total_eok"))
    executed = [v for v in strategy.column("executed_eok") if v is not None]
    rows.append(
        {
            "section": "예산 Budget",
            "item": "계획 예산 합계 (억원)",
            "value": planned,
            "unit": "억원",
            "detail": "the plan's five-year budget of the 32 sub-tasks",
        }
    )
    rows.append(
        {
            "section": "예산 Budget",
            "item": "집행 보고 세부과제 수",
            "value": len(executed),
            "unit": "sub-tasks",
            "detail": f"executed reported: {sum(executed):,.1f} 억원"
            if executed
            else "no execution reported by the as-of date",
        }
    )
    checks = sheets["check_results"]
    kinds = checks.column("kind")
    rows.append(
        {
            "section": "데이터 품질 Data quality",
            "item": "불일치 (findings)",
            "value": kinds.count("finding"),
            "unit": "figures",
            "detail": "published figures that disagree with their recomputation",
        }
    )
    rows.append(
        {
            "section": "데이터 품질 Data quality",
            "item": "지연된 공표 (overdue releases)",
            "value": kinds.count("overdue"),
            "unit": "sources",
            "detail": "releases due by the as-of date that were not archived then",
        }
    )
    rows += _dating_summary(sheets["sources"])
    return _sheet("요약", "summary", "Summary", SUMMARY_COLUMNS, rows, ("unit",))


# How a file's release date was found (raw.source_files.vintage_basis), by what it rests on.
CALENDAR_BASES = ("release_calendar (assumed)", "release_calendar (stated)")
RETRIEVAL_BASIS = "retrieved (publication date unknown)"


def _dating_summary(sources: Sheet) -> list[dict[str, Any]]:
    """How many of the values the package may use rest on a release date the release
    calendar supplies, or on the date they were retrieved, rather than on a stated one."""
    counts: dict[str, int] = {}
    for basis, values in zip(
        sources.column("vintage_basis"), sources.column("values_held"), strict=True
    ):
        counts[basis] = counts.get(basis, 0) + (values or 0)
    total = sum(counts.values())
    calendar = sum(counts.get(basis, 0) for basis in CALENDAR_BASES)
    assumed = counts.get(CALENDAR_BASES[0], 0)
    return [
        {
            "section": "데이터 품질 Data quality",
            "item": "공표 일정으로 날짜를 정한 값 (values dated by the release calendar)",
            "value": calendar,
            "unit": "values",
            "detail": f"of {total:,} values from files published by the as-of date: {assumed:,} "
            "by an assumed calendar entry, the rest by one that follows a documented release "
            "(sti/ingest/release_calendar.yaml); the sources sheet gives each file's basis",
        },
        {
            "section": "데이터 품질 Data quality",
            "item": "수집일로 날짜를 정한 값 (values dated by retrieval)",
            "value": counts.get(RETRIEVAL_BASIS, 0),
            "unit": "values",
            "detail": "publication date unknown: dated by the day the file was retrieved",
        },
    ]


def _check_summary(sheets: dict[str, Sheet]) -> list[dict[str, Any]]:
    """The implementation check in a few lines: reports by reporting state, sub-tasks by light."""
    rows = []
    reporting = sheets["reporting_completeness"].column("reporting_ko")
    for label in dict.fromkeys(reporting):
        rows.append(
            {
                "section": "이행점검 보고 Reporting",
                "item": label,
                "value": reporting.count(label),
                "unit": "부서·연도",
                "detail": "department-years by reporting against the due date",
            }
        )
    lights = sheets["subtask_progress"].column("traffic_light_ko")
    for label in dict.fromkeys(lights):
        rows.append(
            {
                "section": "세부과제 추진현황 Sub-tasks",
                "item": label,
                "value": lights.count(label),
                "unit": label,
                "detail": "sub-task-years by traffic light (sti/plan/implementation_rules.py)",
            }
        )
    over = [v for v in sheets["subtask_progress"].column("over_execution_ko") if v]
    if over:
        rows.append(
            {
                "section": "세부과제 추진현황 Sub-tasks",
                "item": "집행액 > 예산 (경고)",
                "value": len(over),
                "unit": "세부과제·연도",
                "detail": "executed above allocated: shown as a warning, not refused",
            }
        )
    return rows


def subtask_rows(conn: duckdb.DuckDBPyConnection, scope: Scope) -> list[dict[str, Any]]:
    """marts.subtask_progress as known on the as-of date, for the check years shown."""
    frame = pl.DataFrame(query(conn, "subtask_progress", scope, layer="marts"))
    if frame.is_empty():
        return []
    lit = with_traffic_light(frame).filter(
        pl.col("year").is_between(scope.check_from, scope.covers_to)
    )
    return [
        {
            **row,
            "over_execution_ko": f"{OVER_EXECUTION}: {row['over_executed_sources']}"
            if row["over_execution"]
            else None,
        }
        for row in lit.iter_rows(named=True)
    ]


def _check_sheets(conn: duckdb.DuckDBPyConnection, scope: Scope) -> dict[str, Sheet]:
    """The implementation check: reporting, investment, sub-tasks, actions, next year's plan."""
    return {
        "reporting_completeness": _sheet(
            "보고 현황",
            "reporting_completeness",
            "Reporting completeness",
            COMPLETENESS_COLUMNS,
            query(conn, "reporting_completeness", scope),
            ("reporting_ko",),
        ),
        "task_investment": _sheet(
            "투자 실적·공백",
            "task_investment",
            "Investment gap and next year's plan by key task",
            INVESTMENT_COLUMNS,
            query(conn, "task_investment", scope),
        ),
        "subtask_progress": _sheet(
            "세부과제 추진현황",
            "subtask_progress",
            "Sub-tasks: progress, budget, indicators",
            SUBTASK_COLUMNS,
            subtask_rows(conn, scope),
            ("traffic_light_ko",),
        ),
        "action_table": _sheet(
            "세세부과제 추진현황",
            "action_table",
            "Actions: progress as reported",
            ACTION_COLUMNS,
            query(conn, "action_table", scope),
            ("progress_status",),
        ),
        "next_year_plan": _sheet(
            "차년도 계획",
            "next_year_plan",
            "Next year's plan",
            PLAN_COLUMNS,
            query(conn, "next_year_plan", scope),
        ),
    }


def build_sheets(conn: duckdb.DuckDBPyConnection, scope: Scope) -> list[Sheet]:
    """Every sheet of the package, in workbook order: the summary, the implementation check
    (reporting, investment, sub-tasks, actions, next year's plan), then the KPIs and the rest."""
    kpis = query(conn, "kpi_achievement", scope)
    checks = query(conn, "check_results", scope) + _freshness_rows(conn, scope)
    sheets = {
        **_check_sheets(conn, scope),
        "kpi_achievement": _sheet(
            "KPI 달성도",
            "kpi_achievement",
            "KPI achievement",
            KPI_COLUMNS,
            kpis,
            ("status_ko", "status"),
        ),
        "strategy_status": _sheet(
            "전략별 현황",
            "strategy_status",
            "By strategy and task",
            STRATEGY_COLUMNS,
            query(conn, "strategy_status", scope),
        ),
        "regional_position": _sheet(
            "지역 비교",
            "regional_position",
            "Daejeon among the 17 시도",
            REGIONAL_COLUMNS,
            query(conn, "regional_position", scope),
        ),
        "rcostii": _sheet(
            "R-COSTII",
            "rcostii",
            "R-COSTII by edition",
            RCOSTII_COLUMNS,
            query(conn, "rcostii", scope),
        ),
        "sources": _sheet(
            "데이터 출처", "sources", "Sources", SOURCE_COLUMNS, query(conn, "sources", scope)
        ),
        "check_results": _sheet(
            "검증 결과", "check_results", "Checks and findings", CHECK_COLUMNS, checks
        ),
    }
    return [_summary(scope, kpis, sheets), *sheets.values()]
