-- marts.action_progress: the implementation check's action table (이행점검 세세부과제 추진현황).
-- One row per year, action and reporting department: the newest report of it that was not
-- returned (반려), with 추진상태 in Korean (progress_status) and as a code, what was done, the
-- reason for a delay or change, the report's review state, and the file and row it came from.
-- `counts` is true for the newest row of a report the committee approved (확정): only those
-- drive marts.subtask_progress; the others are shown with their state.
with reported as (
    select
        act.*,
    from staging.department_action_reports as act
    where act.review_state != 'returned'
),

newest as (
    select
        rep.*,
        row_number() over (
            partition by rep.department_ko, rep.subtask_code, rep.action_no, rep.year
            order by rep.report_date desc nulls last, rep.source_file desc, rep.source_row desc
        ) = 1 as is_newest,
        row_number() over (
            partition by rep.department_ko, rep.subtask_code, rep.action_no, rep.year
            order by (rep.approved_on is not null) desc, rep.report_date desc nulls last,
                rep.source_file desc, rep.source_row desc
        ) = 1 and rep.approved_on is not null as counts,
    from reported as rep
)

select
    new.year,
    sub.strategy_code,
    sub.task_code,
    new.subtask_code,
    sub.name_ko as subtask_name_ko,
    new.action_no,
    pla.name_ko as action_name_ko,
    new.department_ko,
    new.progress_status,
    new.progress_code,
    new.achievement,
    new.reason,
    new.planned_content,
    new.evidence,
    new.reporter,
    new.report_date,
    new.review_state,
    lab.label_ko as review_state_ko,
    new.approved_on,
    new.counts,
    new.is_newest,
    new.source_file,
    new.source_sheet,
    new.source_row,
from newest as new
inner join marts.plan_subtask as sub
    on sub.subtask_code = new.subtask_code
inner join marts.plan_action as pla
    on pla.subtask_code = new.subtask_code and pla.action_no = new.action_no
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = new.review_state
where new.is_newest or new.counts
order by new.year, new.subtask_code, new.action_no, new.department_ko, new.is_newest
