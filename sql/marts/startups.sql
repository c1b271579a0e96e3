-- marts.startups: new firms by region, industry and period (monthly from 창업기업동향, annual
-- where a document states a year). Suppressed cells (X) stay null with status 'suppressed';
-- the published national total (소계) includes them, so for each industry and month the
-- national total is shown beside the sum of the visible regions and their difference, the
-- startups withheld by suppression.
with latest as (
    select
        val.region_id,
        val.industry_code,
        val.period,
        val.year,
        val.month,
        val.series,
        val.value,
        val.status,
        val.vintage,
    from marts.indicator_values_all_series as val
    where val.indicator_id = 'startups'
),

visible as (
    select
        lat.industry_code,
        lat.period,
        lat.series,
        sum(lat.value) filter (where lat.region_id <> 'KR') as sum_of_visible_regions,
        count(*) filter (where lat.region_id <> 'KR' and lat.status = 'suppressed') as suppressed_regions,
    from latest as lat
    group by lat.industry_code, lat.period, lat.series
)

select
    lat.region_id,
    reg.name_ko as region_name_ko,
    lat.industry_code,
    ind.name_ko as industry_name_ko,
    lat.period,
    lat.year,
    lat.month,
    case when lat.month is null then 'annual' else 'monthly' end as frequency,
    lat.series,
    lat.value,
    lat.status,
    lat.status = 'suppressed' as is_suppressed,
    case when lat.region_id = 'KR' then vis.sum_of_visible_regions end as sum_of_visible_regions,
    case when lat.region_id = 'KR' then vis.suppressed_regions end as suppressed_regions,
    case when lat.region_id = 'KR' then lat.value - vis.sum_of_visible_regions end as withheld_by_suppression,
    lat.vintage,
from latest as lat
inner join marts.dim_region as reg
    on reg.region_id = lat.region_id
inner join marts.dim_industry as ind
    on ind.industry_code = lat.industry_code
left join visible as vis
    on vis.industry_code = lat.industry_code
    and vis.period = lat.period
    and vis.series = lat.series
order by lat.series, lat.period, lat.industry_code, lat.region_id
