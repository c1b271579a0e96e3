-- marts.indicator_values: the one fact table. Every value of every indicator from every release
-- (vintage) of every source, in the indicator's canonical unit, with its status, series and the
-- raw file row it came from. Nothing is overwritten: a revision is a new row with a new vintage.
with observations as (
    select * exclude (problem) from staging.grdp
    union all by name
    select * exclude (problem) from staging.census
    union all by name
    select * exclude (problem) from staging.workforce
    union all by name
    select * exclude (problem) from staging.startups
    union all by name
    select * exclude (problem) from staging.transcribed_figures
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
order by obs.indicator_id, obs.region_id, obs.industry_code, obs.period, obs.series, obs.vintage
