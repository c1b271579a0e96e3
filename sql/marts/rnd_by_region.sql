-- marts.rnd_by_region: R&D expenditure and researchers by region and year (연구개발활동조사),
-- each figure with its tier and, when the press reported it, the release and the article.
-- Shares of the nation: a 시도's is marts.region_comparison's (computed once there); an
-- aggregate's (수도권, 비수도권) is computed here, where the aggregate is. 비수도권 is the
-- release's 전국 − 수도권 when it gives both (marts.non_capital_sums; researchers 2023: 603,566 −
-- 404,138 = 199,428), marked computed, citing the national figure's release and article.
-- Intensities use the denominators the warehouse holds for the same region and year: R&D
-- expenditure as a % of nominal GRDP (both 백만원), researchers per 10,000 residents.
with figures as (
    select
        val.indicator_id,
        val.region_id,
        val.year,
        val.value,
        val.vintage,
        val.tier,
        val.series,
        prs.release_title,
        prs.release_date,
        prs.reported_by,
        prs.reported_url,
    from marts.indicator_values_latest as val
    left join staging.press_figures as prs
        on val.tier = 'reported'
        and prs.source_file = val.source_file
        and prs.source_row = val.source_row
        and prs.source_column = val.source_column
    where val.indicator_id in ('researchers', 'rnd_expenditure')
        and val.industry_code = '_T'
        and val.month is null
),

non_capital as (
    select
        ncs.indicator_id,
        ncs.region_id,
        ncs.year,
        ncs.value,
        ncs.vintage,
        ncs.tier,
        ncs.series,
        prs.release_title,
        prs.release_date,
        prs.reported_by,
        prs.reported_url,
    from marts.non_capital_sums(date '9999-12-31') as ncs
    left join staging.press_figures as prs
        on prs.source_file = ncs.national_source_file
        and prs.source_row = ncs.national_source_row
        and prs.source_column = ncs.national_source_column
),

all_figures as (
    select fig.*, 'published' as basis from figures as fig
    union all by name
    select noc.*, 'computed: 전국 − 수도권' as basis from non_capital as noc
),

national as (
    select
        alf.indicator_id,
        alf.year,
        alf.series,
        alf.value as national_value,
    from all_figures as alf
    where alf.region_id = 'KR'
),

shares as (
    select
        alf.*,
        coalesce(
            cmp.share_of_national_pct,
            case when reg.level <> 'sido' then round(100 * alf.value / nullif(nat.national_value, 0), 4) end
        ) as share_of_national_pct,
    from all_figures as alf
    inner join marts.dim_region as reg
        on reg.region_id = alf.region_id
    left join national as nat
        on nat.indicator_id = alf.indicator_id and nat.year = alf.year and nat.series = alf.series
    left join marts.region_comparison as cmp
        on cmp.indicator_id = alf.indicator_id
        and cmp.region_id = alf.region_id
        and cmp.year = alf.year
        and cmp.series = alf.series
        and cmp.industry_code = '_T'  -- all industries (sti/reference/industries.py ALL_INDUSTRIES)
),

denominators as (
    select
        val.indicator_id,
        val.region_id,
        val.year,
        val.value,
    from marts.indicator_values_latest as val
    where val.indicator_id in ('grdp_nominal', 'population')
        and val.industry_code = '_T'
        and val.month is null
),

keys as (
    select distinct shr.region_id, shr.year from shares as shr
)

select
    key.region_id,
    reg.name_ko as region_name_ko,
    reg.name_en as region_name_en,
    reg.level as region_level,
    key.year,
    res.value as researchers,
    res.basis as researchers_basis,
    res.share_of_national_pct as researchers_share_of_national_pct,
    round(res.value / nullif(pop.value, 0) * $per_ten_thousand, 2) as researchers_per_10k_residents,
    res.tier as researchers_tier,
    res.series as researchers_series,
    res.vintage as researchers_vintage,
    res.release_title as researchers_release,
    res.reported_by as researchers_reported_by,
    res.reported_url as researchers_reported_url,
    exp.value as rnd_expenditure_mil_krw,
    exp.basis as rnd_expenditure_basis,
    exp.share_of_national_pct as rnd_expenditure_share_of_national_pct,
    round(100 * exp.value / nullif(gdp.value, 0), 2) as rnd_expenditure_pct_of_grdp,
    exp.tier as rnd_expenditure_tier,
    exp.series as rnd_expenditure_series,
    exp.vintage as rnd_expenditure_vintage,
    exp.release_title as rnd_expenditure_release,
    exp.reported_by as rnd_expenditure_reported_by,
    exp.reported_url as rnd_expenditure_reported_url,
from keys as key
inner join marts.dim_region as reg
    on reg.region_id = key.region_id
left join shares as res
    on res.indicator_id = 'researchers' and res.region_id = key.region_id and res.year = key.year
left join shares as exp
    on exp.indicator_id = 'rnd_expenditure' and exp.region_id = key.region_id and exp.year = key.year
left join denominators as pop
    on pop.indicator_id = 'population' and pop.region_id = key.region_id and pop.year = key.year
left join denominators as gdp
    on gdp.indicator_id = 'grdp_nominal' and gdp.region_id = key.region_id and gdp.year = key.year
order by key.year, key.region_id
