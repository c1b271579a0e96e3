-- Q1. How many tech-based establishments (기술기반업종 사업체) and workers does Daejeon have each
-- year, how fast do they grow, and where does Daejeon rank among the 17 시도?
-- Tech-based = KSIC sections C+J+M+N+P+Q+R summed (marts.tech_industries, method 'sections');
-- growth is within one census series only; the rank needs all 17 시도 to have a value.
select
    tec.indicator_id,
    tec.year,
    tec.series,
    tec.tech_value,
    tec.tech_share_pct,
    tec.tech_yoy_growth_pct,
    cmp.rank_among_sido,
    cmp.rank_among_metropolitan,
    cmp.share_of_national_pct,
from marts.tech_industries as tec
left join marts.region_comparison as cmp
    on cmp.indicator_id = tec.indicator_id
    and cmp.region_id = tec.region_id
    and cmp.industry_code = 'TECH'
    and cmp.period = cast(tec.year as varchar)
    and cmp.series = tec.series
where tec.region_id = 'KR-30'
    and tec.method = 'sections'
order by tec.indicator_id, tec.year
