"""The status words of the warehouse, with their Korean labels: one list, read by the reports
and written to marts.dim_status_label, so a Korean document never shows an English code and
two marts never name one state two ways.

Each vocabulary maps code -> (Korean, English). The Korean words are the ones the plan's
implementation check uses (추진상태, 검토·확정) or the usual words of Korean evaluation reports
(달성, 정상, 미흡, 자료 없음).
"""

from __future__ import annotations

KPI_STATUS = {
    "achieved": ("달성", "achieved"),
    "on_track": ("정상", "on track"),
    "needs_acceleration": ("분발 필요", "needs acceleration"),
    "off_track": ("미흡", "off track"),
    "deteriorating": ("악화", "deteriorating"),
    "improving": ("개선", "improving"),
    "unchanged": ("변화 없음", "unchanged"),
    "not_assessable": ("판정 불가", "not assessable"),
    "no_data_yet": ("자료 없음", "no data yet"),
}
# A department-year report's state in review (sti/departments/review.py).
REVIEW_STATE = {
    "submitted": ("제출", "submitted"),
    "returned": ("반려", "returned"),
    "reviewed": ("검토완료", "reviewed"),
    "approved": ("확정", "approved"),
}
# 추진상태 of an action, as the department chooses it.
PROGRESS_STATUS = {
    "completed": ("완료", "completed"),
    "on_schedule": ("정상추진", "on schedule"),
    "delayed": ("지연", "delayed"),
    "not_started": ("미착수", "not started"),
    "stopped_or_changed": ("중단·변경", "stopped or changed"),
}
# 차년도 구분 of an action in next year's plan.
PLAN_KIND = {
    "continued": ("계속", "continued"),
    "ending": ("완료 예정", "ending"),
    "new": ("신규", "new"),
}
# A sub-task's yearly traffic light (sti/plan/implementation_rules.py).
TRAFFIC_LIGHT = {
    "green": ("양호", "green: on schedule"),
    "amber": ("주의", "amber: some actions late or budget behind"),
    "red": ("미흡", "red: actions stopped or widely late, or budget far behind"),
    "no_report": ("자료 없음", "no approved report"),
}
# A department's yearly report against its due date.
REPORTING = {
    "on_time": ("기한 내 제출", "received on time"),
    "late": ("기한 후 제출", "received late"),
    "missing": ("미제출", "missing"),
    "not_due": ("기한 전", "not due yet"),
}
# Where a value comes from (marts.indicator_values.tier): a reported figure stands in for a
# release not yet archived from its producer.
TIER = {
    "official": ("공식 공표", "official release"),
    "document": ("계획·전략 문서", "stated in the plan or the strategy"),
    "department_report": ("부서 보고(확정)", "department report, approved"),
    "reported": ("언론 보도 (원자료 미보관)", "reported, not yet archived from the producer"),
}
VOCABULARIES = {
    "kpi_status": KPI_STATUS,
    "review_state": REVIEW_STATE,
    "progress_status": PROGRESS_STATUS,
    "plan_kind": PLAN_KIND,
    "traffic_light": TRAFFIC_LIGHT,
    "reporting": REPORTING,
    "tier": TIER,
}


def korean(vocabulary: str, code: str | None) -> str | None:
    """The Korean label of a code (None stays None; an unknown code is shown as it is)."""
    if code is None:
        return None
    return VOCABULARIES[vocabulary].get(code, (code, code))[0]


def codes_by_korean(vocabulary: str) -> dict[str, str]:
    """Korean label -> code, for reading what a department chose."""
    return {ko: code for code, (ko, _) in VOCABULARIES[vocabulary].items()}


def english(vocabulary: str, code: str | None) -> str | None:
    """The English label of a code (None stays None; an unknown code is shown as it is)."""
    if code is None:
        return None
    return VOCABULARIES[vocabulary].get(code, (code, code))[1]


def label(vocabulary: str, code: str | None, lang: str) -> str | None:
    """The label of a code in a language ('ko' or 'en')."""
    return korean(vocabulary, code) if lang == "ko" else english(vocabulary, code)
