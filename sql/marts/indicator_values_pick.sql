-- marts.indicator_values_pick(as_of) (table macro): the values as they were known on a date,
-- i.e. the newest release with vintage <= as_of, picked from every release in
-- marts.indicator_values. Analysts call marts.indicator_values_as_of, which is this pick for a
-- past date and the table built from it (marts.indicator_values_all_series) for every release.
-- `annual_only := true` keeps annual periods only (month is null), before the newest release is
-- picked: a filter on month outside the macro cannot pass the grouping, which then picks among every
-- monthly value too (at 10M cells of a monthly series, most of the table).
-- A reported figure (tier reported) gives way to any other release of the same value; among the
-- rest the newest release wins. The pick is a grouped arg_max, not a window: ranking every row of
-- the union sorted 10 million rows on six text keys (9.2 s at 10M KOSIS cells, 2026-12-07), the
-- grouped pick hashes them (2.6 s, the same rows). The keys are selected as grouped, so a filter on
-- them (an indicator, a region) reaches the tables under the union. Ties of tier and vintage go to
-- the last raw file, row and column, so the pick does not depend on the order rows arrive in.
create or replace macro marts.indicator_values_pick(as_of, annual_only := false) as table
with picked as (
    select
        val.indicator_id,
        val.region_id,
        val.industry_code,
        val.period,
        val.series,
        val.edition,
        arg_max(
            {
                year: val.year,
                month: val.month,
                value: val.value,
                unit: val.unit,
                status: val.status,
                vintage: val.vintage,
                source_id: val.source_id,
                source_file: val.source_file,
                source_sha256: val.source_sha256,
                source_row: val.source_row,
                source_column: val.source_column,
                value_raw: val.value_raw,
                tier: val.tier,
            },
            (val.tier <> 'reported', val.vintage, val.source_file, val.source_row, val.source_column)
        ) as newest,
    from marts.indicator_values as val
    where val.vintage <= as_of
        and (not annual_only or val.month is null)
    group by val.indicator_id, val.region_id, val.industry_code, val.period, val.series, val.edition
)

select
    pck.indicator_id,
    pck.region_id,
    pck.industry_code,
    pck.period,
    pck.newest.year,
    pck.newest.month,
    pck.newest.value,
    pck.newest.unit,
    pck.newest.status,
    pck.series,
    pck.edition,
    pck.newest.vintage,
    pck.newest.source_id,
    pck.newest.source_file,
    pck.newest.source_sha256,
    pck.newest.source_row,
    pck.newest.source_column,
    pck.newest.value_raw,
    pck.newest.tier,
from picked as pck
