-- extract reporting_completeness (sheet 보고 현황): per department and check year from $year_from
-- to $year_to, the report due (marts.reporting_completeness.due_date) and what was known on
-- $as_of: the files received by then (held-back files excluded), on time or late, missing, or
-- not yet due; the furthest review state by then (확정 only when approved on or before $as_of).
with received as (
    select
        fil.department_ko,
        fil.year,
        count(*) as files_received,
        min(fil.received_on) as first_received_on,
        max(
            case
                when fil.approved_on <= $as_of then 4
                when fil.review_state = 'reviewed' then 3
                when fil.review_state in ('submitted', 'approved') then 2
                else 1
            end
        ) as furthest,
    from marts.report_files as fil
    where fil.received_on <= $as_of
        and fil.source_file not in (select hel.source_file from checks.held_back as hel)
    group by fil.department_ko, fil.year
),

judged as (
    select
        com.department_ko,
        com.year,
        com.due_date,
        coalesce(rec.files_received, 0) as files_received,
        rec.first_received_on,
        case
            when rec.first_received_on <= com.due_date then 'on_time'
            when rec.first_received_on is not null then 'late'
            when $as_of <= com.due_date then 'not_due'
            else 'missing'
        end as reporting,
        case rec.furthest
            when 4 then 'approved'
            when 3 then 'reviewed'
            when 2 then 'submitted'
            when 1 then 'returned'
        end as review_state,
    from marts.reporting_completeness as com
    left join received as rec
        on rec.department_ko = com.department_ko and rec.year = com.year
    where com.year between $year_from and $year_to
)

select
    jud.year,
    jud.department_ko,
    jud.due_date,
    jud.files_received,
    jud.first_received_on,
    case when jud.reporting = 'late' then datediff('day', jud.due_date, jud.first_received_on) end as days_late,
    rep.label_ko as reporting_ko,
    jud.reporting,
    rev.label_ko as review_state_ko,
from judged as jud
inner join marts.dim_status_label as rep
    on rep.vocabulary = 'reporting' and rep.code = jud.reporting
left join marts.dim_status_label as rev
    on rev.vocabulary = 'review_state' and rev.code = jud.review_state
order by jud.year, rep.position, jud.department_ko
