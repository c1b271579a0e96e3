-- marts.tech_section_sums(as_of) (table macro): 기술기반업종 (tech-based industries)
-- establishments and workers summed from the KSIC sections that marts.dim_industry marks
-- tech_based (C+J+M+N+P+Q+R), per region, year and series, from the releases published on or
-- before `as_of` (date '9999-12-31' for the latest). The one place this rule is written:
-- marts.tech_industries and the KPI actuals (sql/marts/kpi_actuals.sql) both read it.
create or replace macro marts.tech_section_sums(as_of) as table
select
    val.indicator_id,
    val.region_id,
    val.year,
    val.series,
    sum(val.value) as tech_value,
    count(*) as sections_used,
    count(*) filter (where val.value is null) as sections_without_value,
    bool_or(val.status = 'preliminary') as any_preliminary,
    max(val.vintage) as vintage,
from marts.indicator_values_as_of(as_of, annual_only := true) as val
inner join marts.dim_industry as ind
    on ind.industry_code = val.industry_code
where ind.kind = 'section'
    and ind.tech_based
    and val.indicator_id in ('establishments', 'workers')
group by val.indicator_id, val.region_id, val.year, val.series
