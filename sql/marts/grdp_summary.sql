-- marts.grdp_summary: a region's GRDP by year against the nation, one row per year and series.
-- Parameters: $region (e.g. 'KR-30' = 대전), $nation ('KR'), $million_krw_per_trillion.
-- Shares are shown as published AND as recomputed from the levels, with their difference.
-- Averages never cross a series (GRDP base year): they are computed within `series` only.
-- avg_real_growth_pct is the geometric mean of the yearly real growth rates after the first
-- year of the series (the plan's "2016~2021년 연평균성장률" = growth of 2017..2021).
with observations as (
    select
        obs.indicator_id,
        obs.region_id,
        obs.year,
        obs.series,
        obs.value,
        obs.status,
        obs.vintage,
        obs.source_id,
    from staging.grdp as obs
    where obs.month is null
        and obs.indicator_id in ('grdp_nominal', 'grdp_share_national', 'grdp_real_growth')
    qualify row_number() over (
        partition by obs.indicator_id, obs.region_id, obs.year, obs.series
        order by obs.vintage desc
    ) = 1
),

region_years as (
    select
        obs.year,
        obs.series,
        max(obs.value) filter (where obs.indicator_id = 'grdp_nominal') as grdp_nominal_mil_krw,
        max(obs.value) filter (where obs.indicator_id = 'grdp_share_national') as share_published_pct,
        max(obs.value) filter (where obs.indicator_id = 'grdp_real_growth') as real_growth_pct,
        bool_or(obs.status = 'preliminary') as any_preliminary,
        max(obs.vintage) as vintage,
        string_agg(distinct obs.source_id, ', ' order by obs.source_id) as source_ids,
    from observations as obs
    where obs.region_id = $region
    group by obs.year, obs.series
),

nation_years as (
    select
        obs.year,
        obs.series,
        obs.value as national_grdp_nominal_mil_krw,
        obs.status = 'preliminary' as national_preliminary,
    from observations as obs
    where obs.region_id = $nation
        and obs.indicator_id = 'grdp_nominal'
),

joined as (
    select
        reg.year,
        reg.series,
        reg.grdp_nominal_mil_krw,
        nat.national_grdp_nominal_mil_krw,
        reg.share_published_pct,
        100 * reg.grdp_nominal_mil_krw / nat.national_grdp_nominal_mil_krw as share_recomputed_pct,
        reg.real_growth_pct,
        reg.any_preliminary or coalesce(nat.national_preliminary, false) as is_preliminary,
        reg.vintage,
        reg.source_ids,
        min(reg.year) over (partition by reg.series) as first_year,
        max(reg.year) over (partition by reg.series) as last_year,
    from region_years as reg
    left join nation_years as nat
        on nat.year = reg.year
        and nat.series = reg.series
),

period_growth as (
    select
        jnd.series,
        100 * (exp(avg(ln(1 + jnd.real_growth_pct / 100))) - 1) as avg_real_growth_pct,
        count(jnd.real_growth_pct) as growth_years,
    from joined as jnd
    where jnd.year > jnd.first_year
    group by jnd.series
),

period_levels as (
    select
        jnd.series,
        100 * (
            power(
                max(jnd.grdp_nominal_mil_krw) filter (where jnd.year = jnd.last_year)
                / max(jnd.grdp_nominal_mil_krw) filter (where jnd.year = jnd.first_year),
                1.0 / nullif(max(jnd.last_year) - max(jnd.first_year), 0)
            ) - 1
        ) as nominal_cagr_pct,
    from joined as jnd
    group by jnd.series
)

select
    cast($region as varchar) as region_id,
    jnd.year,
    jnd.series,
    jnd.grdp_nominal_mil_krw,
    jnd.grdp_nominal_mil_krw / $million_krw_per_trillion as grdp_nominal_tn_krw,
    jnd.national_grdp_nominal_mil_krw,
    jnd.national_grdp_nominal_mil_krw / $million_krw_per_trillion as national_grdp_nominal_tn_krw,
    jnd.share_published_pct,
    round(jnd.share_recomputed_pct, 4) as share_recomputed_pct,
    round(jnd.share_recomputed_pct - jnd.share_published_pct, 4) as share_difference_pp,
    jnd.real_growth_pct,
    round(grw.avg_real_growth_pct, 4) as avg_real_growth_pct,
    round(lvl.nominal_cagr_pct, 4) as nominal_cagr_pct,
    jnd.first_year || '-' || jnd.last_year as average_period,
    case when jnd.is_preliminary then 'preliminary' else 'final' end as status,
    jnd.is_preliminary,
    jnd.vintage,
    jnd.source_ids,
from joined as jnd
left join period_growth as grw
    on grw.series = jnd.series
left join period_levels as lvl
    on lvl.series = jnd.series
order by jnd.series, jnd.year
