-- marts.rcostii: R-COSTII per edition and reference year and region: the composite and five
-- component scores, the 17-시도 mean, ranks; a component ranked 5th or lower is flagged a
-- weakness, 1st-3rd a strength. Editions are never mixed: compare within `edition` only.
with scores as (
    select
        val.region_id,
        val.edition,
        val.year,
        val.series,
        val.indicator_id,
        val.value,
        val.vintage,
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
)

select
    scr.edition,
    scr.year as reference_year,
    scr.region_id,
    cmp.component,
    cmp.component_ko,
    cmp.component_en,
    max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component) as score,
    max(nat.value) as regional_mean,
    max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component || '_rank') as rank,
    case
        when max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component || '_rank') >= $weakness_rank then 'weakness'
        when max(scr.value) filter (where scr.indicator_id = 'rcostii_' || cmp.component || '_rank') <= $strength_rank then 'strength'
        else 'middle'
    end as assessment,
    max(scr.vintage) as vintage,
from scores as scr
inner join components as cmp
    on scr.indicator_id in ('rcostii_' || cmp.component, 'rcostii_' || cmp.component || '_rank')
left join scores as nat
    on nat.edition = scr.edition
    and nat.year = scr.year
    and nat.region_id = 'KR'
    and nat.indicator_id = 'rcostii_' || cmp.component || '_regional_mean'
    and nat.series = 'rcostii'
where scr.series = 'rcostii'
group by scr.edition, scr.year, scr.region_id, cmp.component, cmp.component_ko, cmp.component_en, cmp.component_order
order by scr.edition, scr.year, scr.region_id, cmp.component_order
