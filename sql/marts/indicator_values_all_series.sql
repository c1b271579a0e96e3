-- marts.indicator_values_all_series (view): the newest release of each value in every series
-- (GRDP 2015 and 2020 base years, the census before and after 2020, ...): one row per
-- indicator, region, industry, period, series and edition. Revisions replace earlier releases
-- here; marts.indicator_values keeps them all. Marts that compare or keep series apart read this.
-- A reported figure (tier reported) gives way to any other release of the same value.
select
    val.*,
from marts.indicator_values as val
qualify row_number() over (
    partition by val.indicator_id, val.region_id, val.industry_code, val.period, val.series, val.edition
    order by val.tier = 'reported', val.vintage desc
) = 1
