-- marts.budget_requests: the budget each department requested for the next year (차년도
-- 요구액) per sub-task and funding source, from the newest report of it that was not returned
-- (반려), with its review state: the next year's investment plan the check prepares (plan
-- line 2402: 투자 공백 분석을 통한 차년도 투자계획). `sti template` pre-fills the next year's
-- planned amount from it.
select
    cast(bud.period as integer) + 1 as for_year,
    bud.period as requested_in,
    sub.task_code,
    bud.subtask_code,
    bud.reported_by as department_ko,
    bud.funding_source,
    bud.requested_next_eok as requested_eok,
    cast(bud.report_date as date) as report_date,
    bud.review_state,
    lab.label_ko as review_state_ko,
    bud.approved_on,
    bud.source_file,
    bud.source_row,
from staging.budget_execution as bud
inner join marts.plan_subtask as sub
    on sub.subtask_code = bud.subtask_code
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = bud.review_state
where bud.requested_next_eok is not null
    and bud.review_state is not null
    and bud.review_state != 'returned'
    and bud.period similar to '[0-9]{4}'
qualify row_number() over (
    partition by bud.reported_by, bud.subtask_code, bud.period, bud.funding_source
    order by bud.report_date desc, bud.source_file desc, bud.source_row desc
) = 1
order by for_year, bud.subtask_code, bud.reported_by, bud.funding_source
