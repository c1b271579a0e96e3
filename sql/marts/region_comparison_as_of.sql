-- marts.region_comparison_as_of(as_of) (table macro): every indicator x period x region (the 17 시도), from the newest
-- release of each value, plus 기술기반업종 (industry_code 'TECH') establishments and workers
-- summed from the census sections (marts.tech_section_sums), with
--   rank_among_sido: 1 = best, honouring the indicator's direction (for "lower is better" the
--     smallest value ranks first; ties share a rank), and only when every one of the 17 시도
--     has a value: a rank among fewer regions (a transcription of Daejeon alone, a suppressed
--     cell) is NULL and rank_note says why;
--   rank_among_metropolitan: the same among the six 광역시 (marts.dim_region.metropolitan_city),
--     only when all six have a value;
--   share of the national total (stocks and flows only: a rate or an index has no share);
--   the capital region (서울+인천+경기) as dim_indicator.capital_region_method declares it:
--     'sum' (stocks and flows): its sum, and the region's value as a % of it;
--     'weighted_mean' (rates with a declared weight, e.g. per-capita figures weighted by
--     population): sum(rate x weight) / sum(weight), and the gap to it in the rate's unit;
--     'none' (growth rates, indices, ranks, rates without a weight): nothing.
-- Ranks, shares and capital-region figures stay within one series and edition.
-- From the releases published on or before `as_of` (date '9999-12-31' for all of them);
-- `annual_only := true` compares annual periods only (see marts.indicator_values_as_of).
create or replace macro marts.region_comparison_as_of(as_of, annual_only := false) as table
with values_known as (
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
        val.tier,
    from marts.indicator_values_as_of(as_of, annual_only := annual_only) as val
),

tech_sections as (
    select
        tec.indicator_id,
        tec.region_id,
        'TECH' as industry_code,
        cast(tec.year as varchar) as period,
        tec.year,
        cast(null as integer) as month,
        tec.series,
        '' as edition,
        case when tec.sections_without_value = 0 then tec.tech_value end as value,
        case when tec.any_preliminary then 'preliminary' else 'final' end as status,
        tec.vintage,
        'official' as tier,
    from marts.tech_section_sums(as_of) as tec
    where tec.sections_used = (
        select count(*) from marts.dim_industry as ind where ind.kind = 'section' and ind.tech_based
    )
),

all_values as (
    select * from values_known
    union all by name
    select * from tech_sections
),

weights as (
    -- the newest value of a weight indicator per region and period, whatever its series
    select
        val.indicator_id,
        val.region_id,
        val.period,
        arg_max(val.value, val.vintage) as value,
    from marts.indicator_values_as_of(as_of, annual_only := annual_only) as val
    where val.industry_code = '_T'
    group by val.indicator_id, val.region_id, val.period
),

sido as (
    select
        reg.region_id,
        reg.name_ko,
        reg.name_en,
        reg.capital_region,
        reg.metropolitan_city,
    from marts.dim_region as reg
    where reg.level = 'sido'
),

sido_count as (
    select
        count(*) as sido_total,
        count(*) filter (where sid.metropolitan_city) as metropolitan_total,
    from sido as sid
),

regional as (
    select
        alv.*,
        sid.name_ko,
        sid.name_en,
        sid.capital_region,
        sid.metropolitan_city,
        ind.direction,
        ind.aggregation,
        ind.capital_region_method,
        ind.capital_region_weight,
        wgt.value as weight_value,
    from all_values as alv
    inner join sido as sid
        on sid.region_id = alv.region_id
    inner join marts.dim_indicator as ind
        on ind.indicator_id = alv.indicator_id
    left join weights as wgt
        on wgt.indicator_id = ind.capital_region_weight
        and wgt.region_id = alv.region_id
        and wgt.period = alv.period
),

