-- marts.indicator_values_latest (a table, rebuilt with marts.indicator_values): the newest value
-- of each indicator, region, industry, period (and R-COSTII edition) in its current series - one
-- row per indicator, region, industry, period and edition. The current series of an indicator,
-- region and industry is the series of its newest release (ties: the newest period). Values of
-- other series (e.g. the GRDP 2015 base year, the census before 2020) are in
-- marts.indicator_values_all_series, which this picks from in one pass (a window, not a join of
-- it with itself).
with ranked as (
    select
        als.*,
        first_value(als.series) over (
            partition by als.indicator_id, als.region_id, als.industry_code
            order by als.vintage desc, als.period desc, als.series
        ) as current_series,
    from marts.indicator_values_all_series as als
)

select
    rnk.* exclude (current_series),
from ranked as rnk
where rnk.series is not distinct from rnk.current_series
