-- marts.subtask_indicators: the sub-tasks' own indicators (세부과제 성과지표) as departments
-- define them, one row per definition a report carries (a report not returned): approved ones
-- numbered by their approval (revision 1 is the first approved definition), the newest approved
-- one `in_force`; proposals not yet approved shown with their review state, never in force.
with definitions as (
    select
        ind.subtask_code,
        ind.indicator_name_ko,
        ind.source_file,
        any_value(ind.department_ko) as department_ko,
        any_value(ind.proposal) as proposal,
        any_value(ind.unit) as unit,
        any_value(ind.direction) as direction,
        any_value(ind.baseline_year) as baseline_year,
        any_value(ind.baseline_value) as baseline_value,
        any_value(ind.target_year) as target_year,
        any_value(ind.target_value) as target_value,
        min(ind.report_date) as report_date,
        any_value(ind.review_state) as review_state,
        any_value(ind.approved_on) as approved_on,
    from staging.department_subtask_indicators as ind
    where ind.review_state != 'returned'
    group by ind.subtask_code, ind.indicator_name_ko, ind.source_file
),

numbered as (
    select
        def.*,
        case
            when def.approved_on is not null then row_number() over (
                partition by def.subtask_code, def.indicator_name_ko, def.approved_on is not null
                order by def.approved_on, def.report_date, def.source_file
            )
        end as revision,
    from definitions as def
)

select
    num.subtask_code,
    sub.name_ko as subtask_name_ko,
    num.indicator_name_ko,
    num.department_ko,
    num.proposal,
    num.unit,
    num.direction,
    num.baseline_year,
    num.baseline_value,
    num.target_year,
    num.target_value,
    num.revision,
    num.revision = max(num.revision) over (
        partition by num.subtask_code, num.indicator_name_ko
    ) as in_force,
    num.review_state,
    lab.label_ko as review_state_ko,
    num.approved_on,
    num.report_date,
    num.source_file,
from numbered as num
inner join marts.plan_subtask as sub
    on sub.subtask_code = num.subtask_code
left join marts.dim_status_label as lab
    on lab.vocabulary = 'review_state' and lab.code = num.review_state
order by num.subtask_code, num.indicator_name_ko, num.revision nulls last, num.source_file
