-- Q11. Daejeon's per-capita income figures against the capital region, whose rate is weighted
-- by population (not a mean of three rates), and the rank among the 17 시도.
select
    cmp.indicator_id,
    cmp.period,
    cmp.value,
    cmp.capital_region_value,
    cmp.gap_to_capital_region,
    cmp.rank_among_sido,
from marts.region_comparison as cmp
where cmp.region_id = 'KR-30'
    and cmp.capital_region_method = 'weighted_mean'
order by cmp.indicator_id, cmp.period
