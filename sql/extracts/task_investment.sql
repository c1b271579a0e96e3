-- extract task_investment (sheet 투자 실적·공백): per key task and check year from $year_from to
-- $year_to, as known on $as_of: planned, allocated and executed budget of the reports approved
-- by then (marts.budget_execution_as_of), the execution rate, the investment gap, next year's
-- requested investment (approved by then, and received but not approved apart), and the task's
-- KPIs by their Korean status in the year (marts.kpi_progress_as_of: effectiveness beside
-- efficiency, as the mid-term and final evaluations ask).
with execution as (
    select
        bud.*,
    from marts.budget_execution_as_of($as_of) as bud
    where bud.funding_source = 'total'
),

requests as (
    select
        req.task_code,
        req.requested_in as period,
        sum(req.requested_eok) filter (where req.approved_on <= $as_of) as next_year_requested_eok,
        sum(req.requested_eok) filter (
            where req.approved_on is null or req.approved_on > $as_of
        ) as next_year_requested_pending_eok,
    from marts.budget_requests as req
    where req.report_date <= $as_of
    group by req.task_code, req.requested_in
),

kpis as (
    select
        kpi.task_code,
        kpi.year,
        count(*) as kpis,
        string_agg(lab.label_ko || ' ' || n, ', ' order by lab.position) as kpi_status_counts,
    from (
        select pro.task_code, pro.year, pro.status, count(*) as n,
        from marts.kpi_progress_as_of($as_of) as pro
        group by pro.task_code, pro.year, pro.status
    ) as kpi
    inner join marts.dim_status_label as lab
        on lab.vocabulary = 'kpi_status' and lab.code = kpi.status
    group by kpi.task_code, kpi.year
)

select
    tsk.strategy_code,
    tsk.task_code,
    tsk.name_ko as task_name_ko,
    yrs.year,
    exe.subtasks,
    exe.reporting_subtasks,
    exe.planned_eok,
    exe.allocated_eok,
    exe.executed_eok,
    exe.execution_rate_pct,
    exe.investment_gap_eok,
    req.next_year_requested_eok,
    req.next_year_requested_pending_eok,
    coalesce(kpi.kpis, 0) as kpis,
    kpi.kpi_status_counts,
from marts.plan_task as tsk
cross join range($year_from, $year_to + 1) as yrs(year)
left join execution as exe
    on exe.task_code = tsk.task_code and exe.period = cast(yrs.year as varchar)
left join requests as req
    on req.task_code = tsk.task_code and req.period = cast(yrs.year as varchar)
left join kpis as kpi
    on kpi.task_code = tsk.task_code and kpi.year = yrs.year
order by yrs.year, tsk.task_code
