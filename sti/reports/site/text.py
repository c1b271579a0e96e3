"""The site's own words, Korean and English. Status words come from the one vocabulary
(sti/reference/vocabulary.py); the rules in words from the rule books (sti/plan/)."""

from __future__ import annotations

LANGUAGES = ("ko", "en")
# Where each language's pages live: Korean at the root, English under en/.
LANGUAGE_DIR = {"ko": "", "en": "en/"}
LANGUAGE_NAME = {"ko": "한국어", "en": "English"}

WORDS: dict[str, tuple[str, str]] = {
    "site_title": (
        "대전과학기술진흥종합계획 추진 현황",
        "Daejeon S&T Promotion Master Plan: progress",
    ),
    "plan_years": (
        "2023~2027 (국가 전략 2030 목표 포함)",
        "2023-2027 (with the national strategy's 2030 targets)",
    ),
    "skip": ("본문 바로가기", "Skip to content"),
    "nav": ("사이트 메뉴", "Site menu"),
    "home": ("홈", "Home"),
    "kpis": ("성과지표", "KPIs"),
    "subtasks": ("세부과제", "Sub-tasks"),
    "region": ("지역 비교", "Regional position"),
    "quality": ("데이터 품질", "Data quality"),
    "methods": ("방법", "Methods"),
    "packages": ("평가 패키지", "Evaluation packages"),
    "as_of": ("기준일", "As of"),
    "release": ("웨어하우스 릴리스", "Warehouse release"),
    "as_of_note": (
        "기준일까지 공표된 자료만 사용합니다.",
        "Only releases published on or before this date are used.",
    ),
    "headline": ("핵심 성과지표", "Headline KPIs"),
    "plan_tree": ("계획 구조와 이행 현황", "The plan and its implementation"),
    "check_year": ("이행점검 기준연도", "Implementation check year"),
    "no_check_year": (
        "기준일까지 제출 기한이 지난 이행점검 보고가 없습니다.",
        "No implementation report was due by this date.",
    ),
    "tree_rule": (
        "세부과제의 신호등은 그해 확정된 추진현황 보고로 정합니다. 중점과제와 전략은 보고가 있는 세부과제 가운데 가장 나쁜 신호를 따릅니다.",
        "A sub-task's light follows its approved report of the year; a key task or strategy takes the worst light among its sub-tasks with a report.",
    ),
    "strategy": ("전략", "Strategy"),
    "task": ("중점과제", "Key task"),
    "subtask": ("세부과제", "Sub-task"),
    "action": ("세세부과제", "Action"),
    "departments": ("담당 부서", "Departments"),
    "status": ("상태", "Status"),
    "year": ("연도", "Year"),
    "value": ("값", "Value"),
    "unit": ("단위", "Unit"),
    "actual": ("실적", "Actual"),
    "milestone": ("중간 목표", "Milestone"),
    "target": ("목표", "Target"),
    "baseline": ("기준값", "Baseline"),
    "published_baseline": ("계획서 기준값 (다른 계열)", "Plan's baseline (another series)"),
    "preliminary": ("잠정", "preliminary"),
    "series": ("계열", "Series"),
    "tier": ("자료 등급", "Tier"),
    "vintage": ("공표일", "Release date"),
    "source": ("출처", "Source"),
    "phase": ("구분", "Phase"),
    "phase_before_baseline": ("기준연도 이전", "before the baseline"),
    "phase_baseline": ("기준값", "baseline"),
    "phase_plan_year": ("계획 기간", "plan year"),
    "phase_published_baseline": ("계획서 기준값 (다른 계열)", "plan's baseline, another series"),
    "rule": ("판정 규칙", "Rule"),
    "status_basis": ("판정 근거", "Basis"),
    "target_line": ("목표와 근거 (문서·행)", "Target and where it is stated (document, line)"),
    "direction_only": ("방향 목표 (수치 없음)", "direction only (no number)"),
    "by_year": ("까지", "by"),
    "latest_release": ("최근 공표", "Latest release"),
    "next_release": ("다음 공표 예정", "Next release due"),
    "calendar_assumed": ("발표 일정 추정", "assumed calendar"),
    "calendar_stated": ("발표 일정 공표", "stated calendar"),
    "overdue": ("지연", "overdue"),
    "none": ("없음", "none"),
    "chart": ("추이", "Trend"),
    "chart_table": ("그래프의 값", "The chart's values"),
    "download": ("내려받기", "Download"),
    "download_note": (
        "그래프와 표의 값 그대로 (CSV는 UTF-8, 첫 두 행이 한국어·영어 머리글).",
        "Exactly the chart's values (CSV in UTF-8, Korean and English header rows).",
    ),
    "no_chart": ("그릴 값이 아직 없습니다.", "Nothing to draw yet."),
    "note": ("비고", "Note"),
    "linked_subtask": ("관련 세부과제", "Sub-task"),
    "all_kpis": ("전체 성과지표", "All KPIs"),
    "current_year": ("판정 연도", "Year judged"),
    "budget": ("예산 (계획)", "Budget (planned)"),
    "budget_total": ("총액", "Total"),
    "budget_national": ("국비", "National"),
    "budget_local": ("시비", "City"),
    "budget_public": ("공공", "Public"),
    "budget_private": ("민간", "Private"),
    "eok": ("억원", "100 million KRW"),
    "yearly_check": ("연도별 이행점검", "Implementation check by year"),
    "light": ("신호등", "Light"),
    "reason": ("근거", "Reason"),
    "action_reports": ("확정 보고", "Approved reports"),
    "planned": ("계획", "Planned"),
    "allocated": ("예산", "Allocated"),
    "executed": ("집행", "Executed"),
    "execution_rate": ("집행률(%)", "Execution (%)"),
    "actions": ("세세부과제와 연도별 추진상태", "Actions and their yearly status"),
    "schedule": ("추진 기간", "Schedule"),
    "indicators": ("지표", "Indicators"),
    "subtask_indicators": (
        "세부과제 성과지표 (부서 제안)",
        "Sub-task indicators (proposed by departments)",
    ),
    "no_indicators": ("연결된 성과지표가 없습니다.", "No KPI is linked to this sub-task."),
    "plan_line": ("계획서 행", "Plan line"),
    "rank_sido": ("17개 시도 중 순위", "Rank among 17 시도"),
    "rank_metro": ("광역시 중 순위", "Rank among metropolitan cities"),
    "share_national": ("전국 대비(%)", "Share of nation (%)"),
    "best_region": ("1위 지역", "Top region"),
    "period": ("기간", "Period"),
    "indicator": ("지표", "Indicator"),
    "industry": ("산업", "Industry"),
    "region_intro": (
        "대전이 17개 시도 가운데 어디에 있는지: 모든 시도에 값이 있는 지표만 순위를 매깁니다.",
        "Daejeon among the 17 시도: an indicator is ranked only when all 17 hold a value.",
    ),
    "rcostii": (
        "R-COSTII (판별로, 판 사이 비교 없음)",
        "R-COSTII (by edition, never compared across editions)",
    ),
    "edition": ("판", "Edition"),
    "component": ("부문", "Component"),
    "score": ("점수", "Score"),
    "regional_mean": ("지역 평균", "Regional mean"),
    "rank": ("순위", "Rank"),
    "findings": ("검증 결과와 지적 사항", "Checks and findings"),
    "freshness": ("자료 최신성", "Freshness of the sources"),
    "latest_held": ("보유 최신 기간", "Latest period held"),
    "latest_expected": ("기대 최신 기간", "Latest period expected"),
    "expected_release": ("예상 공표일", "Expected release"),
    "reporting": ("부서 보고 현황", "Department reporting"),
    "due_date": ("제출 기한", "Due"),
    "received": ("최초 접수", "First received"),
    "review_state": ("검토 상태", "Review state"),
    "kind": ("구분", "Kind"),
    "item": ("항목", "Item"),
    "description": ("설명", "Description"),
    "result": ("결과", "Result"),
    "package": ("패키지", "Package"),
    "draft": ("초안 (매일 갱신)", "draft (rebuilt nightly)"),
    "frozen": ("기준일 고정본", "frozen as of its date"),
    "files": ("파일", "Files"),
    "size": ("크기(바이트)", "Size (bytes)"),
    "no_packages": (
        "기준일까지 만들어진 평가 패키지가 없습니다 (`sti extract`).",
        "No evaluation package was built by this date (`sti extract`).",
    ),
    "footer": (
        "대전 과학기술 지표 웨어하우스에서 `sti site`로 생성",
        "Generated by `sti site` from the Daejeon S&T indicator warehouse",
    ),
    "status_vocabulary": ("상태 용어", "Status words"),
    "methods_kpi": ("성과지표 상태는 어떻게 정하나", "How a KPI's status is decided"),
    "methods_light": ("세부과제 신호등", "A sub-task's traffic light"),
    "methods_tier": ("자료 등급: '언론 보도'는 무엇인가", "Tiers: what 'reported' means"),
    "methods_vintage": ("공표본(빈티지)과 기준일", "Vintages and the as-of date"),
    "code": ("코드", "Code"),
    "label": ("이름", "Label"),
}

