-- extract action_table (sheet 세세부과제 추진현황): every action running in a check year from
-- $year_from to $year_to, with each owning department's report as known on $as_of: the newest
-- report approved by then, else the newest received by then and not returned (shown with its
-- state, 확정 전), else nothing (미보고).
with candidates as (
    select
        act.*,
        act.approved_on <= $as_of as approved_then,
    from staging.department_action_reports as act
    where act.report_date <= $as_of
        and (act.review_state != 'returned' or act.approved_on <= $as_of)
    qualify row_number() over (
        partition by act.department_ko, act.subtask_code, act.action_no, act.year
        order by coalesce(act.approved_on <= $as_of, false) desc, act.report_date desc,
            act.source_file desc, act.source_row desc
    ) = 1
),

expected as (
    select
        pla.subtask_code,
        pla.action_no,
        pla.name_ko as action_name_ko,
        dep.department_ko,
        yrs.year,
    from marts.plan_action as pla
    inner join marts.plan_subtask_department as dep
        on dep.subtask_code = pla.subtask_code
    cross join range($year_from, $year_to + 1) as yrs(year)
    where yrs.year between pla.schedule_from and pla.schedule_to
)

select
    exp.year,
    sub.strategy_code,
    sub.task_code,
    exp.subtask_code,
    sub.name_ko as subtask_name_ko,
    exp.action_no,
    exp.action_name_ko,
    exp.department_ko,
    coalesce(can.progress_status, '미보고') as progress_status,
    can.achievement,
    can.reason,
    can.planned_content,
    case
        when can.approved_then then '확정'
        when can.subtask_code is not null then '확정 전 (' || lab.label_ko || ')'
    end as review_state_ko,
    can.report_date,
    can.source_file,
from expected as exp
inner join marts.plan_subtask as sub
    on sub.subtask_code = exp.subtask_code
left join candidates as can
    on can.department_ko = exp.department_ko
    and can.subtask_code = exp.subtask_code
    and can.action_no = exp.action_no
    and can.year = exp.year
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = can.review_state
order by exp.year, exp.subtask_code, exp.action_no, exp.department_ko
