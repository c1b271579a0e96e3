-- marts.workforce: population, labour force and youth by region and year, each with the series
-- its source defines (youth is 19-39 in the 청년통계 figures and 20-39 in the migration figures).
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
        'population', 'economically_active_population', 'employed_persons', 'employment_rate',
        'youth_population', 'youth_population_share', 'net_outmigration_cumulative',
        'youth_net_outmigration_cumulative', 'youth_net_outmigration_avg', 'researchers_per_10k'
    )
        and val.month is null
)

select
    lat.region_id,
    reg.name_ko as region_name_ko,
    reg.level as region_level,
    lat.year,
    lat.indicator_id,
    ind.name_ko as indicator_name_ko,
    ind.name_en as indicator_name_en,
    lat.series,
    lat.value,
    ind.unit,
    lat.status,
    lat.vintage,
from latest as lat
inner join marts.dim_region as reg
    on reg.region_id = lat.region_id
inner join marts.dim_indicator as ind
    on ind.indicator_id = lat.indicator_id
order by lat.indicator_id, lat.region_id, lat.year, lat.series
