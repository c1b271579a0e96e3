-- marts.plan_action: the 94 actions of the plan (the numbered headings of each sub-task's
-- 추진내용 in the body text), each with its sub-task, task, responsible department(s) and the line
-- of the plan text where it is stated.
with departments as (
    select
        dep.subtask_code,
        string_agg(dep.department_ko, ', ' order by dep.source_row) as departments_ko,
        string_agg(dep.department_en, ', ' order by dep.source_row) as departments_en,
    from staging.plan_subtask_departments as dep
    group by dep.subtask_code
)

select
    act.subtask_code,
    sub.task_code,
    act.action_no,
    act.name_ko,
    act.schedule_from,
    act.schedule_to,
    dep.departments_ko,
    dep.departments_en,
    act.document_line,
from staging.plan_actions as act
inner join staging.plan_subtasks as sub
    on sub.subtask_code = act.subtask_code
left join departments as dep
    on dep.subtask_code = act.subtask_code
order by act.subtask_code, act.action_no
