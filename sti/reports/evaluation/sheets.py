"""The tables of an evaluation package, as known on its as-of date: one `Sheet` per workbook
sheet and CSV file, each from its SQL file in sql/extracts/ (values bound as parameters)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from sti.db.sql_files import load_sql
from sti.ingest.freshness import freshness_frame
from sti.plan.kpi_rules import STATUSES

# Excel number formats by kind of column.
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
RATIO = "0.0%"  # achievement: 1.0 = 100 % of the way
DATE = "yyyy-mm-dd"
TEXT = "@"
HEADLINE_KPIS = ("tech_establishments", "tech_workers", "tech_sales")


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


def query(conn: duckdb.DuckDBPyConnection, name: str, scope: Scope) -> list[dict[str, Any]]:
    sql = load_sql("extracts", name)
    params = {"as_of": scope.as_of, "year_to": scope.covers_to, "region": scope.region}
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
    Column("status", "상태", "Status", TEXT, 18),
    Column("status_basis", "판정 근거", "Status basis", TEXT, 14),
    Column("actual_vintage", "실적 공표일", "Release (vintage)", DATE, 12),
    Column("actual_source", "출처", "Source", TEXT, 30),
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
    Column("task_kpis", "과제 성과지표 수", "KPIs of the task", INTEGER, 9),
    Column("task_kpi_statuses", "과제 성과지표 상태", "KPI statuses of the task", TEXT, 60),
]

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
    held = conn.execute(
        "select source_id, max(coalesce(edition, period)) from marts.indicator_values_as_of(?)"
        " group by source_id",
        [scope.as_of],
    ).fetchall()
    frame = freshness_frame(dict(held), scope.as_of).filter("overdue")
    return [
        {
            "kind": "overdue",
            "item": row["source_id"],
            "description": row["source_name"],
            "period": row["latest_period_expected"],
            "result": f"newest held {row['latest_period_held'] or 'nothing'}; "
            f"{row['latest_period_expected']} expected since about {row['expected_release_date']}",
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
            "item": "기준일 (as of)",
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
    for status in STATUSES:
        count = sum(1 for row in current.values() if row["status"] == status)
        rows.append(
            {
                "section": "성과지표 상태 KPI status",
                "item": status,
                "value": count,
                "unit": status,
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
                "unit": row["status"] if has_actual else "no_data_yet",
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
    return _sheet("요약", "summary", "Summary", SUMMARY_COLUMNS, rows, ("unit",))


def build_sheets(conn: duckdb.DuckDBPyConnection, scope: Scope) -> list[Sheet]:
    """Every sheet of the package, in workbook order."""
    kpis = query(conn, "kpi_achievement", scope)
    checks = query(conn, "check_results", scope) + _freshness_rows(conn, scope)
    sheets = {
        "kpi_achievement": _sheet(
            "KPI 달성도", "kpi_achievement", "KPI achievement", KPI_COLUMNS, kpis, ("status",)
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
