-- marts.indicator_values_latest (view): the newest value of each indicator, region, industry,
-- period (and R-COSTII edition) in its current series - one row per indicator, region,
-- industry, period and edition. The current series of an indicator, region and industry is
-- the series of its newest release (ties: the newest period). Values of other series (e.g. the
-- GRDP 2015 base year, the census before 2020) are in marts.indicator_values_all_series.
with current_series as (
    select
        als.indicator_id,
        als.region_id,
        als.industry_code,
        als.series,
    from marts.indicator_values_all_series as als
    qualify row_number() over (
        partition by als.indicator_id, als.region_id, als.industry_code
        order by als.vintage desc, als.period desc, als.series
    ) = 1
)

select
    als.*,
from marts.indicator_values_all_series as als
inner join current_series as cur
    on cur.indicator_id = als.indicator_id
    and cur.region_id = als.region_id
    and cur.industry_code is not distinct from als.industry_code
    and cur.series is not distinct from als.series
