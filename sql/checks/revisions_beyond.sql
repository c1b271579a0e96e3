-- The first half of checks.revisions (assets/checks/revisions.py runs it into the temp table
-- _revisions_beyond, then sql/checks/revisions.sql): every value that moved between two
-- consecutive releases of one source by more than its indicator's revision tolerance
-- (revision_relative / revision_absolute), with the factor when the move is
-- a power of ten (천원 for 백만원, 만원 for 천원, or a number cut short: 235 for 23,595).
-- It reads two temp views its caller defines: _revision_values (marts.indicator_values for
-- checks.revisions, one staging table for the gate that holds a bad release back,
-- sti/ingest/revision_gate.py) and _revision_tolerances (indicator_id, revision_relative,
-- revision_absolute). The window carries keys, vintages and values only; where a value came from (file, row,
-- column) is looked up for the few rows found: carrying those texts through the window took
-- ~90 MB more at 1M values (459 -> 371 MB, 2026-11-25).
with releases as (
    select
        val.source_id,
        val.indicator_id,
        val.region_id,
        val.industry_code,
        val.period,
        val.series,
        val.edition,
        val.vintage,
        val.value,
        lag(val.value) over by_cell as previous_value,
        lag(val.vintage) over by_cell as previous_vintage,
    from _revision_values as val
    window by_cell as (
        partition by
            val.source_id, val.indicator_id, val.region_id, val.industry_code, val.period,
            val.series, val.edition
        order by val.vintage
    )
),

compared as (
    select
        rel.*,
        ind.revision_relative,
        ind.revision_absolute,
        rel.value - rel.previous_value as change,
        case when rel.previous_value <> 0 then rel.value / rel.previous_value end as ratio,
    from releases as rel
    inner join _revision_tolerances as ind on ind.indicator_id = rel.indicator_id
    where rel.previous_value is not null and rel.value is not null
),

beyond as (
    select
        cmp.*,
        case
            when cmp.ratio > 0
                and abs(log10(cmp.ratio)) >= 1 - $factor_slack
                and abs(log10(cmp.ratio) - round(log10(cmp.ratio))) <= $factor_slack
                then power(10, round(log10(cmp.ratio)))
        end as unit_factor,
    from compared as cmp
    where (cmp.revision_relative is not null
            and abs(cmp.change) > cmp.revision_relative * abs(cmp.previous_value))
        or (cmp.revision_absolute is not null and abs(cmp.change) > cmp.revision_absolute)
        or (cmp.previous_value = 0 and cmp.value <> 0 and cmp.revision_absolute is null)
)

select
    bey.*,
from beyond as bey
