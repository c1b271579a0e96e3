-- marts.budget_execution_as_of(as_of) (table macro): the yearly implementation check (이행점검) - planned against executed
-- budget per key task, period and funding source (national, local, public, private, or unsplit:
-- a sub-task whose split the plan does not state); `funding_source = 'total'` is the task total.
-- Unreported is not zero: executed_eok is NULL until some sub-task reports an amount, and the
-- execution rate and the investment gap are computed over the reported sub-tasks only, with
-- the count of reporting sub-tasks and the planned amount nobody has reported on beside them.
-- Only reports dated on or before `as_of` count (date '9999-12-31' for all of them), so an
-- evaluation frozen on a date never changes when a later report arrives. Only confirmed rows
-- count (a department's submitted figures wait for confirmation), of a department's report
-- only once the committee approved it (확정 on or before `as_of`), and of a reporter's several
-- reports of one sub-task, period and funding source the newest one by that date (a revision).
create or replace macro marts.budget_execution_as_of(as_of) as table
with in_force as (
    select
        bud.*,
    from staging.budget_execution as bud
    where cast(bud.report_date as date) <= as_of
        and bud.status = 'confirmed'
        and (bud.review_state is null or bud.approved_on <= as_of)
    qualify row_number() over (
        partition by bud.subtask_code, bud.period, bud.funding_source, bud.reported_by
        order by cast(bud.report_date as date) desc
    ) = 1
),

by_subtask as (
    select
        inf.subtask_code,
        inf.period,
        inf.funding_source,
        sum(inf.planned_eok) as planned_eok,
        sum(inf.allocated_eok) as allocated_eok,
        sum(inf.executed_eok) as executed_eok,
        count(inf.executed_eok) > 0 as reported,
    from in_force as inf
    group by inf.subtask_code, inf.period, inf.funding_source
)

select
    sub.strategy_code,
    sub.strategy_name_ko,
    sub.task_code,
    sub.task_name_ko,
    sub.task_name_en,
    bys.period,
    coalesce(bys.funding_source, 'total') as funding_source,
    count(distinct bys.subtask_code) as subtasks,
    count(distinct bys.subtask_code) filter (where bys.reported) as reporting_subtasks,
    string_agg(distinct bys.subtask_code, ', ' order by bys.subtask_code) as subtask_codes,
    sum(bys.planned_eok) as planned_eok,
    sum(bys.allocated_eok) as allocated_eok,
    sum(bys.executed_eok) as executed_eok,
    sum(bys.planned_eok) filter (where bys.reported) as planned_reported_eok,
    sum(bys.planned_eok) filter (where not bys.reported) as planned_unreported_eok,
    round(
        100 * sum(bys.executed_eok) / nullif(sum(bys.planned_eok) filter (where bys.reported), 0),
        2
    ) as execution_rate_pct,
    sum(bys.planned_eok) filter (where bys.reported) - sum(bys.executed_eok) as investment_gap_eok,
from by_subtask as bys
inner join marts.plan_subtask as sub
    on sub.subtask_code = bys.subtask_code
group by grouping sets (
    (sub.strategy_code, sub.strategy_name_ko, sub.task_code, sub.task_name_ko, sub.task_name_en, bys.period, bys.funding_source),
    (sub.strategy_code, sub.strategy_name_ko, sub.task_code, sub.task_name_ko, sub.task_name_en, bys.period)
)
order by sub.task_code, bys.period, bys.funding_source nulls last