# kpi_progress.status_basis (sti/plan/kpi_progress.py) in words; another basis is shown as it is.
STATUS_BASIS = {
    "no data": ("실적 없음", "no actual"),
    "preliminary data": ("잠정치로 판정", "judged on a preliminary figure"),
    "final data": ("확정치로 판정", "judged on a final figure"),
}

# kpi_rules.BASELINE_KINDS in words.
BASELINE_KIND = {
    "published": ("문서에 공표된 값", "as published"),
    "rebased": ("실적 계열로 다시 잡은 값", "re-based on the series of the actuals"),
    "pre_plan": ("계획 직전 연도 값", "the last year before the plan"),
    "defined": ("정의상 0에서 시작", "defined: starts from 0"),
    "not_stated": ("문서에 없음", "not stated"),
}


def _in_words(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str | None:
    """A code in the page's language; a code the table does not hold is shown as it is."""
    if key is None or key not in table:
        return key
    ko, en = table[key]
    return ko if lang == "ko" else en


def baseline_words(kind: str | None, lang: str) -> str | None:
    return _in_words(BASELINE_KIND, kind, lang)


def basis_words(basis: str | None, lang: str) -> str | None:
    return _in_words(STATUS_BASIS, basis, lang)


def word(key: str, lang: str) -> str:
    return _in_words(WORDS, key, lang) or key
