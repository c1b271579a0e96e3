-- marts.rnd: R&D investment by source and R&D outputs by region and year, as published, with
-- the ratios that follow from them within one source and year: the national-funds share of
-- government R&D, and outputs per 100억원 (10,000 백만원) of government R&D investment.
-- Per-researcher ratios need researcher counts by region, which no shipped source provides yet.
-- The share of national government R&D is the published figure where a release gives one
-- (rnd_share_national), else the share marts.region_comparison computes from government R&D by
-- region (rnd_gov_total ÷ 전국): computed once there, so the two marts never differ.
with latest as (
    select
        val.indicator_id,
        val.region_id,
        val.year,
        val.value,
        val.vintage,
        val.source_id,
    from marts.indicator_values_all_series as val
    where val.indicator_id in (
        'rnd_gov_total', 'rnd_gov_national_funds', 'rnd_gov_city_funds', 'rnd_matching', 'rnd_own_budget',
        'rnd_share_national', 'papers', 'patent_applications', 'patent_registrations', 'tech_fees',
        'commercializations', 'commercialization_share_national'
    )
),

pivoted as (
    select
        lat.region_id,
        lat.year,
        max(lat.value) filter (where lat.indicator_id = 'rnd_gov_total') as gov_rnd_total_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'rnd_gov_national_funds') as gov_rnd_national_funds_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'rnd_gov_city_funds') as gov_rnd_city_funds_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'rnd_matching') as matching_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'rnd_own_budget') as own_budget_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'rnd_share_national') as share_of_national_rnd_pct,
        max(lat.value) filter (where lat.indicator_id = 'papers') as papers,
        max(lat.value) filter (where lat.indicator_id = 'patent_applications') as patent_applications,
        max(lat.value) filter (where lat.indicator_id = 'patent_registrations') as patent_registrations,
        max(lat.value) filter (where lat.indicator_id = 'tech_fees') as tech_fees_mil_krw,
        max(lat.value) filter (where lat.indicator_id = 'commercializations') as commercializations,
        max(lat.value) filter (where lat.indicator_id = 'commercialization_share_national') as commercialization_share_national_pct,
        max(lat.vintage) as vintage,
        string_agg(distinct lat.source_id, ', ') as source_ids,
    from latest as lat
    group by lat.region_id, lat.year
),

computed_share as (
    select
        cmp.region_id,
        cmp.year,
        max(cmp.share_of_national_pct) as share_of_national_pct,
    from marts.region_comparison as cmp
    where cmp.indicator_id = 'rnd_gov_total'
        and cmp.industry_code = '_T'  -- all industries (sti/reference/industries.py ALL_INDUSTRIES)
        and cmp.share_of_national_pct is not null
    group by cmp.region_id, cmp.year
)

select
    piv.* replace (
        coalesce(piv.share_of_national_rnd_pct, shr.share_of_national_pct) as share_of_national_rnd_pct
    ),
    case
        when piv.share_of_national_rnd_pct is not null then 'published'
        when shr.share_of_national_pct is not null then 'computed'
    end as share_of_national_rnd_basis,
    round(100 * piv.gov_rnd_national_funds_mil_krw / nullif(piv.gov_rnd_total_mil_krw, 0), 2) as national_funds_share_pct,
    round(piv.papers / nullif(piv.gov_rnd_total_mil_krw / $per_hundred_hundred_million, 0), 3) as papers_per_100_eok,
    round(piv.patent_registrations / nullif(piv.gov_rnd_total_mil_krw / $per_hundred_hundred_million, 0), 3) as patent_registrations_per_100_eok,
from pivoted as piv
left join computed_share as shr
    on shr.region_id = piv.region_id and shr.year = piv.year
order by piv.year, piv.region_id
