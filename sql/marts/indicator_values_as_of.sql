-- marts.indicator_values_as_of(as_of) (table macro): the values as they were known on a date,
-- i.e. the newest release with vintage <= as_of. Usage:
--   select * from marts.indicator_values_as_of(date '2025-01-01') where indicator_id = 'grdp_nominal'
create or replace macro marts.indicator_values_as_of(as_of) as table
select
    val.*,
from marts.indicator_values as val
where val.vintage <= as_of
qualify row_number() over (
    partition by val.indicator_id, val.region_id, val.industry_code, val.period, val.series, val.edition
    order by val.vintage desc
) = 1
