"""The evaluation report as a `Document`: the order of an evaluation, readable by someone who
never opens the warehouse (summary, KPIs by strategy, budget, regional position, data quality
and the plan's own inconsistencies, sources, and what changed)."""

from __future__ import annotations

from typing import Any

from sti.reports.documents import Document, Figure, Section, Table
from sti.reports.evaluation.diff import HEADERS_EN, HEADERS_KO, Change
from sti.reports.evaluation.sheets import HEADLINE_KPIS, Scope, Sheet


def sheet_table(
    sheet: Sheet, keys: list[str], caption: str = "", rows: list[list[Any]] | None = None
) -> Table:
    """Some columns of a sheet (all rows unless given) with its Korean and English headers."""
    index = {c.key: i for i, c in enumerate(sheet.columns)}
    columns = [sheet.columns[index[k]] for k in keys]
    chosen = sheet.rows if rows is None else rows
    plain = {
        k for k in keys if sheet.columns[index[k]].number_format == "0"
    }  # years: 2023, not 2,023
    return Table(
        [c.ko for c in columns],
        [
            [
                str(row[index[k]]) if k in plain and row[index[k]] is not None else row[index[k]]
                for k in keys
            ]
            for row in chosen
        ],
        caption,
        [c.en for c in columns],
        tuple(i for i, k in enumerate(keys) if k in sheet.status_keys),
    )


def _rows_where(sheet: Sheet, key: str, values: set[Any]) -> list[list[Any]]:
    i = [c.key for c in sheet.columns].index(key)
    return [row for row in sheet.rows if row[i] in values]


def _headline(kpis: Sheet, figures: list[Figure]) -> Section:
    actual = [c.key for c in kpis.columns].index("actual")
    rows = [
        row for row in _rows_where(kpis, "kpi_id", set(HEADLINE_KPIS)) if row[actual] is not None
    ]
    table = sheet_table(
        kpis,
        [
            "name_ko",
            "year",
            "unit",
            "baseline_value",
            "actual",
            "target_value",
            "status",
            "actual_vintage",
            "actual_source",
            "published_baseline_value",
            "published_baseline_series",
            "note",
        ],
        "기술기반 사업체·종사자·매출: 실적이 있는 모든 연도 (every year with data)",
        rows,
    )
    with_data = {r["kpi_id"] for r in kpis.records() if r["actual"] is not None}
    missing = [k for k in HEADLINE_KPIS if k not in with_data]
    blocks: list[Any] = [
        "계획의 총괄 목표는 기술기반 기업 수 증가, 매출 증대, 고용 창출 확대입니다. 아래 표는 각 "
        "연도의 실적, 상태, 실적이 나온 공표(release)와 출처를 보여 줍니다. 계획서의 기준값이 다른 "
        "통계 계열에 속하면 비교하지 않고 옆에 표시합니다 (note).",
        table,
    ]
    if missing:
        blocks.append("실적이 아직 없는 지표 (no actual yet): " + ", ".join(missing))
    blocks += [f for f in figures if f.path.split("/")[-1].startswith("kpi_")]
    return Section("headline", "핵심 성과: 기술기반 기업·매출·고용 (Headline KPIs)", blocks)


def _kpis_by_strategy(kpis: Sheet) -> list[Section]:
    keys = [
        "task_code",
        "name_ko",
        "year",
        "unit",
        "baseline_value",
        "milestone",
        "actual",
        "achievement_vs_milestone",
        "target_value",
        "status",
        "actual_vintage",
    ]
    strategy_i = [c.key for c in kpis.columns].index("strategy_code")
    groups: dict[str, list[list[Any]]] = {}
    for row in kpis.rows:
        label = f"전략 {row[strategy_i]}" if row[strategy_i] is not None else "계획 총괄·국가 전략"
        groups.setdefault(label, []).append(row)
    return [
        Section(f"kpi-group-{i}", name, [sheet_table(kpis, keys, rows=rows)])
        for i, (name, rows) in enumerate(sorted(groups.items()))
    ]


