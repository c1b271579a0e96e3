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
            "status_ko",
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
        names = {r["kpi_id"]: r["name_ko"] for r in kpis.records()}
        blocks.append(
            "실적이 아직 없는 지표 (no actual yet): " + ", ".join(names.get(k, k) for k in missing)
        )
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
        "status_ko",
        "actual_vintage",
        "not_counted_reason",
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


def _subtask_section(sheets: dict[str, Sheet], row: dict[str, Any]) -> Section:
    """One sub-task in a check year: light, budget, indicators, actions, next year's plan."""
    code, year = row["subtask_code"], row["year"]
    actions, plans = sheets["action_table"], sheets["next_year_plan"]
    action_rows = [
        r
        for r, rec in zip(actions.rows, actions.records(), strict=True)
        if rec["subtask_code"] == code and rec["year"] == year
    ]
    plan_rows = [
        r
        for r, rec in zip(plans.rows, plans.records(), strict=True)
        if rec["subtask_code"] == code and rec["plan_year"] == year + 1
    ]
    money = (
        f"계획 {_eok(row['planned_eok'])}, 예산 {_eok(row['allocated_eok'])}, "
        f"집행 {_eok(row['executed_eok'])}"
        + (f" (집행률 {row['execution_rate_pct']:.1f}%)" if row["execution_rate_pct"] else "")
        + (f" — {row['over_execution_ko']}" if row["over_execution_ko"] else "")
    )
    blocks: list[Any] = [
        f"신호등 **{row['traffic_light_ko']}**: {row['traffic_light_reason']}. 담당: "
        f"{row['departments_ko']}. 예산(확정 보고): {money}. 성과지표: "
        f"{row['kpi_statuses'] or '없음 (no KPI of its own)'}. 세부과제 자체 지표: "
        f"{row['subtask_indicator_statuses'] or '없음'}.",
        sheet_table(
            actions,
            [
                "action_no",
                "action_name_ko",
                "department_ko",
                "progress_status",
                "achievement",
                "reason",
                "review_state_ko",
            ],
            f"{year}년 세세부과제 추진현황",
            action_rows,
        ),
    ]
    if plan_rows:
        blocks.append(
            sheet_table(
                plans,
                [
                    "action_no",
                    "action_name_ko",
                    "department_ko",
                    "plan_kind",
                    "plan_content",
                    "review_state_ko",
                ],
                f"{year + 1}년 차년도 계획",
                plan_rows,
            )
        )
    title = f"{code} {row['subtask_name_ko']} ({year})"
    return Section(f"subtask-{code}-{year}", title, blocks)


def _eok(value: float | None) -> str:
    return "보고 없음" if value is None else f"{value:,.1f}억원"


def _implementation_check(sheets: dict[str, Sheet]) -> Section:
    """Reporting completeness, the key tasks' investment gap and next year's plan, then
    strategy -> key task -> sub-task."""
    subtasks = sheets["subtask_progress"].records()
    by_task: dict[str, list[Any]] = {}
    for row in subtasks:
        by_task.setdefault(row["task_code"], []).append(_subtask_section(sheets, row))
    investment = sheets["task_investment"]
    task_names = {r["task_code"]: r["task_name_ko"] for r in investment.records()}
    task_sections = [
        Section(f"task-{code}", f"중점과제 {code} {task_names.get(code, '')}", list(sections))
        for code, sections in by_task.items()
    ]
    return Section(
        "check",
        "2. 이행점검 (Implementation check)",
        [
            "계획 Ⅴ.1 (2398-2405행): 세부 추진과제 단위로 당해연도 계획 대비 현황과 차년도 계획을 "
            "점검하고, 계획 대비 투자 실적과 12개 추진과제별 투자 공백으로 차년도 투자계획을 "
            "제시합니다. 과학기술위원회가 확정한 보고만 판정에 반영하며, 확정 전 보고는 상태와 "
            "함께 보여 줍니다. 신호등 규칙: sti/plan/implementation_rules.py.",
            Section(
                "reporting",
                "2.1 부서별 보고 현황 (Reporting completeness)",
                [
                    sheet_table(
                        sheets["reporting_completeness"],
                        [
                            "year",
                            "department_ko",
                            "due_date",
                            "first_received_on",
                            "days_late",
                            "reporting_ko",
                            "review_state_ko",
                        ],
                    )
                ],
            ),
            Section(
                "investment",
                "2.2 중점과제별 투자 실적·공백과 차년도 투자계획 (Investment gap and plan)",
                [
                    sheet_table(
                        investment,
                        [
                            "year",
                            "task_code",
                            "task_name_ko",
                            "planned_eok",
                            "allocated_eok",
                            "executed_eok",
                            "execution_rate_pct",
                            "investment_gap_eok",
                            "next_year_requested_eok",
                            "next_year_requested_pending_eok",
                            "kpi_status_counts",
                        ],
                    )
                ],
            ),
            *task_sections,
        ],
    )


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
        _implementation_check(sheets),
        Section(
            "kpis",
            "3. 전략별 성과지표 (KPIs by strategy)",
            [
                "상태는 지표·연도별로 하나입니다. 수치 목표: 달성, 정상, 분발 필요, 미흡, 악화; "
                "방향 목표: 개선, 변화 없음, 악화; 판단할 수 없으면 판정 불가, 실적이 없으면 자료 "
                "없음. 규칙은 sti/plan/kpi_rules.py에 있습니다. 보고되었으나 반영되지 않은 수치는 "
                "그 사유를 함께 적습니다.",
                _headline(kpis, figures),
                *_kpis_by_strategy(kpis),
            ],
        ),
        Section(
            "budget",
            "4. 예산 집행 (Budget execution)",
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
            "5. 지역 내 위상 (Regional position)",
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
            "6. 데이터 품질과 계획서 자체의 불일치 (Data quality and the plan's own inconsistencies)",
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
            "7. 출처 (Sources)",
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
