-- extract kpi_achievement (sheet KPI 달성도): every KPI x plan year up to $year_to as known on
-- $as_of (marts.kpi_progress_as_of: the releases published on or before that date), with its
-- strategy and task, baselines (the plan's published one beside it), milestone, actual,
-- achievement against the milestone and the final target, status (Korean label and code),
-- vintage, source and tier (a press-reported actual says so), and why a reported figure does not count (not_counted_reason).
select
    tsk.strategy_code,
    coalesce(kpi.task_code, '전체') as task_code,
    case
        when kpi.task_code = 'NS2030' then '국가 전략 2030 목표 (과학기술을 통한 지역 혁신성장 전략)'
        else coalesce(tsk.name_ko, '종합계획 목표')
    end as task_name_ko,
    kpi.kpi_id,
    kpi.name_ko,
    kpi.name_en,
    kpi.year,
    kpi.unit,
    kpi.series,
    kpi.baseline_year,
    kpi.baseline_value,
    kpi.published_baseline_year,
    kpi.published_baseline_value,
    kpi.published_baseline_series,
    kpi.milestone,
    kpi.actual,
    kpi.achievement_vs_milestone,
    kpi.achievement_vs_target,
    kpi.target_year,
    kpi.target_value,
    lab.label_ko as status_ko,
    kpi.status,
    kpi.status_basis,
    kpi.submitted_value,
    kpi.not_counted_reason,
    kpi.actual_vintage,
    kpi.actual_source,
    coalesce(tir.label_ko, kpi.actual_tier) as actual_tier_ko,
    kpi.benchmark_milestone,
    kpi.benchmark_status,
    kpi.plan_reference,
    kpi.note,
from marts.kpi_progress_as_of($as_of) as kpi
left join marts.plan_task as tsk
    on tsk.task_code = kpi.task_code
left join marts.dim_status_label as lab
    on lab.vocabulary = 'kpi_status' and lab.code = kpi.status
left join marts.dim_status_label as tir
    on tir.vocabulary = 'tier' and tir.code = kpi.actual_tier
where kpi.year <= $year_to
order by kpi.task_code nulls first, kpi.kpi_id, kpi.year
