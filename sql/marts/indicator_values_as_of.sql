-- marts.indicator_values_as_of(as_of) (table macro): the values as they were known on a date,
-- i.e. the newest release with vintage <= as_of. Usage:
--   select * from marts.indicator_values_as_of(date '2025-01-01') where indicator_id = 'grdp_nominal'
-- `annual_only := true` keeps annual periods only (month is null).
-- The pick is marts.indicator_values_pick (sql/marts/indicator_values_pick.sql: tiers, ties,
-- annual_only). With every release (date '9999-12-31', how the nightly marts call it) the pick
-- is marts.indicator_values_all_series, the table built from it with the fact view: DuckDB folds
-- the date conditions and reads only one branch, so those callers read 0.1M picked rows instead
-- of picking again from all 10M (at 10M cells, 2026-12-07). A period is annual or monthly in
-- every release, so keeping annual periods after the pick keeps what keeping them before does.
create or replace macro marts.indicator_values_as_of(as_of, annual_only := false) as table
select
    als.*,
from marts.indicator_values_all_series as als
where as_of >= date '9999-12-31'
    and (not annual_only or als.month is null)
union all by name
select
    pck.*,
from marts.indicator_values_pick(as_of, annual_only := annual_only) as pck
where as_of < date '9999-12-31'
