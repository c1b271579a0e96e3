-- Q10. Which departments are responsible for how many sub-tasks and how much planned budget
-- (a sub-task with several departments counts for each; its budget is not split)?
select
    dep.department_ko,
    dep.department_en,
    count(*) as subtasks,
    count(*) filter (where dep.department_order = 1) as subtasks_as_lead,
    sum(sub.budget_total_eok) as planned_budget_eok,
from marts.plan_subtask_department as dep
inner join marts.plan_subtask as sub
    on sub.subtask_code = dep.subtask_code
group by dep.department_ko, dep.department_en
order by planned_budget_eok desc nulls last, dep.department_ko
