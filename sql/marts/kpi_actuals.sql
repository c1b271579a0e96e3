-- The actuals KPIs are measured with: the newest release of every annual value, plus the
-- tech-based totals computed from census sections (marts.tech_industries, method 'sections'),
-- which carry industry_code 'TECH' in the series of the sections they were summed from.
select
    val.indicator_id,
    val.region_id,
    val.industry_code,
    val.series,
    val.year,
    val.value,
    val.status,
    val.vintage,
    val.source_id as source,
from marts.indicator_values_latest as val
where val.month is null
union all
select
    tec.indicator_id,
    tec.region_id,
    'TECH' as industry_code,
    tec.series,
    tec.year,
    tec.tech_value as value,
    tec.status,
    tec.vintage,
    'marts.tech_industries (sections via dim_industry)' as source,
from marts.tech_industries as tec
where tec.method = 'sections'
