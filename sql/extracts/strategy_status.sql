-- extract strategy_status (sheet 전략별 현황): per strategy, key task and sub-task: the
-- departments, the plan's budget, what was reported executed by $as_of (NULL = nothing reported,
-- never zero), the investment gap over the reporting sub-tasks, and the task's KPIs by their
-- status in the latest year up to $year_to with an actual (each KPI counted once).
with kpi_current as (
    select
        kpi.task_code,
        kpi.kpi_id,
        arg_max(kpi.status, kpi.year) filter (where kpi.actual is not null) as current_status,
    from marts.kpi_progress_as_of($as_of) as kpi
    where kpi.year <= $year_to
    group by kpi.task_code, kpi.kpi_id
),

kpi_by_task as (
    select
        kcu.task_code,
        count(*) as kpis,
        string_agg(kcu.kpi_id || ' (' || coalesce(kcu.current_status, 'no_data_yet') || ')', '; ' order by kcu.kpi_id) as kpi_statuses,
    from kpi_current as kcu
    group by kcu.task_code
),

executed as (
    select
        bud.subtask_code,
        sum(bud.executed_eok) as executed_eok,
    from staging.budget_execution as bud
    where cast(bud.report_date as date) <= $as_of
    group by bud.subtask_code
)

select
    sub.strategy_code,
    sub.strategy_name_ko,
    sub.task_code,
    sub.task_name_ko,
    sub.subtask_code,
    sub.name_ko as subtask_name_ko,
    sub.departments_ko,
    sub.budget_total_eok,
    exe.executed_eok,
    round(100 * exe.executed_eok / nullif(sub.budget_total_eok, 0), 2) as execution_rate_pct,
    case when exe.executed_eok is not null then sub.budget_total_eok - exe.executed_eok end as investment_gap_eok,
    coalesce(kbt.kpis, 0) as task_kpis,
    kbt.kpi_statuses as task_kpi_statuses,
from marts.plan_subtask as sub
left join executed as exe
    on exe.subtask_code = sub.subtask_code
left join kpi_by_task as kbt
    on kbt.task_code = sub.task_code
order by sub.subtask_code
