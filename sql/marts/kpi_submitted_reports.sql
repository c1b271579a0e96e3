-- The newest department report of each KPI and year known on $as_of, when it is a submitted
-- (not yet confirmed) figure: marts.kpi_progress shows it beside the status, which only
-- confirmed figures drive. A confirmation on the same day as a submission wins.
with known as (
    select
        rep.kpi_id,
        rep.year,
        rep.value,
        rep.report_date,
        rep.status,
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
from known as kno
where kno.status = 'submitted'
