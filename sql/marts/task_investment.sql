-- marts.task_investment: per key task and year, the investment the check reports (plan line
-- 2402: 계획 대비 투자 실적, 12개 추진과제별 투자 공백 분석을 통한 차년도 투자계획): planned,
-- allocated (예산) and executed amounts of the approved reports (marts.budget_execution, total
-- over funding sources; NULL = nothing reported, never zero), the execution rate and the
-- investment gap over the reporting sub-tasks, and the next year's requested investment: from
-- approved reports, and from reports not yet approved (shown apart).
with requests as (
    select
        req.task_code,
        cast(req.requested_in as varchar) as period,
        sum(req.requested_eok) filter (where req.review_state = 'approved') as next_year_requested_eok,
        sum(req.requested_eok) filter (where req.review_state != 'approved') as next_year_requested_pending_eok,
    from marts.budget_requests as req
    group by req.task_code, req.requested_in
),

execution as (
    select
        bud.*,
    from marts.budget_execution as bud
    where bud.funding_source = 'total'
),

periods as (
    select exe.task_code, exe.period, from execution as exe
    union
    select req.task_code, req.period, from requests as req
)

select
    tsk.strategy_code,
    tsk.task_code,
    tsk.name_ko as task_name_ko,
    tsk.name_en as task_name_en,
    per.period,
    exe.subtasks,
    exe.reporting_subtasks,
    exe.planned_eok,
    exe.allocated_eok,
    exe.executed_eok,
    exe.execution_rate_pct,
    exe.investment_gap_eok,
    exe.planned_unreported_eok,
    req.next_year_requested_eok,
    req.next_year_requested_pending_eok,
from periods as per
inner join marts.plan_task as tsk
    on tsk.task_code = per.task_code
left join execution as exe
    on exe.task_code = per.task_code and exe.period = per.period
left join requests as req
    on req.task_code = per.task_code and req.period = per.period
order by tsk.task_code, per.period
