-- marts.indicator_values_all_series (view): the newest release of each value in every series
-- (GRDP 2015 and 2020 base years, the census before and after 2020, ...): one row per
-- indicator, region, industry, period, series and edition. Revisions replace earlier releases
-- here; marts.indicator_values keeps them all. Marts that compare or keep series apart read this.
-- A reported figure (tier reported) gives way to any other release of the same value.
-- The newest release is picked by a grouped arg_max, not a window: ranking every row of the union
-- sorted 10 million rows on six text keys (9.2 s at 10M KOSIS cells, 2026-12-07), the grouped
-- pick hashes them (2.6 s, the same rows). The keys are selected as grouped, so a filter on them
-- (an indicator, a region) reaches the tables under the union. Ties of tier and vintage go to the last raw file, row
-- and column, so the pick does not depend on the order rows arrive in.
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
