-- marts.region_comparison: every indicator x period x region (the 17 시도), from the newest
-- release of each value, with
--   rank among the 시도 that have a value that period (1 = best, honouring the indicator's
--   (regions_present also counts 시도 whose cell is a marker such as '-' or 'X')
--   direction: for "lower is better" the smallest value ranks first; ties share a rank),
--   share of the national total (stocks and flows only: a rate or an index has no share),
--   and the ratio to the capital region (서울+인천+경기): to its sum for stocks and flows, to its
--   mean for rates and indices, as the national strategy's "70% of the capital region" goal reads.
-- Ranks and shares are computed within one series and edition, never across them.
with latest as (
    select
        val.indicator_id,
        val.region_id,
        val.industry_code,
        val.period,
        val.year,
        val.month,
        val.series,
        coalesce(val.edition, '') as edition,
        val.value,
        val.status,
        val.vintage,
    from marts.indicator_values_all_series as val
),

sido as (
    select
        reg.region_id,
        reg.name_ko,
        reg.name_en,
        reg.capital_region,
    from marts.dim_region as reg
    where reg.level = 'sido'
),

regional as (
    select
        lat.*,
        sid.name_ko,
        sid.name_en,
        sid.capital_region,
        ind.direction,
        ind.aggregation,
    from latest as lat
    inner join sido as sid
        on sid.region_id = lat.region_id
    inner join marts.dim_indicator as ind
        on ind.indicator_id = lat.indicator_id
),

national as (
    select
        lat.indicator_id,
        lat.industry_code,
        lat.period,
        lat.series,
        lat.edition,
        lat.value as national_value,
    from latest as lat
    where lat.region_id = 'KR'
),

ranked as (
    select
        rgn.*,
        count(rgn.value) over cell as regions_with_value,
        count(*) over cell as regions_present,
        case
            when rgn.value is null then null
            when rgn.direction = 'lower' then rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition order by rgn.value asc nulls last)
            else rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition order by rgn.value desc nulls last)
        end as rank_among_regions,
        sum(rgn.value) over cell as sum_of_regions,
        sum(rgn.value) filter (where rgn.capital_region) over cell as capital_region_sum,
        avg(rgn.value) filter (where rgn.capital_region) over cell as capital_region_mean,
        count(rgn.value) filter (where rgn.capital_region) over cell as capital_regions_with_value,
    from regional as rgn
    window cell as (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition)
)

select
    rnk.indicator_id,
    rnk.region_id,
    rnk.name_ko as region_name_ko,
    rnk.name_en as region_name_en,
    rnk.industry_code,
    rnk.period,
    rnk.year,
    rnk.month,
    rnk.series,
    nullif(rnk.edition, '') as edition,
    rnk.value,
    rnk.status,
    rnk.vintage,
    rnk.direction,
    rnk.aggregation,
    rnk.rank_among_regions,
    rnk.regions_with_value,
    rnk.regions_present,
    nat.national_value,
    case
        when rnk.aggregation in ('stock', 'flow')
            then round(100 * rnk.value / nullif(nat.national_value, 0), 4)
    end as share_of_national_pct,
    case when rnk.aggregation in ('stock', 'flow') then rnk.sum_of_regions end as sum_of_regions,
    case
        when rnk.capital_regions_with_value < 3 then null
        when rnk.aggregation in ('stock', 'flow') then round(100 * rnk.value / nullif(rnk.capital_region_sum, 0), 4)
        else round(100 * rnk.value / nullif(rnk.capital_region_mean, 0), 4)
    end as ratio_to_capital_region_pct,
from ranked as rnk
left join national as nat
    on nat.indicator_id = rnk.indicator_id
    and nat.industry_code = rnk.industry_code
    and nat.period = rnk.period
    and nat.series = rnk.series
    and nat.edition = rnk.edition
order by rnk.indicator_id, rnk.industry_code, rnk.series, rnk.period, rnk.rank_among_regions
