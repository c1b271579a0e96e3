-- extract next_year_plan (sheet 차년도 계획): the plans made in check years $year_from to
-- $year_to for the year after, as known on $as_of: per action (or new action) and department,
-- the newest plan received by then and not returned, with its Korean review state by then.
select
    pla.plan_year,
    sub.task_code,
    pla.subtask_code,
    sub.name_ko as subtask_name_ko,
    pla.action_no,
    coalesce(act.name_ko, pla.action_name_ko) as action_name_ko,
    pla.department_ko,
    pla.plan_kind,
    pla.plan_content,
    case when pla.approved_on <= $as_of then '확정' else '확정 전 (' || lab.label_ko || ')' end as review_state_ko,
    pla.report_date,
from staging.department_next_plans as pla
inner join marts.plan_subtask as sub
    on sub.subtask_code = pla.subtask_code
left join marts.plan_action as act
    on act.subtask_code = pla.subtask_code and act.action_no = pla.action_no
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = pla.review_state
where pla.report_date <= $as_of
    and pla.plan_year between $year_from + 1 and $year_to + 1
    and (pla.review_state != 'returned' or pla.approved_on <= $as_of)
qualify row_number() over (
    partition by pla.department_ko, pla.subtask_code, pla.action_no, pla.action_name_ko, pla.plan_year
    order by coalesce(pla.approved_on <= $as_of, false) desc, pla.report_date desc,
        pla.source_file desc, pla.source_row desc
) = 1
order by pla.plan_year, pla.subtask_code, pla.action_no nulls last, pla.department_ko
