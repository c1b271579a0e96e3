-- marts.tech_industries: 기술기반업종 (tech-based industries) establishments, workers and sales by
-- region, year and series, with their share of all industries, year-on-year growth and growth
-- since the first year of the series.
--   method = 'sections': summed from KSIC sections through marts.dim_industry.tech_based
--            (C+J+M+N+P+Q+R), wherever section-level data exists (marts.tech_section_sums);
--            no figure while a tech-based section has no value (`missing_sections` names them);
--   method = 'published': the source's own 기술기반업종 figure (e.g. the plan's, earlier series).
-- Growth is computed within (region, series, method) only: never across a series break.
with census as (
    select
        val.indicator_id,
        val.region_id,
        val.industry_code,
        val.year,
        val.series,
        val.value,
        val.status,
        val.vintage,
    from marts.indicator_values_all_series as val
    where val.indicator_id in ('establishments', 'workers', 'sales')
        and val.month is null
),

from_sections as (
    select
        tss.indicator_id,
        tss.region_id,
        tss.year,
        tss.series,
        'sections' as method,
        case when tss.missing_sections is null then tss.tech_value end as tech_value,
        tss.sections_used,
        tss.sections_without_value,
        tss.missing_sections,
        tss.any_preliminary,
        tss.vintage,
    from marts.tech_section_sums(date '9999-12-31') as tss
),

published as (
    select
        cen.indicator_id,
        cen.region_id,
        cen.year,
        cen.series,
        'published' as method,
        cen.value as tech_value,
        null::bigint as sections_used,
        null::bigint as sections_without_value,
        null::varchar as missing_sections,
        cen.status = 'preliminary' as any_preliminary,
        cen.vintage,
    from census as cen
    where cen.industry_code = 'TECH'
),

tech as (
    select * from from_sections
    union all
    select * from published
),

with_totals as (
    select
        tec.*,
        tot.value as all_value,
    from tech as tec
    left join census as tot
        on tot.indicator_id = tec.indicator_id
        and tot.region_id = tec.region_id
        and tot.year = tec.year
        and tot.series = tec.series
        and tot.industry_code = '_T'
)

select
    wtt.indicator_id,
    wtt.region_id,
    wtt.year,
    wtt.series,
    wtt.method,
    wtt.tech_value,
    wtt.all_value,
    round(100 * wtt.tech_value / nullif(wtt.all_value, 0), 4) as tech_share_pct,
    round(
        100 * (wtt.tech_value / nullif(lag(wtt.tech_value) over trend, 0) - 1), 4
    ) as tech_yoy_growth_pct,
    first_value(wtt.year) over trend as series_first_year,
    round(
        100 * (
            power(
                wtt.tech_value / nullif(first_value(wtt.tech_value) over trend, 0),
                1.0 / nullif(wtt.year - first_value(wtt.year) over trend, 0)
            ) - 1
        ),
        4
    ) as tech_cagr_since_first_year_pct,
    wtt.sections_used,
    wtt.sections_without_value,
    wtt.missing_sections,
    case when wtt.any_preliminary then 'preliminary' else 'final' end as status,
    wtt.vintage,
from with_totals as wtt
window trend as (partition by wtt.indicator_id, wtt.region_id, wtt.series, wtt.method order by wtt.year)
order by wtt.indicator_id, wtt.region_id, wtt.series, wtt.method, wtt.year
