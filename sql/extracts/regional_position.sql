-- extract regional_position (sheet 지역 비교): Daejeon against the 17 시도 on every indicator
-- that all 17 report, in the latest period up to $year_to known on $as_of, within one series and
-- edition: value, rank among the 17 시도 and the six 광역시, national share, the best region.
with compared as (
    select
        cmp.*,
    from marts.region_comparison_as_of($as_of, annual_only := true) as cmp
    where cmp.year <= $year_to
        and cmp.month is null
        and cmp.rank_among_sido is not null
),

latest as (
    select
        cmp.indicator_id,
        cmp.industry_code,
        cmp.series,
        max(cmp.period) as period,
    from compared as cmp
    group by cmp.indicator_id, cmp.industry_code, cmp.series
),

best as (
    select
        cmp.indicator_id,
        cmp.industry_code,
        cmp.series,
        cmp.period,
        string_agg(cmp.region_name_ko, ', ' order by cmp.region_id) as best_region_ko,
        max(cmp.value) filter (where cmp.direction = 'higher') as best_high,
        min(cmp.value) filter (where cmp.direction = 'lower') as best_low,
    from compared as cmp
    where cmp.rank_among_sido = 1
    group by cmp.indicator_id, cmp.industry_code, cmp.series, cmp.period
)

select
    ind.domain,
    cmp.indicator_id,
    ind.name_ko as indicator_name_ko,
    ind.name_en as indicator_name_en,
    cmp.industry_code,
    cmp.series,
    cmp.period,
    ind.unit,
    cmp.value,
    cmp.rank_among_sido,
    cmp.rank_among_metropolitan,
    cmp.national_value,
    cmp.share_of_national_pct,
    bst.best_region_ko,
    coalesce(bst.best_high, bst.best_low) as best_value,
    cmp.vintage,
from compared as cmp
inner join latest as lat
    on lat.indicator_id = cmp.indicator_id
    and lat.industry_code = cmp.industry_code
    and lat.series = cmp.series
    and lat.period = cmp.period
inner join marts.dim_indicator as ind
    on ind.indicator_id = cmp.indicator_id
left join best as bst
    on bst.indicator_id = cmp.indicator_id
    and bst.industry_code = cmp.industry_code
    and bst.series = cmp.series
    and bst.period = cmp.period
where cmp.region_id = $region
order by ind.domain, cmp.indicator_id, cmp.industry_code, cmp.series
