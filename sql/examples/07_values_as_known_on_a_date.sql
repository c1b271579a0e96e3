-- Q7. What did we know on 2025-06-30? Daejeon's GRDP as published by then (only releases with a
-- vintage on or before the date), next to what is known today.
with then_known as (
    select
        val.period,
        val.series,
        val.value,
        val.vintage,
    from marts.indicator_values_as_of(date '2025-06-30') as val
    where val.indicator_id = 'grdp_nominal'
        and val.region_id = 'KR-30'
),

now_known as (
    select
        val.period,
        val.series,
        val.value,
        val.vintage,
    from marts.indicator_values_all_series as val
    where val.indicator_id = 'grdp_nominal'
        and val.region_id = 'KR-30'
)

select
    nwk.period,
    nwk.series,
    thk.value as value_known_2025_06_30,
    thk.vintage as vintage_then,
    nwk.value as value_known_now,
    nwk.vintage as vintage_now,
from now_known as nwk
left join then_known as thk
    on thk.period = nwk.period
    and thk.series = nwk.series
order by nwk.series, nwk.period
