-- marts.kpi_progress_as_of(as_of) (table macro): marts.kpi_progress exactly as it would have been
-- built from the releases published on or before `as_of`: the KPIs of the documents published by
-- then (none before the plan, 2023-05-01; the 2026 strategy's from 2026-04-16), today's rules,
-- the data as published then. Usage:
--   select * from marts.kpi_progress_as_of(date '2025-06-30') where kpi_id like 'tech_%'
-- It reads marts.kpi_progress_history, which holds one snapshot per release date: the
-- snapshot in force on a date is the one whose [as_of_from, as_of_to) contains it.
create or replace macro marts.kpi_progress_as_of(as_of) as table
select
    his.* exclude (as_of_from, as_of_to),
from marts.kpi_progress_history as his
where his.as_of_from <= as_of
    and (his.as_of_to is null or his.as_of_to > as_of)
