-- checks.consistency_as_of(as_of) (table macro): every figure a source publishes that can be recomputed from other figures,
-- beside its recomputation. The tolerance is half a unit of the precision the figure was
-- published at (2.26 -> 0.005), unless a rule says otherwise. Rules:
--   R01 GRDP share of the nation, published vs recomputed from the two levels
--   R02 the stated growth gap vs national growth minus the region's growth
--   R03 tech-based output as a share of GRDP vs recomputed from the two levels
--   R04 tech-based share of sales vs recomputed
--   R05 the stated average growth vs the geometric mean of the yearly growth rates
--   R06 government R&D total vs national funds + city funds
--   R07 R-COSTII composite vs the sum of its five components (score and regional mean)
--   R08 one figure stated twice (R-COSTII composite: table vs text)
--   R09 youth share vs youth population / population
--   R10 research-equipment service firms: the region's share vs its count / national count
--   R11 startup rooms: the total vs the sum of its kinds
--   R12 census: every region's sections add up to its 전체 산업; the regions add up to 전국
--   R13 labour force: the regions add up to the national figure (published in 천명: each region
--       rounds to 0.1 천명, so the tolerance is 50 명 per region)
--   R14 national industrial complexes: the share vs count / national count
--   R15 startups: the national total vs the visible regions; a gap is consistent only when
--       suppressed cells (X) exist to explain it (the published total includes them)
--   R16 two press reports of one figure (staging.press_figures): each later report vs the first,
--       within half a unit of the coarser print (경북 R-COSTII 2022: 6.8 vs 6.7 is a finding)
--   R17 a press-reported figure vs the producer's release of it once archived (any series:
--       the same figure), within half a unit of the print
-- A sum's last bits depend on the order DuckDB adds its parts in, which varies from call to
-- call: R07 summed Daejeon's five 2021 components to 17.678 one call and 17.677999999999997
-- the next, so its difference was 0.0 or -0.0 and checks.consistency (with its Parquet
-- export) differed between two runs of the same data (seen 2026-12-07). Differences are
-- rounded to 6 decimals and a zero has no sign.
-- Every rule but R05 and R15 reads the values published on or before `as_of` (date
-- '9999-12-31' for all), so an evaluation frozen on a date keeps its check results; R05 reads
-- marts.grdp_summary (the plan's own 2015-base figures) and R15 marts.startups (newest release).
create or replace macro checks.consistency_as_of(as_of) as table
with vals as (
    select
        val.*,
        coalesce(length(split_part(val.value_raw, '.', 2)), 0) as decimals,
    from marts.indicator_values_as_of(as_of) as val
    where val.value is not null
        -- no rule below reads the monthly startups series (R15 reads marts.startups), and at
        -- national scale it is nearly all of the fact table (10M cells: 9.0 s -> 0.13 s per
        -- extract of check results; measured 2026-11-24)
        and val.indicator_id <> 'startups'
),

pick as (
    select
        vls.indicator_id,
        vls.region_id,
        vls.industry_code,
        vls.period,
        vls.series,
        coalesce(vls.edition, '') as edition,
        vls.value,
        vls.value_raw,
        0.5 * power(10, -vls.decimals) as half_unit,
        vls.source_id,
    from vals as vls
),

r01 as (
    select
        'R01' as rule_id,
        'GRDP share of the nation: published vs recomputed from the levels' as rule,
        shr.region_id, shr.period, shr.series,
        'grdp_share_national' as published_indicator,
        shr.value as published_value,
        100 * reg.value / nat.value as recomputed_value,
        shr.half_unit as tolerance,
        shr.source_id,
    from pick as shr
    inner join pick as reg on reg.indicator_id = 'grdp_nominal' and reg.region_id = shr.region_id and reg.period = shr.period and reg.series = shr.series
    inner join pick as nat on nat.indicator_id = 'grdp_nominal' and nat.region_id = 'KR' and nat.period = shr.period and nat.series = shr.series
    where shr.indicator_id = 'grdp_share_national'
),

r02 as (
    select
        'R02', 'Stated growth gap vs national growth minus the region''s growth',
        gap.region_id, gap.period, gap.series, 'grdp_growth_gap', gap.value, nat.value - reg.value,
        greatest(gap.half_unit, 0.05), gap.source_id,
    from pick as gap
    inner join pick as reg on reg.indicator_id = 'grdp_real_growth' and reg.region_id = gap.region_id and reg.period = gap.period and reg.series = gap.series
    inner join pick as nat on nat.indicator_id = 'grdp_real_growth' and nat.region_id = 'KR' and nat.period = gap.period and nat.series = gap.series
    where gap.indicator_id = 'grdp_growth_gap'
),

r03 as (
    select
        'R03', 'Tech-based output as a share of GRDP vs recomputed from the two levels',
        shr.region_id, shr.period, shr.series, 'tech_production_share_grdp', shr.value, 100 * tec.value / grd.value,
        shr.half_unit, shr.source_id,
    from pick as shr
    inner join pick as tec on tec.indicator_id = 'tech_production' and tec.region_id = shr.region_id and tec.period = shr.period and tec.series = shr.series
    inner join pick as grd on grd.indicator_id = 'grdp_nominal' and grd.region_id = shr.region_id and grd.period = shr.period and grd.series = shr.series
    where shr.indicator_id = 'tech_production_share_grdp'
),

r04 as (
    select
        'R04', 'Tech-based share of sales vs recomputed',
        shr.region_id, shr.period, shr.series, 'tech_share_sales', shr.value, 100 * tec.value / tot.value,
        shr.half_unit, shr.source_id,
    from pick as shr
    inner join pick as tec on tec.indicator_id = 'sales' and tec.industry_code = 'TECH' and tec.region_id = shr.region_id and tec.period = shr.period and tec.series = shr.series
    inner join pick as tot on tot.indicator_id = 'sales' and tot.industry_code = '_T' and tot.region_id = shr.region_id and tot.period = shr.period and tot.series = shr.series
    where shr.indicator_id = 'tech_share_sales'
),

r05 as (
    select
        'R05', 'Stated average growth vs the geometric mean of the yearly growth rates',
        avg_.region_id, avg_.period, avg_.series, 'grdp_real_growth_avg', avg_.value, smr.avg_real_growth_pct,
        avg_.half_unit, avg_.source_id,
    from pick as avg_
    inner join marts.grdp_summary as smr on smr.region_id = avg_.region_id and smr.series = avg_.series and cast(smr.year as varchar) = avg_.period
    where avg_.indicator_id = 'grdp_real_growth_avg'
),

r06 as (
    select
        'R06', 'Government R&D total vs national funds + city funds',
        tot.region_id, tot.period, tot.series, 'rnd_gov_total', tot.value, nat.value + cty.value,
        100.0, tot.source_id,  -- 1억원 = 100 백만원: the figures are published in whole 억원
    from pick as tot
    inner join pick as nat on nat.indicator_id = 'rnd_gov_national_funds' and nat.region_id = tot.region_id and nat.period = tot.period
    inner join pick as cty on cty.indicator_id = 'rnd_gov_city_funds' and cty.region_id = tot.region_id and cty.period = tot.period
    where tot.indicator_id = 'rnd_gov_total'
),

r07 as (
    select
        'R07', 'R-COSTII composite vs the sum of its five components (' || tot.indicator_id || ')',
        tot.region_id, tot.period, tot.series, tot.indicator_id, tot.value, sum(cmp.value),
        5 * tot.half_unit, tot.source_id,  -- five rounded components
    from pick as tot
    inner join pick as cmp
        on cmp.region_id = tot.region_id and cmp.period = tot.period and cmp.edition = tot.edition and cmp.series = tot.series
        and cmp.indicator_id in (
            replace(tot.indicator_id, 'total', 'resources'), replace(tot.indicator_id, 'total', 'activity'),
            replace(tot.indicator_id, 'total', 'network'), replace(tot.indicator_id, 'total', 'environment'),
            replace(tot.indicator_id, 'total', 'performance')
        )
    where tot.indicator_id in ('rcostii_total', 'rcostii_total_regional_mean')
    group by tot.region_id, tot.period, tot.series, tot.indicator_id, tot.value, tot.half_unit, tot.source_id
    having count(cmp.value) = 5
),

r08 as (
    select
        'R08', 'R-COSTII composite stated twice: table vs text',
        txt.region_id, txt.period, tab.series, 'rcostii_total', txt.value, tab.value,
        txt.half_unit, txt.source_id,
    from pick as txt
    inner join pick as tab on tab.indicator_id = 'rcostii_total' and tab.region_id = txt.region_id and tab.period = txt.period and tab.series = 'rcostii'
    where txt.indicator_id = 'rcostii_total' and txt.series = 'rcostii_text_rounded'
),

r09 as (
    select
        'R09', 'Youth share vs youth population / population',
        shr.region_id, shr.period, shr.series, 'youth_population_share', shr.value, 100 * yth.value / pop.value,
        shr.half_unit, shr.source_id,
    from pick as shr
    inner join pick as yth on yth.indicator_id = 'youth_population' and yth.region_id = shr.region_id and yth.period = shr.period and yth.series = shr.series
    inner join pick as pop on pop.indicator_id = 'population' and pop.region_id = shr.region_id and pop.period = shr.period and pop.series = 'daejeon_youth_statistics'
    where shr.indicator_id = 'youth_population_share'
),

r10 as (
    select
        'R10', 'Research-equipment service firms: share vs count / national count',
        shr.region_id, shr.period, shr.series, 'research_service_firms_share', shr.value, 100 * reg.value / nat.value,
        shr.half_unit, shr.source_id,
    from pick as shr
    inner join pick as reg on reg.indicator_id = 'research_service_firms' and reg.region_id = shr.region_id and reg.period = shr.period
    inner join pick as nat on nat.indicator_id = 'research_service_firms' and nat.region_id = 'KR' and nat.period = shr.period
    where shr.indicator_id = 'research_service_firms_share'
),

r11 as (
    select
        'R11', 'Startup rooms: total vs the sum of its kinds',
        tot.region_id, tot.period, tot.series, 'startup_rooms', tot.value, sum(prt.value),
        0.0, tot.source_id,
    from pick as tot
    inner join pick as prt on prt.indicator_id = 'startup_rooms' and prt.region_id = tot.region_id and prt.period = tot.period and prt.series in ('incubators', 'startup_parks', 'other_spaces')
    where tot.indicator_id = 'startup_rooms' and tot.series = 'all_spaces'
    group by tot.region_id, tot.period, tot.series, tot.value, tot.source_id
),

r12 as (
    select
        'R12', 'Census: KSIC sections add up to 전체 산업 (' || tot.indicator_id || ')',
        tot.region_id, tot.period, tot.series, tot.indicator_id, tot.value, sum(sec.value),
        0.0, tot.source_id,
    from pick as tot
    inner join pick as sec
        on sec.indicator_id = tot.indicator_id and sec.region_id = tot.region_id and sec.period = tot.period and sec.series = tot.series
    inner join marts.dim_industry as ind on ind.industry_code = sec.industry_code and ind.kind = 'section'
    where tot.indicator_id in ('establishments', 'workers') and tot.industry_code = '_T' and tot.series = 'census_2020'
    group by tot.region_id, tot.period, tot.series, tot.indicator_id, tot.value, tot.source_id
    union all
    select
        'R12', 'Census: the 17 시도 add up to 전국 (' || nat.indicator_id || ', ' || nat.industry_code || ')',
        nat.region_id, nat.period, nat.series, nat.indicator_id, nat.value, sum(reg.value),
        0.0, nat.source_id,
    from pick as nat
    inner join pick as reg on reg.indicator_id = nat.indicator_id and reg.industry_code = nat.industry_code and reg.period = nat.period and reg.series = nat.series
    inner join marts.dim_region as drg on drg.region_id = reg.region_id and drg.level = 'sido'
    where nat.indicator_id in ('establishments', 'workers') and nat.region_id = 'KR' and nat.series = 'census_2020'
    group by nat.region_id, nat.period, nat.series, nat.indicator_id, nat.industry_code, nat.value, nat.source_id
),

r13 as (
    select
        'R13', 'Labour force: the 시도 add up to the national figure (' || nat.indicator_id || ')',
        nat.region_id, nat.period, nat.series, nat.indicator_id, nat.value, sum(reg.value),
        50.0 * count(reg.value), nat.source_id,
    from pick as nat
    inner join pick as reg on reg.indicator_id = nat.indicator_id and reg.period = nat.period and reg.series = nat.series
    inner join marts.dim_region as drg on drg.region_id = reg.region_id and drg.level = 'sido'
    where nat.indicator_id in ('economically_active_population', 'employed_persons') and nat.region_id = 'KR'
    group by nat.region_id, nat.period, nat.series, nat.indicator_id, nat.value, nat.source_id
),

r14 as (
    select
        'R14', 'National industrial complexes: share vs count / national count',
        shr.region_id, shr.period, shr.series, 'national_industrial_complexes_share', shr.value, 100 * reg.value / nat.value,
        shr.half_unit, shr.source_id,
    from pick as shr
    inner join pick as reg on reg.indicator_id = 'national_industrial_complexes' and reg.region_id = shr.region_id and reg.period = shr.period
    inner join pick as nat on nat.indicator_id = 'national_industrial_complexes' and nat.region_id = 'KR' and nat.period = shr.period
    where shr.indicator_id = 'national_industrial_complexes_share'
),

r15 as (
    select
        'R15', 'Startups: national total vs the sum of visible regions plus withheld (suppressed) cells, ' || stu.industry_code,
        stu.region_id, stu.period, stu.series, 'startups', stu.value, stu.sum_of_visible_regions,
        case when stu.suppressed_regions > 0 then greatest(stu.value - stu.sum_of_visible_regions, 0) else 0 end,
        'marts.startups',
    from marts.startups as stu
    where stu.region_id = 'KR' and stu.frequency = 'monthly'
),

press as (
    select
        prs.*,
        row_number() over (
            partition by prs.indicator_id, prs.region_id, prs.industry_code, prs.period, prs.series, prs.edition
            order by prs.vintage, prs.source_file, prs.source_row
        ) as report_order,
    from staging.press_figures as prs
    where prs.vintage <= as_of
),

r16 as (
    -- every later report of a figure against the first: both kept, neither used (marts.rcostii)
    select
        'R16', 'Two press reports of one figure: ' || lat.reported_by || ' vs ' || fst.reported_by || ' (' || lat.release_title || ')',
        lat.region_id, lat.period, lat.series, lat.indicator_id, lat.value, fst.value,
        greatest(lat.half_unit, fst.half_unit), lat.source_id,
    from press as lat
    inner join press as fst
        on fst.indicator_id = lat.indicator_id and fst.region_id = lat.region_id
        and fst.industry_code = lat.industry_code and fst.period = lat.period
        and fst.series = lat.series and fst.edition is not distinct from lat.edition
        and fst.report_order = 1
    where lat.report_order > 1
),

archived as (
    -- the values of the indicators the press reported: the semi-join reaches the staging
    -- tables, where joining the whole view read every value (10M startups cells: 0.58 ->
    -- 0.25 s a call; measured 2026-12-07)
    select val.*,
    from marts.indicator_values as val
    where val.indicator_id in (select prs.indicator_id from press as prs)
),

r17 as (
    -- a reported figure against the producer's own release of it, once archived: the release
    -- is the value, the report its cross-check
    select
        'R17', 'Press-reported figure (' || prs.reported_by || ') vs the archived release (' || off.source_id || ')',
        prs.region_id, prs.period, prs.series, prs.indicator_id, prs.value, off.value,
        prs.half_unit, prs.source_id,
    from press as prs
    inner join archived as off
        on off.indicator_id = prs.indicator_id and off.region_id = prs.region_id
        and off.industry_code = prs.industry_code and off.period = prs.period
        and off.edition is not distinct from prs.edition
        and off.tier <> 'reported'
        and off.vintage <= as_of
    qualify row_number() over (partition by prs.source_file, prs.source_row, prs.source_column order by off.vintage desc) = 1
),

everything as (
    select * from r01
    union all select * from r02
    union all select * from r03
    union all select * from r04
    union all select * from r05
    union all select * from r06
    union all select * from r07
    union all select * from r08
    union all select * from r09
    union all select * from r10
    union all select * from r11
    union all select * from r12
    union all select * from r13
    union all select * from r14
    union all select * from r15
    union all select * from r16
    union all select * from r17
)

select
    evr.rule_id,
    evr.rule,
    evr.region_id,
    evr.period,
    evr.series,
    evr.published_indicator,
    evr.published_value,
    round(evr.recomputed_value, 6) as recomputed_value,
    round(evr.recomputed_value - evr.published_value, 6) + 0.0 as difference,  -- -0.0 as 0.0
    evr.tolerance,
    abs(evr.recomputed_value - evr.published_value) <= evr.tolerance + 1e-9 as consistent,
    evr.source_id,
from everything as evr
order by evr.rule_id, evr.region_id, evr.period
