-- The actuals KPIs are measured with, as known on $as_of (the releases published on or before
-- that date; `date '9999-12-31'` for the latest): every annual value, plus the tech-based
-- totals of marts.tech_section_sums (the census sections marked tech_based), which carry
-- industry_code 'TECH' in the series of the sections they were summed from. A sum needs every
-- section. Each actual carries its tier (marts.indicator_values.tier); researchers outside the
-- capital region are derived as 전국 − 수도권 of the same release.
with known as (
    select
        val.*,
    from marts.indicator_values_as_of($as_of, annual_only := true) as val
),

-- The two macros are materialized once each: inlined beside `known`, DuckDB 1.5.6's filter
-- pushdown turned the three-branch union into a plan that never finished on ten census years of
-- establishment microdata (as of 2023-12-01: > 190 s; 0.37 s materialized, the same rows;
-- bench census-60M, 2026-12-07).
tech_sums as materialized (
    select
        sec.*,
    from marts.tech_section_sums($as_of) as sec
),

regional as materialized (
    select
        nat.*,
    from marts.non_capital_sums($as_of) as nat
    where nat.indicator_id = 'researchers'
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
    kno.tier,
from known as kno
union all
select
    tec.indicator_id,
    tec.region_id,
    'TECH' as industry_code,
    tec.series,
    tec.year,
    tec.tech_value as value,
    case when tec.any_preliminary then 'preliminary' else 'final' end as status,
    tec.vintage,
    'census sections (C+J+M+N+P+Q+R via marts.dim_industry)' as source,
    'official' as tier,
from tech_sums as tec
where tec.sections_used - tec.sections_without_value = (
    select count(*) from marts.dim_industry as ind where ind.kind = 'section' and ind.tech_based
)
union all
-- researchers outside the capital region (the national strategy's 지역 연구원): 전국 − 수도권 of
-- one release and year (marts.non_capital_sums)
select
    'regional_researchers' as indicator_id,
    ncs.region_id,
    ncs.industry_code,
    ncs.series,
    ncs.year,
    ncs.value,
    ncs.status,
    ncs.vintage,
    'computed: 전국 − 수도권 (' || ncs.source_id || ')' as source,
    ncs.tier,
from regional as ncs
