-- marts.series_overlaps: where two series (a census design, a GRDP base year) give a value for
-- the same indicator, region, industry and period, both values side by side. Growth rates, ranks
-- and trends are never computed across series; this table shows the size of each break.
with latest as (
    select
        val.indicator_id,
        val.region_id,
        val.industry_code,
        val.period,
        val.series,
        val.value,
        val.vintage,
    from marts.indicator_values_all_series as val
    where val.edition is null
)

select
    old.indicator_id,
    old.region_id,
    old.industry_code,
    old.period,
    old.series as series_a,
    old.value as value_a,
    old.vintage as vintage_a,
    new.series as series_b,
    new.value as value_b,
    new.vintage as vintage_b,
    round(new.value / nullif(old.value, 0), 4) as ratio_b_to_a,
from latest as old
inner join latest as new
    on new.indicator_id = old.indicator_id
    and new.region_id = old.region_id
    and new.industry_code = old.industry_code
    and new.period = old.period
    and new.series > old.series
order by old.indicator_id, old.region_id, old.industry_code, old.period
