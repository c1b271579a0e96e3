-- Q3. What changed since the previous release of each source: values revised between the two
-- newest vintages of the same source, indicator, region, industry and period?
with ranked as (
    select
        val.*,
        dense_rank() over (partition by val.source_id order by val.vintage desc) as release_order,
    from marts.indicator_values as val
),

newest as (
    select * from ranked as rnk where rnk.release_order = 1
),

previous as (
    select * from ranked as rnk where rnk.release_order = 2
)

select
    nwe.source_id,
    nwe.indicator_id,
    nwe.region_id,
    nwe.industry_code,
    nwe.period,
    prv.vintage as previous_vintage,
    prv.value as previous_value,
    nwe.vintage,
    nwe.value,
    nwe.value - prv.value as change,
from newest as nwe
inner join previous as prv
    on prv.source_id = nwe.source_id
    and prv.indicator_id = nwe.indicator_id
    and prv.region_id = nwe.region_id
    and prv.industry_code = nwe.industry_code
    and prv.period = nwe.period
    and prv.series = nwe.series
where nwe.value is distinct from prv.value
order by nwe.source_id, nwe.indicator_id, nwe.region_id, nwe.period
