-- marts.indicator_values: the one fact table. Every value of every indicator from every release
-- (vintage) of every source, in the indicator's canonical unit, with its status, series and the
-- raw file row it came from. Nothing is overwritten: a revision is a new row with a new vintage.
-- Departments' confirmed figures (staging.department_reports) in reports the S&T committee
-- approved (확정, sti/departments/review.py) are values of their KPI's series, dated by the
-- meeting that approved them (anything else is not a value yet: marts.department_reports).
-- Every value carries its tier: 'official' (the producer's release), 'document' (figures the
-- plan or the national strategy state), 'department_report' (a confirmed, approved figure) or
-- 'reported' (a release's figure as the press reported it, staging.press_figures: one value
-- per figure the reports agree on within rounding (marts.reported_groups), dated by the first
-- release; a figure the reports disagree on is no value here, only a finding). The selecting
-- views prefer any other tier to 'reported', so an archived release takes over from its press
-- report.
-- A view, not a table: the staging tables already hold every observation, checked, in the same
-- columns, and a copy cost as much as writing them again (10.5 s at 10 million observations,
-- 2026-11-24); a scan of the union costs what a scan of the copy did.
-- Rows follow the staging tables (domain, then mostly raw file and row: staging joins cells in
-- parallel); they are not sorted: sorting 10 million rows on six text keys under the 1 GB cap
-- took 80-106 s, and inside this union it ran out of memory (BENCHMARKS.md, 10M). A query that
-- needs an order states it.
with department_figures as (
    select
        tar.indicator_id,
        tar.region_id,
        tar.industry_code,
        cast(rep.year as varchar) as period,
        rep.year,
        cast(null as integer) as month,
        rep.value,
        rep.unit,
        'final' as status,
        tar.series,
        cast(null as varchar) as edition,
        rep.approved_on as vintage,
        'department_reports' as source_id,
        rep.source_file,
        rep.source_sha256,
        rep.source_row,
        '실적값' as source_column,
        cast(rep.value as varchar) as value_raw,
        'department_report' as tier,
    from staging.department_reports as rep
    inner join staging.kpi_targets as tar
        on tar.kpi_id = rep.kpi_id
    where rep.status = 'confirmed' and rep.approved_on is not null
),

document_sources as (
    select distinct
        fil.source_id,
    from raw.source_files as fil
    where fil.form = 'transcribed'
),

reported_figures as (
    select
        prs.indicator_id,
        prs.region_id,
        prs.industry_code,
        prs.period,
        prs.year,
        cast(null as integer) as month,
        prs.value,
        prs.unit,
        'final' as status,
        prs.series,
        prs.edition,
        prs.vintage,
        prs.source_id,
        prs.source_file,
        prs.source_sha256,
        prs.source_row,
        prs.source_column,
        prs.value_raw,
        'reported' as tier,
    from staging.press_figures as prs
    inner join marts.reported_groups() as grp
        on grp.indicator_id = prs.indicator_id
        and grp.region_id = prs.region_id
        and grp.industry_code = prs.industry_code
        and grp.period = prs.period
        and grp.series = prs.series
        and grp.edition is not distinct from prs.edition
    where grp.reports_agree
    qualify row_number() over (
        partition by prs.indicator_id, prs.region_id, prs.industry_code, prs.period, prs.series, prs.edition
        order by prs.half_unit, prs.vintage, prs.source_file, prs.source_row
    ) = 1
),

observations as (
    select * exclude (problem) from staging.grdp
    union all by name
    select * exclude (problem) from staging.census
    union all by name
    select * exclude (problem) from staging.workforce
    union all by name
    select * exclude (problem) from staging.startups
    union all by name
    select * exclude (problem) from staging.rnd
    union all by name
    select * exclude (problem) from staging.transcribed_figures
    union all by name
    select * from department_figures
    union all by name
    select * from reported_figures
)

select
    obs.indicator_id,
    obs.region_id,
    obs.industry_code,
    obs.period,
    obs.year,
    obs.month,
    obs.value,
    obs.unit,
    obs.status,
    obs.series,
    obs.edition,
    obs.vintage,
    obs.source_id,
    obs.source_file,
    obs.source_sha256,
    obs.source_row,
    obs.source_column,
    obs.value_raw,
    coalesce(
        obs.tier,
        case when obs.source_id in (select fil.source_id from document_sources as fil) then 'document' else 'official' end
    ) as tier,
from observations as obs
