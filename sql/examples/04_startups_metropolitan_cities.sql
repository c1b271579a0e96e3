-- Q4. Daejeon against the other 광역시 on startups: new firms in the latest month, all
-- industries and tech-based, with each city's rank among the six 광역시.
with latest_month as (
    select max(cmp.period) as period,
    from marts.region_comparison as cmp
    where cmp.indicator_id = 'startups' and cmp.series = 'startups_trend'
)

select
    cmp.region_name_ko,
    cmp.industry_code,
    cmp.period,
    cmp.value,
    cmp.rank_among_metropolitan,
    cmp.rank_among_sido,
    cmp.share_of_national_pct,
from marts.region_comparison as cmp
inner join latest_month as lat
    on lat.period = cmp.period
where cmp.indicator_id = 'startups'
    and cmp.metropolitan_city
    and cmp.industry_code in ('_T', 'TECH')
order by cmp.industry_code, cmp.rank_among_metropolitan
