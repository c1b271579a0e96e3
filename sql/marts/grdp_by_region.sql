-- marts.grdp_by_region: GRDP of every 시도 and the nation by year and series (base year): levels,
-- real growth, per-capita figures as published, the share of the national total recomputed from
-- the levels, and the rank of the nominal level among the 17 시도, by the one rank rule of
-- marts.region_comparison: only when every 시도 has a value that year (the plan's 2015-base table
-- has 대전 only: no rank, and rank_note says why). Never across series.
with latest as (
    select
        val.indicator_id,
        val.region_id,
        val.year,
        val.series,
        val.value,
        val.status,
        val.vintage,
    from marts.indicator_values_all_series as val
    where val.indicator_id in (
        'grdp_nominal', 'grdp_real', 'grdp_real_growth', 'grdp_per_capita', 'gri_per_capita',
        'personal_income_per_capita', 'private_consumption_per_capita'
    )
        and val.month is null
        and val.industry_code = '_T'
),

pivoted as (
    select
        lat.region_id,
        lat.year,
        lat.series,
        max(lat.value) filter (where lat.indicator_id = 'grdp_nominal') as grdp_nominal_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'grdp_real') as grdp_real_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'grdp_real_growth') as real_growth_pct,
        max(lat.value) filter (where lat.indicator_id = 'grdp_per_capita') as grdp_per_capita_thou_krw,
        max(lat.value) filter (where lat.indicator_id = 'gri_per_capita') as gri_per_capita_thou_krw,
        max(lat.value) filter (where lat.indicator_id = 'personal_income_per_capita') as personal_income_per_capita_thou_krw,
        max(lat.value) filter (where lat.indicator_id = 'private_consumption_per_capita') as private_consumption_per_capita_thou_krw,
        -- one status and one vintage per release family, never the worst of one with the
        -- newest of another: the levels (nominal, real, growth: one table) and the per-capita
        -- figures (another release, often a year behind)
        case
            when bool_or(lat.status = 'preliminary') filter (where lat.indicator_id in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) then 'preliminary'
            when count(*) filter (where lat.indicator_id in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) > 0 then 'final'
        end as levels_status,
        max(lat.vintage) filter (where lat.indicator_id in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) as levels_vintage,
        case
            when bool_or(lat.status = 'preliminary') filter (where lat.indicator_id not in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) then 'preliminary'
            when count(*) filter (where lat.indicator_id not in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) > 0 then 'final'
        end as per_capita_status,
        max(lat.vintage) filter (where lat.indicator_id not in ('grdp_nominal', 'grdp_real', 'grdp_real_growth')) as per_capita_vintage,
    from latest as lat
    group by lat.region_id, lat.year, lat.series
),

national as (
    select
        piv.year,
        piv.series,
        piv.grdp_nominal_mil_krw as national_nominal_mil_krw,
    from pivoted as piv
    where piv.region_id = 'KR'
)

select
    piv.region_id,
    reg.name_ko as region_name_ko,
    reg.name_en as region_name_en,
    piv.year,
    piv.series,
    piv.grdp_nominal_mil_krw,
    piv.grdp_real_mil_krw,
    piv.real_growth_pct,
    round(100 * piv.grdp_nominal_mil_krw / nullif(nat.national_nominal_mil_krw, 0), 4) as share_of_national_pct,
    case
        when reg.level = 'sido' and piv.grdp_nominal_mil_krw is not null
            and count(piv.grdp_nominal_mil_krw) filter (where reg.level = 'sido') over (
                partition by piv.year, piv.series
            ) = sid.sido_total
            then rank() over (
                partition by piv.year, piv.series, reg.level = 'sido'
                order by piv.grdp_nominal_mil_krw desc nulls last
            )
    end as nominal_rank_among_sido,
    count(piv.grdp_nominal_mil_krw) filter (where reg.level = 'sido') over (partition by piv.year, piv.series) as sido_with_value,
    case
        when reg.level = 'sido'
            and count(piv.grdp_nominal_mil_krw) filter (where reg.level = 'sido') over (
                partition by piv.year, piv.series
            ) < sid.sido_total
            then format(
                'not ranked: {} of {} 시도 have a value',
                count(piv.grdp_nominal_mil_krw) filter (where reg.level = 'sido') over (
                    partition by piv.year, piv.series
                ),
                sid.sido_total
            )
    end as rank_note,
    piv.grdp_per_capita_thou_krw,
    piv.gri_per_capita_thou_krw,
    piv.personal_income_per_capita_thou_krw,
    piv.private_consumption_per_capita_thou_krw,
    piv.levels_status,
    piv.levels_vintage,
    piv.per_capita_status,
    piv.per_capita_vintage,
from pivoted as piv
inner join marts.dim_region as reg
    on reg.region_id = piv.region_id
cross join (
    select count(*) as sido_total, from marts.dim_region as dim where dim.level = 'sido'
) as sid
left join national as nat
    on nat.year = piv.year
    and nat.series = piv.series
order by piv.series, piv.year, piv.region_id
