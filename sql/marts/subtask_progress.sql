-- The figures of marts.subtask_progress as known on $as_of (the light is added by
-- sti/plan/implementation_rules.py; the mart uses date '9999-12-31', a package its as-of date):
-- per sub-task and plan year, its actions running that year, the action reports approved by
-- then by 추진상태 (the newest approved report of each action and department: a co-owned
-- sub-task's action is reported by each owner, each report counts), the reports received by
-- then and not approved by then, the approved budget (planned, allocated, executed: NULL =
-- nothing reported, never zero), the sub-task's KPIs with their Korean status that year, and its
-- own indicators (marts.subtask_indicator_progress; 자료 없음 until an actual approved by then;
-- judged on today's definition in force).
with years as (
    select distinct sch.year,
    from marts.plan_evaluation_schedule as sch
    where sch.kind = 'annual_check'
),

running as (
    select
        act.subtask_code,
        yrs.year,
        count(*) as actions_running,
    from marts.plan_action as act
    inner join years as yrs
        on yrs.year between act.schedule_from and act.schedule_to
    group by act.subtask_code, yrs.year
),

approved as (
    select
        act.*,
    from staging.department_action_reports as act
    where act.approved_on <= $as_of
    qualify row_number() over (
        partition by act.department_ko, act.subtask_code, act.action_no, act.year
        order by act.report_date desc, act.source_file desc, act.source_row desc
    ) = 1
),

waiting as (
    select
        act.subtask_code,
        act.year,
        count(distinct (act.department_ko, act.action_no)) as reports_not_approved,
    from staging.department_action_reports as act
    where act.report_date <= $as_of
        and act.review_state != 'returned'
        and (act.approved_on is null or act.approved_on > $as_of)
        and not exists (
            select 1 from approved as apr
            where apr.department_ko = act.department_ko
                and apr.subtask_code = act.subtask_code
                and apr.action_no = act.action_no
                and apr.year = act.year
                and apr.report_date >= act.report_date
        )
    group by act.subtask_code, act.year
),

reports as (
    select
        apr.subtask_code,
        apr.year,
        count(*) as action_reports,
        count(*) filter (where apr.progress_code = 'completed') as completed,
        count(*) filter (where apr.progress_code = 'on_schedule') as on_schedule,
        count(*) filter (where apr.progress_code = 'delayed') as delayed,
        count(*) filter (where apr.progress_code = 'not_started') as not_started,
        count(*) filter (where apr.progress_code = 'stopped_or_changed') as stopped_or_changed,
    from approved as apr
    group by apr.subtask_code, apr.year
),

budget_in_force as (
    select
        bud.*,
    from staging.budget_execution as bud
    where bud.status = 'confirmed'
        and cast(bud.report_date as date) <= $as_of
        and (bud.review_state is null or bud.approved_on <= $as_of)
        and bud.period similar to '[0-9]{4}'
    qualify row_number() over (
        partition by bud.subtask_code, bud.period, bud.funding_source, bud.reported_by
        order by cast(bud.report_date as date) desc
    ) = 1
),

budget as (
    select
        bif.subtask_code,
        cast(bif.period as integer) as year,
        sum(bif.planned_eok) as planned_eok,
        sum(bif.allocated_eok) as allocated_eok,
        sum(bif.executed_eok) as executed_eok,
        string_agg(bif.funding_source, ', ' order by bif.funding_source) filter (
            where bif.executed_eok > coalesce(bif.allocated_eok, bif.planned_eok)
        ) as over_executed_sources,
    from budget_in_force as bif
    group by bif.subtask_code, bif.period
),

kpis as (
    select
        src.subtask_code,
        pro.year,
        count(*) as kpis,
        string_agg(pro.name_ko || ' (' || lab.label_ko || ')', '; ' order by pro.kpi_id) as kpi_statuses,
    from marts.kpi_progress_as_of($as_of) as pro
    inner join marts.kpi_sources as src
        on src.kpi_id = pro.kpi_id
    inner join marts.dim_status_label as lab
        on lab.vocabulary = 'kpi_status' and lab.code = pro.status
    where src.subtask_code is not null
    group by src.subtask_code, pro.year
),

own_indicators as (
    select
        ind.subtask_code,
        ind.year,
        count(*) as subtask_indicators,
        string_agg(
            ind.indicator_name_ko || ' (' || case
                when ind.actual_approved_on <= $as_of then ind.status_ko else '자료 없음'
            end || ')',
            '; ' order by ind.indicator_name_ko
        ) as subtask_indicator_statuses,
    from marts.subtask_indicator_progress as ind
    group by ind.subtask_code, ind.year
)

select
    yrs.year,
    sub.strategy_code,
    sub.task_code,
    sub.subtask_code,
    sub.name_ko as subtask_name_ko,
    sub.departments_ko,
    coalesce(run.actions_running, 0) as actions_running,
    coalesce(rep.action_reports, 0) as action_reports,
    coalesce(rep.completed, 0) as completed,
    coalesce(rep.on_schedule, 0) as on_schedule,
    coalesce(rep.delayed, 0) as delayed,
    coalesce(rep.not_started, 0) as not_started,
    coalesce(rep.stopped_or_changed, 0) as stopped_or_changed,
    coalesce(wai.reports_not_approved, 0) as reports_not_approved,
    bud.planned_eok,
    bud.allocated_eok,
    bud.executed_eok,
    round(100 * bud.executed_eok / nullif(coalesce(bud.allocated_eok, bud.planned_eok), 0), 2) as execution_rate_pct,
    bud.over_executed_sources is not null as over_execution,
    bud.over_executed_sources,
    coalesce(kpi.kpis, 0) as kpis,
    kpi.kpi_statuses,
    coalesce(own.subtask_indicators, 0) as subtask_indicators,
    own.subtask_indicator_statuses,
from marts.plan_subtask as sub
cross join years as yrs
left join running as run
    on run.subtask_code = sub.subtask_code and run.year = yrs.year
left join reports as rep
    on rep.subtask_code = sub.subtask_code and rep.year = yrs.year
left join waiting as wai
    on wai.subtask_code = sub.subtask_code and wai.year = yrs.year
left join budget as bud
    on bud.subtask_code = sub.subtask_code and bud.year = yrs.year
left join kpis as kpi
    on kpi.subtask_code = sub.subtask_code and kpi.year = yrs.year
left join own_indicators as own
    on own.subtask_code = sub.subtask_code and own.year = yrs.year
order by yrs.year, sub.subtask_code
