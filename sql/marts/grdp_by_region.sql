-- marts.grdp_by_region: GRDP of every 시도 and the nation by year and series (base year): levels,
-- real growth, per-capita figures as published, the share of the national total recomputed from
-- the levels, and the rank of the nominal level among the 시도 that have one that year (read it
-- with sido_with_value: the plan's 2015-base table has 대전 only). Never across series.
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
        bool_or(lat.status = 'preliminary') as any_preliminary,
        max(lat.vintage) as vintage,
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
            then rank() over (
                partition by piv.year, piv.series, reg.level = 'sido'
                order by piv.grdp_nominal_mil_krw desc nulls last
            )
    end as nominal_rank_among_sido,
    count(piv.grdp_nominal_mil_krw) filter (where reg.level = 'sido') over (partition by piv.year, piv.series) as sido_with_value,
    piv.grdp_per_capita_thou_krw,
    piv.gri_per_capita_thou_krw,
    piv.personal_income_per_capita_thou_krw,
    piv.private_consumption_per_capita_thou_krw,
    case when piv.any_preliminary then 'preliminary' else 'final' end as status,
    piv.vintage,
from pivoted as piv
inner join marts.dim_region as reg
    on reg.region_id = piv.region_id
left join national as nat
    on nat.year = piv.year
    and nat.series = piv.series
order by piv.series, piv.year, piv.region_id
