-- extract strategy_status (sheet 전략별 현황): per strategy, key task and sub-task: the
-- departments, the plan's budget, what was reported executed in approved reports by $as_of
-- (NULL = nothing reported, never zero), the investment gap, and the KPIs by name with their
-- Korean status in the latest year up to $year_to with an actual (each KPI counted once): the
-- sub-task's own (reported by its departments), and the key task's KPIs that belong to no
-- sub-task (official statistics) apart, so no sub-task row repeats its task's KPIs as its own.
with kpi_current as (
    select
        kpi.task_code,
        kpi.kpi_id,
        any_value(kpi.name_ko) as name_ko,
        coalesce(
            arg_max(kpi.status, kpi.year) filter (where kpi.actual is not null), 'no_data_yet'
        ) as current_status,
    from marts.kpi_progress_as_of($as_of) as kpi
    where kpi.year <= $year_to
    group by kpi.task_code, kpi.kpi_id
),

kpi_named as (
    select
        kcu.*,
        src.subtask_code,
        kcu.name_ko || ' (' || lab.label_ko || ')' as shown,
    from kpi_current as kcu
    inner join marts.dim_status_label as lab
        on lab.vocabulary = 'kpi_status' and lab.code = kcu.current_status
    left join marts.kpi_sources as src
        on src.kpi_id = kcu.kpi_id
),

by_subtask as (
    select
        kna.subtask_code,
        count(*) as kpis,
        string_agg(kna.shown, '; ' order by kna.kpi_id) as kpi_statuses,
    from kpi_named as kna
    where kna.subtask_code is not null
    group by kna.subtask_code
),

by_task as (
    select
        kna.task_code,
        count(*) as kpis,
        string_agg(kna.shown, '; ' order by kna.kpi_id) as kpi_statuses,
    from kpi_named as kna
    where kna.subtask_code is null
    group by kna.task_code
),

executed as (
    select
        bud.subtask_code,
        bud.executed_eok,
    from staging.budget_execution as bud
    where cast(bud.report_date as date) <= $as_of
        and bud.status = 'confirmed'
        and (bud.review_state is null or bud.approved_on <= $as_of)
    qualify row_number() over (
        partition by bud.subtask_code, bud.period, bud.funding_source, bud.reported_by
        order by cast(bud.report_date as date) desc
    ) = 1
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
    coalesce(bys.kpis, 0) as subtask_kpis,
    bys.kpi_statuses as subtask_kpi_statuses,
    coalesce(byt.kpis, 0) as task_kpis,
    byt.kpi_statuses as task_kpi_statuses,
from marts.plan_subtask as sub
left join (
    select exe.subtask_code, sum(exe.executed_eok) as executed_eok,
    from executed as exe
    group by exe.subtask_code
) as exe
    on exe.subtask_code = sub.subtask_code
left join by_subtask as bys
    on bys.subtask_code = sub.subtask_code
left join by_task as byt
    on byt.task_code = sub.task_code
order by sub.subtask_code
