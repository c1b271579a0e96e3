-- extract rcostii (sheet R-COSTII): Daejeon's composite and component scores, the 17-시도 mean
-- and ranks by edition as known on $as_of, with the tier of the figures (the 2022 edition is
-- press-reported). Editions are separate rows, never averaged.
with values_known as (
    select
        val.indicator_id,
        val.edition,
        val.value,
        val.vintage,
        val.tier,
    from marts.indicator_values_as_of($as_of) as val
    where val.indicator_id like 'rcostii_%'
        and val.series = 'rcostii'
        -- the region's own scores and ranks; the 17-시도 mean is published on the nation's row
        and (val.region_id = $region or (val.region_id = 'KR' and val.indicator_id like '%_regional_mean'))
),

components as (
    select unnest(['total', 'resources', 'activity', 'network', 'environment', 'performance']) as component
)

select
    vk.edition,
    cmp.component,
    ind.name_ko as component_name_ko,
    max(vk.value) filter (where vk.indicator_id = 'rcostii_' || cmp.component) as score,
    max(vk.value) filter (where vk.indicator_id = 'rcostii_' || cmp.component || '_regional_mean') as regional_mean,
    max(vk.value) filter (where vk.indicator_id = 'rcostii_' || cmp.component || '_rank') as rank,
    max(vk.vintage) as vintage,
    string_agg(distinct coalesce(tir.label_ko, vk.tier), ', ') as tier_ko,
from components as cmp
inner join values_known as vk
    on vk.indicator_id in (
        'rcostii_' || cmp.component,
        'rcostii_' || cmp.component || '_regional_mean',
        'rcostii_' || cmp.component || '_rank'
    )
inner join marts.dim_indicator as ind
    on ind.indicator_id = 'rcostii_' || cmp.component
left join marts.dim_status_label as tir
    on tir.vocabulary = 'tier' and tir.code = vk.tier
group by vk.edition, cmp.component, ind.name_ko
order by vk.edition, list_position(['total', 'resources', 'activity', 'network', 'environment', 'performance'], cmp.component)
