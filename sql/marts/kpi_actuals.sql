-- The actuals KPIs are measured with, as known on $as_of (the releases published on or before
-- that date; `date '9999-12-31'` for the latest): every annual value, plus the tech-based
-- totals summed from the census sections that marts.dim_industry marks tech_based
-- (C+J+M+N+P+Q+R, the same rule as marts.tech_industries), which carry industry_code 'TECH' in
-- the series of the sections they were summed from. A sum needs every section.
with known as (
    select
        val.*,
    from marts.indicator_values_as_of($as_of) as val
    where val.month is null
),

tech_sections as (
    select
        kno.indicator_id,
        kno.region_id,
        kno.series,
        kno.year,
        sum(kno.value) as value,
        count(kno.value) as sections_with_value,
        bool_or(kno.status = 'preliminary') as any_preliminary,
        max(kno.vintage) as vintage,
    from known as kno
    inner join marts.dim_industry as ind
        on ind.industry_code = kno.industry_code
    where ind.kind = 'section'
        and ind.tech_based
        and kno.indicator_id in ('establishments', 'workers')
    group by kno.indicator_id, kno.region_id, kno.series, kno.year
)

select
    kno.indicator_id,
    kno.region_id,
    kno.industry_code,
    kno.series,
    kno.year,
    kno.value,
    kno.status,
    kno.vintage,
    kno.source_id as source,
from known as kno
union all
select
    tec.indicator_id,
    tec.region_id,
    'TECH' as industry_code,
    tec.series,
    tec.year,
    tec.value,
    case when tec.any_preliminary then 'preliminary' else 'final' end as status,
    tec.vintage,
    'census sections (C+J+M+N+P+Q+R via marts.dim_industry)' as source,
from tech_sections as tec
where tec.sections_with_value = (
    select count(*) from marts.dim_industry as ind where ind.kind = 'section' and ind.tech_based
)
