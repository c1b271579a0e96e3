-- marts.indicator_values: the one fact table. Every value of every indicator from every release
-- (vintage) of every source, in the indicator's canonical unit, with its status, series and the
-- raw file row it came from. Nothing is overwritten: a revision is a new row with a new vintage.
-- Departments' confirmed figures (staging.department_reports) in reports the S&T committee
-- approved (확정, sti/departments/review.py) are values of their KPI's series, dated by the
-- meeting that approved them (anything else is not a value yet: marts.department_reports).
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
    from staging.department_reports as rep
    inner join staging.kpi_targets as tar
        on tar.kpi_id = rep.kpi_id
    where rep.status = 'confirmed' and rep.approved_on is not null
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
from observations as obs
