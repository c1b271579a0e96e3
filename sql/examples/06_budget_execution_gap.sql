-- Q6. The budget execution gap per key task (이행점검): planned against executed over the
-- sub-tasks that reported, and the planned amount nobody has reported on yet.
select
    bud.task_code,
    bud.task_name_ko,
    bud.planned_eok,
    bud.executed_eok,
    bud.reporting_subtasks,
    bud.subtasks,
    bud.execution_rate_pct,
    bud.investment_gap_eok,
    bud.planned_unreported_eok,
from marts.budget_execution as bud
where bud.funding_source = 'total'
    and bud.period = '2023-2027'
order by bud.task_code
