-- checks.revisions: every value that moved between two consecutive releases of one source by
-- more than its indicator's revision tolerance (found by sql/checks/revisions_beyond.sql into the
-- temp table _revisions_beyond), with the file, row and column it came from and the previous
-- release's file. A move by a power of ten is flagged as a likely change of unit (천원 for
-- 백만원, 만원 for 천원) or a number cut short (235 for 23,595). A release whose sidecar declares
-- a `restatement` carries its reason; every other row stops the run (assets/checks/revisions.py).
-- It reads the temp view _revision_values, as sql/checks/revisions_beyond.sql does.
-- The key with the vintage names one value (the grain of marts.indicator_values, checked
-- before this runs); key columns may be null, and null matches null.
with located as (
    select
        bey.*,
        cur.source_file,
        cur.source_row,
        cur.source_column,
    from _revisions_beyond as bey
    inner join _revision_values as cur
        on cur.source_id = bey.source_id
        and cur.indicator_id is not distinct from bey.indicator_id
        and cur.region_id is not distinct from bey.region_id
        and cur.industry_code is not distinct from bey.industry_code
        and cur.period is not distinct from bey.period
        and cur.series is not distinct from bey.series
        and cur.edition is not distinct from bey.edition
        and cur.vintage = bey.vintage
),

with_previous as (
    select
        loc.*,
        prv.source_file as previous_file,
    from located as loc
    inner join _revision_values as prv
        on prv.source_id = loc.source_id
        and prv.indicator_id is not distinct from loc.indicator_id
        and prv.region_id is not distinct from loc.region_id
        and prv.industry_code is not distinct from loc.industry_code
        and prv.period is not distinct from loc.period
        and prv.series is not distinct from loc.series
        and prv.edition is not distinct from loc.edition
        and prv.vintage = loc.previous_vintage
)

select
    bey.source_id,
    bey.indicator_id,
    bey.region_id,
    bey.industry_code,
    bey.period,
    bey.series,
    bey.edition,
    bey.previous_vintage,
    bey.previous_file,
    bey.previous_value,
    bey.vintage,
    bey.source_file,
    bey.source_row,
    bey.source_column,
    bey.value,
    bey.change,
    bey.ratio,
    bey.revision_relative,
    bey.revision_absolute,
    bey.unit_factor,
    src.restatement,
from with_previous as bey
left join raw.source_files as src on src.raw_file = bey.source_file
order by bey.source_id, bey.indicator_id, bey.region_id, bey.period, bey.vintage
