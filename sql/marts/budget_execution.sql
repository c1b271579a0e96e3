-- marts.budget_execution: the yearly implementation check (이행점검) - planned against executed
-- budget per key task, period and funding source, with the execution rate and the investment
-- gap (planned - executed). A sub-task with no reported execution counts as executing nothing
-- (executed_reported = false says so, so "no report" is not read as "spent nothing"). Each task
-- and period also has an 'all sources' row (the split rows and the 'total' rows of sub-tasks
-- whose split the plan does not state, added up).
with reported as (
    select
        bud.subtask_code,
        bud.period,
        bud.funding_source,
        sum(bud.planned_eok) as planned_eok,
        sum(bud.executed_eok) as executed_eok,
        count(bud.executed_eok) > 0 as executed_reported,
    from staging.budget_execution as bud
    group by bud.subtask_code, bud.period, bud.funding_source
)

select
    sub.strategy_code,
    sub.strategy_name_ko,
    sub.task_code,
    sub.task_name_ko,
    sub.task_name_en,
    rep.period,
    coalesce(rep.funding_source, 'all sources') as funding_source,
    count(distinct rep.subtask_code) as subtasks,
    string_agg(distinct rep.subtask_code, ', ' order by rep.subtask_code) as subtask_codes,
    sum(rep.planned_eok) as planned_eok,
    coalesce(sum(rep.executed_eok), 0) as executed_eok,
    bool_and(rep.executed_reported) as all_executed_reported,
    round(100 * coalesce(sum(rep.executed_eok), 0) / nullif(sum(rep.planned_eok), 0), 2) as execution_rate_pct,
    sum(rep.planned_eok) - coalesce(sum(rep.executed_eok), 0) as investment_gap_eok,
from reported as rep
inner join marts.plan_subtask as sub
    on sub.subtask_code = rep.subtask_code
group by grouping sets (
    (sub.strategy_code, sub.strategy_name_ko, sub.task_code, sub.task_name_ko, sub.task_name_en, rep.period, rep.funding_source),
    (sub.strategy_code, sub.strategy_name_ko, sub.task_code, sub.task_name_ko, sub.task_name_en, rep.period)
)
order by sub.task_code, rep.period, rep.funding_source nulls last
