-- marts.department_reports: every KPI figure the departments reported for the yearly check
-- (이행점검), each revision kept: submitted (제출) or confirmed (확정) by the department, its
-- report's review state (제출, 반려, 검토완료, 확정 by the committee: sti/departments/review.py),
-- the revision number within its KPI and year, whether it is the figure the KPI uses now
-- (`in_force`: the newest confirmed figure of an approved report), and whether it is a newer
-- figure that does not count yet (`awaiting_confirmation`).
with ranked as (
    select
        rep.*,
        row_number() over (
            partition by rep.kpi_id, rep.year
            order by rep.report_date, (rep.status = 'confirmed')
        ) as revision,
        max(rep.report_date) filter (
            where rep.status = 'confirmed' and rep.approved_on is not null
        ) over (partition by rep.kpi_id, rep.year) as last_confirmed_on,
        max(rep.report_date) over (partition by rep.kpi_id, rep.year) as last_reported_on,
    from staging.department_reports as rep
),

department_names as (
    select
        dep.department_ko,
        any_value(dep.department_en) as department_en,
    from staging.plan_subtask_departments as dep
    group by dep.department_ko
)

select
    ran.department_ko,
    nam.department_en,
    ran.kpi_id,
    tar.name_ko,
    tar.name_en,
    src.subtask_code,
    ran.year,
    ran.value,
    ran.unit,
    ran.evidence,
    ran.reporter,
    ran.report_date,
    ran.status,
    case ran.status when 'confirmed' then '확정' else '제출' end as status_ko,
    ran.review_state,
    case ran.review_state
        when 'approved' then '확정'
        when 'reviewed' then '검토완료'
        when 'returned' then '반려'
        else '제출'
    end as review_state_ko,
    ran.approved_on,
    ran.revision,
    ran.status = 'confirmed'
    and ran.approved_on is not null
    and ran.report_date = ran.last_confirmed_on as in_force,
    not (ran.status = 'confirmed' and ran.approved_on is not null)
    and ran.review_state != 'returned'
    and ran.report_date = ran.last_reported_on
    and ran.report_date > coalesce(ran.last_confirmed_on, date '1900-01-01') as awaiting_confirmation,
    ran.note,
    ran.source_file,
    ran.source_sha256,
    ran.source_row,
from ranked as ran
left join staging.kpi_targets as tar
    on tar.kpi_id = ran.kpi_id
left join staging.kpi_sources as src
    on src.kpi_id = ran.kpi_id
left join department_names as nam
    on nam.department_ko = ran.department_ko
order by ran.kpi_id, ran.year, ran.revision
