-- marts.next_year_plan: each department's plan for the next year (차년도 계획), per action of
-- the plan (계속, 완료 예정) or a new one it names (신규): the newest report of it that was not
-- returned (반려), with its review state. `sti template` pre-fills a year's 당해연도 계획 from
-- the rows of that plan_year.
with reported as (
    select
        pla.*,
        row_number() over (
            partition by pla.department_ko, pla.subtask_code, pla.action_no,
                pla.action_name_ko, pla.plan_year
            order by pla.report_date desc nulls last, pla.source_file desc, pla.source_row desc
        ) = 1 as in_force,
    from staging.department_next_plans as pla
    where pla.review_state != 'returned'
)

select
    rep.plan_year,
    sub.task_code,
    rep.subtask_code,
    rep.action_no,
    coalesce(act.name_ko, rep.action_name_ko) as action_name_ko,
    rep.department_ko,
    rep.plan_kind,
    rep.plan_code,
    rep.plan_content,
    rep.reporter,
    rep.report_date,
    rep.review_state,
    lab.label_ko as review_state_ko,
    rep.approved_on,
    rep.in_force,
    rep.source_file,
    rep.source_row,
from reported as rep
inner join marts.plan_subtask as sub
    on sub.subtask_code = rep.subtask_code
left join marts.plan_action as act
    on act.subtask_code = rep.subtask_code and act.action_no = rep.action_no
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = rep.review_state
where rep.in_force
order by rep.plan_year, rep.subtask_code, rep.action_no nulls last, rep.department_ko
