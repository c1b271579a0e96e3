-- marts.startups_annual: monthly startups summed to calendar years per region and industry.
-- A year is complete only with 12 reported months; suppressed months are counted and flagged,
-- and the visible sum of a year with a suppressed month is a lower bound, not the total.
select
    stu.region_id,
    stu.region_name_ko,
    stu.industry_code,
    stu.industry_name_ko,
    stu.year,
    stu.series,
    sum(stu.value) as visible_sum,
    count(*) as months_reported,
    count(*) filter (where stu.is_suppressed) as months_suppressed,
    count(*) = 12 as is_complete_year,
    count(*) filter (where stu.is_suppressed) > 0 as visible_sum_is_lower_bound,
    max(stu.vintage) as vintage,
from marts.startups as stu
where stu.frequency = 'monthly'
group by stu.region_id, stu.region_name_ko, stu.industry_code, stu.industry_name_ko, stu.year, stu.series
order by stu.series, stu.year, stu.industry_code, stu.region_id
