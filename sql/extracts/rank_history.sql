-- extract rank_history (chart data): Daejeon's rank among the 17 시도 by year for the headline
-- indicators, as known on $as_of, within each series.
select
    cmp.indicator_id,
    cmp.industry_code,
    cmp.series,
    cmp.year,
    cmp.value,
    cmp.rank_among_sido,
from marts.region_comparison_as_of($as_of, annual_only := true) as cmp
where cmp.region_id = $region
    and cmp.month is null
    and cmp.year <= $year_to
    and cmp.rank_among_sido is not null
    and (cmp.indicator_id, cmp.industry_code) in (
        ('establishments', 'TECH'), ('workers', 'TECH'), ('grdp_nominal', '_T')
    )
order by cmp.indicator_id, cmp.industry_code, cmp.series, cmp.year
