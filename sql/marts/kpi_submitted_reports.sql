-- The newest department report of each KPI and year known on $as_of, when it does not count
-- (yet): a figure the department marked 제출, or one in a report the committee had not approved
-- (확정) by then, or one the secretariat returned (반려). marts.kpi_progress shows it, with its
-- state, beside the status it does not drive. A confirmation on the same day as a submission wins.
with known as (
    select
        rep.kpi_id,
        rep.year,
        rep.value,
        rep.report_date,
        rep.status,
        rep.review_state,
        rep.status = 'confirmed' and rep.approved_on <= $as_of as counts,
    from staging.department_reports as rep
    where rep.report_date <= $as_of
    qualify row_number() over (
        partition by rep.kpi_id, rep.year
        order by rep.report_date desc, (rep.status = 'confirmed') desc
    ) = 1
)

select
    kno.kpi_id,
    kno.year,
    kno.value as submitted_value,
    kno.report_date as submitted_on,
    case
        when kno.review_state = 'returned' then 'returned'
        when kno.status = 'submitted' then 'provisional'
        else 'awaiting_approval'
    end as submitted_state,
from known as kno
where not coalesce(kno.counts, false)