def build_report(
    scope: Scope,
    sheets: dict[str, Sheet],
    figures: list[Figure],
    changes: list[Change],
    previous_as_of: str,
) -> Document:
    summary, kpis = sheets["summary"], sheets["kpi_achievement"]
    sections = [
        Section(
            "summary",
            "1. 요약 (Summary)",
            [
                f"{scope.name_ko} ({scope.name_en}): {scope.covers_from}–{scope.covers_to}년 대상, "
                f"{scope.as_of.isoformat()} 기준으로 공표된 자료만 사용 (releases published on or "
                "before the as-of date only).",
                sheet_table(summary, ["section", "item", "value", "unit", "detail"]),
            ],
        ),
        Section(
            "kpis",
            "2. 전략별 성과지표 (KPIs by strategy)",
            [
                "상태는 지표·연도별로 하나입니다. 수치 목표: achieved, on_track, needs_acceleration, "
                "off_track, deteriorating; 방향 목표: improving, unchanged, deteriorating; 실적이 없으면 "
                "no_data_yet. 규칙은 sti/kpi.py에 있습니다.",
                _headline(kpis, figures),
                *_kpis_by_strategy(kpis),
            ],
        ),
        Section(
            "budget",
            "3. 예산 집행 (Budget execution)",
            [
                "집행액은 보고된 세부과제만 합산하며, 보고가 없으면 0이 아니라 빈칸입니다 "
                "(unreported is blank, never zero).",
                sheet_table(
                    sheets["strategy_status"],
                    [
                        "task_code",
                        "subtask_code",
                        "subtask_name_ko",
                        "departments_ko",
                        "budget_total_eok",
                        "executed_eok",
                        "execution_rate_pct",
                        "investment_gap_eok",
                    ],
                ),
            ],
        ),
        Section(
            "regional",
            "4. 지역 내 위상 (Regional position)",
            [
                "순위는 17개 시도 모두 값이 있을 때만 매깁니다 (ranks only where all 17 시도 report).",
                *[f for f in figures if "rank_history" in f.path],
                sheet_table(
                    sheets["regional_position"],
                    [
                        "indicator_name_ko",
                        "industry_code",
                        "series",
                        "period",
                        "unit",
                        "value",
                        "rank_among_sido",
                        "rank_among_metropolitan",
                        "share_of_national_pct",
                        "best_region_ko",
                    ],
                ),
                *[f for f in figures if "rcostii" in f.path],
                sheet_table(
                    sheets["rcostii"],
                    ["edition", "component_name_ko", "score", "regional_mean", "rank"],
                    "R-COSTII (판끼리 섞지 않음; editions never mixed)",
                ),
            ],
        ),
        Section(
            "quality",
            "5. 데이터 품질과 계획서 자체의 불일치 (Data quality and the plan's own inconsistencies)",
            [
                "공표 수치를 다른 공표 수치로 다시 계산해 비교했습니다 (rule); 허용 오차를 넘는 것은 "
                "불일치(finding)로, 공표 일정상 나왔어야 할 자료는 지연(overdue)으로 표시합니다.",
                sheet_table(
                    sheets["check_results"],
                    ["kind", "item", "description", "region_id", "period", "result", "source_id"],
                ),
            ],
        ),
        Section(
            "sources",
            "6. 출처 (Sources)",
            [
                "모든 수치는 아래 원자료 파일(체크섬 포함)에서 왔습니다; manifest.json이 이 보고서의 "
                "모든 파일과 사용한 공표를 기록합니다.",
                sheet_table(
                    sheets["sources"],
                    [
                        "source_id",
                        "title",
                        "reference_period",
                        "release_date",
                        "retrieved",
                        "raw_file",
                    ],
                ),
            ],
        ),
        Section(
            "changes",
            f"부록. 변경 사항 (Appendix: what changed since {previous_as_of})",
            [
                f"{previous_as_of} 기준 상태와 비교: 상태가 바뀐 지표, 새 공표로 수정된 값, 새로 "
                "나온 연도 (status changes, revised values, new data years).",
                Table(HEADERS_KO, [c.as_row() for c in changes], "", HEADERS_EN)
                if changes
                else "변경 없음 (no changes).",
            ],
        ),
    ]
    return Document(
        f"대전과학기술진흥종합계획 {scope.name_ko}",
        f"{scope.name_en} — as of {scope.as_of.isoformat()}, Daejeon (대전광역시); "
        "produced from the indicator warehouse, every number traceable to its source.",
        sections,
    )
