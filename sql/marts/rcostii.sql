-- marts.rcostii: R-COSTII per edition and reference year and region: the composite and five
-- component scores, the 17-시도 mean, ranks; a component ranked 5th or lower is flagged a
-- weakness, 1st-3rd a strength. Editions are never mixed: each edition is its own scale (2021:
-- 대전 17.678, mean 10.834; 2022: 대전 13.1, mean 7.2), so scores compare only within `edition`
-- and ranks across editions. The ranks are the release's own, also in a partial edition (the
-- 2022 edition as reported: 11 of 17 시도), whose coverage `regions_in_edition` and
-- `edition_note` state. A score the press reports disagree on is no score here: `score_note`
-- names the reports (checks.findings lists them).
with scores as (
    select
        val.region_id,
        val.edition,
        val.year,
        val.series,
        val.indicator_id,
        val.value,
        val.vintage,
        val.tier,
    from marts.indicator_values_all_series as val
    where val.indicator_id like 'rcostii_%'
        and val.edition is not null
),

components as (
    select * from (values
        ('total', 'R-COSTII 종합', 'Composite', 0),
        ('resources', '자원', 'Resources', 1),
        ('activity', '활동', 'Activity', 2),
        ('network', '네트워크', 'Network', 3),
        ('environment', '환경', 'Environment', 4),
        ('performance', '성과', 'Performance', 5)
    ) as cmp(component, component_ko, component_en, component_order)
),

disputed as (
    -- press reports of one score that disagree beyond rounding (no value in indicator_values)
    select
        grp.indicator_id,
        grp.region_id,
        grp.edition,
        'reports disagree (see checks.findings): ' || grp.reported_values as score_note,
    from marts.reported_groups() as grp
    where grp.indicator_id like 'rcostii_%'
        and not grp.reports_agree
),

cells as (
    select
        scr.edition,
        scr.year,
        scr.region_id,
        cmp.component,
        cmp.component_ko,
        cmp.component_en,
        cmp.component_order,
        max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component) as score,
        max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component || '_rank') as rank,
        max(scr.vintage) as vintage,
        string_agg(distinct scr.tier, ', ' order by scr.tier) as tier,
    from scores as scr
    inner join components as cmp
        on scr.indicator_id in ('rcostii_' || cmp.component, 'rcostii_' || cmp.component || '_rank')
    where scr.series = 'rcostii'
    group by all
),

coverage as (
    select
        cel.edition,
        cel.component,
        count(distinct cel.region_id) as regions_in_edition,
    from cells as cel
    inner join marts.dim_region as reg
        on reg.region_id = cel.region_id and reg.level = 'sido'
    group by cel.edition, cel.component
),

sido_count as (
    select count(*) as sido_total from marts.dim_region as reg where reg.level = 'sido'
)

select
    cel.edition,
    cel.year as reference_year,
    cel.region_id,
    cel.component,
    cel.component_ko,
    cel.component_en,
    cel.score,
    nat.value as regional_mean,
    cel.rank,
    case
        when cel.rank >= $weakness_rank then 'weakness'
        when cel.rank <= $strength_rank then 'strength'
        else 'middle'
    end as assessment,
    cvg.regions_in_edition,
    case
        when cvg.regions_in_edition < cnt.sido_total
            then format(
                'partial edition: {} of {} 시도 held; ranks are the release''s own among all {}',
                cvg.regions_in_edition, cnt.sido_total, cnt.sido_total
            )
    end as edition_note,
    dis.score_note,
    cel.vintage,
    cel.tier,
from cells as cel
cross join sido_count as cnt
left join coverage as cvg
    on cvg.edition = cel.edition and cvg.component = cel.component
left join scores as nat
    on nat.edition = cel.edition
    and nat.year = cel.year
    and nat.region_id = 'KR'
    and nat.indicator_id = 'rcostii_' || cel.component || '_regional_mean'
    and nat.series = 'rcostii'
left join disputed as dis
    on dis.indicator_id = 'rcostii_' || cel.component
    and dis.region_id = cel.region_id
    and dis.edition = cel.edition
order by cel.edition, cel.year, cel.region_id, cel.component_order
