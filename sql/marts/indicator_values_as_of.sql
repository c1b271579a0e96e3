-- marts.indicator_values_as_of(as_of) (table macro): the values as they were known on a date,
-- i.e. the newest release with vintage <= as_of. Usage:
--   select * from marts.indicator_values_as_of(date '2025-01-01') where indicator_id = 'grdp_nominal'
-- `annual_only := true` keeps annual periods only (month is null), before the newest release is
-- picked: a filter on month outside the macro cannot pass the window, which then ranks every
-- monthly value too (at 10M cells of a monthly series, most of the table).
create or replace macro marts.indicator_values_as_of(as_of, annual_only := false) as table
select
    val.*,
from marts.indicator_values as val
where val.vintage <= as_of
    and (not annual_only or val.month is null)
qualify row_number() over (
    partition by val.indicator_id, val.region_id, val.industry_code, val.period, val.series, val.edition
    order by val.tier = 'reported', val.vintage desc
) = 1