ranked as (
    select
        rgn.*,
        count(rgn.value) over cell as regions_with_value,
        count(*) over cell as regions_present,
        count(rgn.value) filter (where rgn.metropolitan_city) over cell as metropolitan_with_value,
        case
            when rgn.value is null then null
            when rgn.direction = 'lower' then rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition order by rgn.value asc nulls last)
            else rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition order by rgn.value desc nulls last)
        end as rank_among_present,
        case
            when rgn.value is null or not rgn.metropolitan_city then null
            when rgn.direction = 'lower' then rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition, rgn.metropolitan_city order by rgn.value asc nulls last)
            else rank() over (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition, rgn.metropolitan_city order by rgn.value desc nulls last)
        end as metropolitan_rank_among_present,
        sum(rgn.value) over cell as sum_of_regions,
        sum(rgn.value) filter (where rgn.capital_region) over cell as capital_region_sum,
        sum(rgn.value * rgn.weight_value) filter (where rgn.capital_region) over cell
            / nullif(sum(rgn.weight_value) filter (where rgn.capital_region and rgn.value is not null) over cell, 0)
            as capital_region_weighted_mean,
        count(rgn.value) filter (where rgn.capital_region) over cell as capital_regions_with_value,
        count(rgn.weight_value) filter (where rgn.capital_region and rgn.value is not null) over cell
            as capital_regions_with_weight,
    from regional as rgn
    window cell as (partition by rgn.indicator_id, rgn.industry_code, rgn.period, rgn.series, rgn.edition)
),

national as (
    select
        alv.indicator_id,
        alv.industry_code,
        alv.period,
        alv.series,
        alv.edition,
        alv.value as national_value,
    from all_values as alv
    where alv.region_id = 'KR'
),

capital as (
    select
        rnk.*,
        case
            when rnk.capital_regions_with_value < 3 then null
            when rnk.capital_region_method = 'sum' then rnk.capital_region_sum
            when rnk.capital_region_method = 'weighted_mean' and rnk.capital_regions_with_weight = 3
                then rnk.capital_region_weighted_mean
        end as capital_region_value,
    from ranked as rnk
)

select
    cap.indicator_id,
    cap.region_id,
    cap.name_ko as region_name_ko,
    cap.name_en as region_name_en,
    cap.metropolitan_city,
    cap.capital_region,
    cap.industry_code,
    cap.period,
    cap.year,
    cap.month,
    cap.series,
    nullif(cap.edition, '') as edition,
    cap.value,
    cap.status,
    cap.vintage,
    cap.tier,
    cap.direction,
    cap.aggregation,
    case when cap.regions_with_value = cnt.sido_total then cap.rank_among_present end as rank_among_sido,
    case
        when cap.value is null then 'no value for this region'
        when cap.regions_with_value < cnt.sido_total
            then format('not ranked: {} of {} 시도 have a value', cap.regions_with_value, cnt.sido_total)
    end as rank_note,
    case
        when cap.metropolitan_with_value = cnt.metropolitan_total then cap.metropolitan_rank_among_present
    end as rank_among_metropolitan,
    cap.regions_with_value,
    cap.regions_present,
    nat.national_value,
    case
        when cap.aggregation in ('stock', 'flow')
            then round(100 * cap.value / nullif(nat.national_value, 0), 4)
    end as share_of_national_pct,
    case when cap.aggregation in ('stock', 'flow') then cap.sum_of_regions end as sum_of_regions,
    cap.capital_region_method,
    round(cap.capital_region_value, 4) as capital_region_value,
    case
        when cap.capital_region_method = 'sum'
            then round(100 * cap.value / nullif(cap.capital_region_value, 0), 4)
    end as ratio_to_capital_region_pct,
    case
        when cap.capital_region_method = 'weighted_mean'
            then round(cap.value - cap.capital_region_value, 4)
    end as gap_to_capital_region,
from capital as cap
cross join sido_count as cnt
left join national as nat
    on nat.indicator_id = cap.indicator_id
    and nat.industry_code = cap.industry_code
    and nat.period = cap.period
    and nat.series = cap.series
    and nat.edition = cap.edition
order by cap.indicator_id, cap.industry_code, cap.series, cap.period, cap.rank_among_present
