-- marts.plan_subtask_department: the bridge between sub-tasks and the departments responsible
-- for them, one row per sub-task and department (a sub-task may have several; the plan lists
-- the lead first). Join it instead of splitting plan_subtask.departments_ko.
select
    dep.subtask_code,
    sub.task_code,
    tsk.strategy_code,
    dep.department_ko,
    dep.department_en,
    row_number() over (partition by dep.subtask_code order by dep.source_row) as department_order,
    dep.source_file,
    dep.source_row,
from staging.plan_subtask_departments as dep
inner join staging.plan_subtasks as sub
    on sub.subtask_code = dep.subtask_code
inner join staging.plan_tasks as tsk
    on tsk.task_code = sub.task_code
order by dep.subtask_code, department_order
