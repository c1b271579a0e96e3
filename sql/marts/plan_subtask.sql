-- marts.plan_subtask: the 32 sub-tasks with their task and strategy, responsible department(s)
-- (Korean and English) and the five-year budget where the plan states one, in 억원.
with departments as (
    select
        dep.subtask_code,
        string_agg(dep.department_ko, ', ' order by dep.source_row) as departments_ko,
        string_agg(dep.department_en, ', ' order by dep.source_row) as departments_en,
        count(*) as department_count,
    from staging.plan_subtask_departments as dep
    group by dep.subtask_code
)

select
    sub.subtask_code,
    sub.name_ko,
    sub.name_en,
    tsk.task_code,
    tsk.name_ko as task_name_ko,
    tsk.name_en as task_name_en,
    stg.strategy_code,
    stg.name_ko as strategy_name_ko,
    stg.name_en as strategy_name_en,
    dep.departments_ko,
    dep.departments_en,
    dep.department_count,
    sub.budget_total_eok,
    sub.budget_national_eok,
    sub.budget_local_eok,
    sub.budget_public_eok,
    sub.budget_private_eok,
    sub.budget_period,
    sub.budget_source_line,
    sub.budget_note,
    (select count(*) from staging.plan_actions as act where act.subtask_code = sub.subtask_code) as action_count,
from staging.plan_subtasks as sub
inner join staging.plan_tasks as tsk
    on tsk.task_code = sub.task_code
inner join staging.plan_strategies as stg
    on stg.strategy_code = tsk.strategy_code
left join departments as dep
    on dep.subtask_code = sub.subtask_code
order by sub.subtask_code
