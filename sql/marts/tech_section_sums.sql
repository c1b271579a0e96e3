-- marts.tech_section_sums(as_of) (table macro): 기술기반업종 (tech-based industries)
-- establishments, workers and sales summed from the KSIC sections that marts.dim_industry marks
-- tech_based (C+J+M+N+P+Q+R), per region, year and series, from the releases published on or
-- before `as_of` (date '9999-12-31' for the latest). `missing_sections` names the tech-based
-- sections the release does not give a value for (absent, or a marker such as X): a sum is
-- only a 기술기반업종 figure when it is empty. The one place this rule is written:
-- marts.tech_industries and the KPI actuals (sql/marts/kpi_actuals.sql) both read it.
create or replace macro marts.tech_section_sums(as_of) as table
with tech_sections as (
    select
        ind.industry_code,
    from marts.dim_industry as ind
    where ind.kind = 'section'
        and ind.tech_based
),

known as (
    select
        val.*,
    from marts.indicator_values_as_of(as_of, annual_only := true) as val
    inner join tech_sections as sec
        on sec.industry_code = val.industry_code
    where val.indicator_id in ('establishments', 'workers', 'sales')
),

cells as (
    select distinct
        kno.indicator_id,
        kno.region_id,
        kno.year,
        kno.series,
    from known as kno
)

select
    cel.indicator_id,
    cel.region_id,
    cel.year,
    cel.series,
    sum(kno.value) as tech_value,
    count(kno.industry_code) as sections_used,
    count(kno.industry_code) filter (where kno.value is null) as sections_without_value,
    string_agg(sec.industry_code, '+' order by sec.industry_code) filter (where kno.value is null)
        as missing_sections,
    coalesce(bool_or(kno.status = 'preliminary'), false) as any_preliminary,
    max(kno.vintage) as vintage,
from cells as cel
cross join tech_sections as sec
left join known as kno
    on kno.indicator_id = cel.indicator_id
    and kno.region_id = cel.region_id
    and kno.year = cel.year
    and kno.series = cel.series
    and kno.industry_code = sec.industry_code
group by cel.indicator_id, cel.region_id, cel.year, cel.series
