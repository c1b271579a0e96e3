-- marts.indicator_values_as_of(as_of) (table macro): the values as they were known on a date,
-- i.e. the newest release with vintage <= as_of. Usage:
--   select * from marts.indicator_values_as_of(date '2025-01-01') where indicator_id = 'grdp_nominal'
-- `annual_only := true` keeps annual periods only (month is null).
-- The pick is marts.indicator_values_pick (sql/marts/indicator_values_pick.sql: tiers, ties,
-- annual_only). On or after the newest release held (every nightly mart and draft: they are
-- made as of today, or of date '9999-12-31') every release counts, and the pick is
-- marts.indicator_values_all_series, the table built from it with the fact view: the pick then
-- runs on a date before every release, which DuckDB answers from its zone maps without grouping
-- anything (at 10M cells, every column as of today: 0.9-1.1 s where picking again took
-- 3.8-4.6 s, 2026-12-08). A period is annual or monthly in every release, so keeping annual periods after
-- the pick keeps what keeping them before does.
create or replace macro marts.indicator_values_as_of(as_of, annual_only := false) as table
with newest as (
    select
        max(val.vintage) as vintage,
    from marts.indicator_values as val
)

select
    als.*,
from marts.indicator_values_all_series as als
where as_of >= (select nst.vintage from newest as nst)
    and (not annual_only or als.month is null)
union all by name
select
    pck.*,
from marts.indicator_values_pick(
    case when as_of < (select nst.vintage from newest as nst) then as_of else date '0001-01-01' end,
    annual_only := annual_only
) as pck
