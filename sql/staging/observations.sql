-- One observation per cell of the view _obs_cells (sql/staging/observation_cells.sql: file, row,
-- column, label set, period header, text and cell_order):
-- the facts of its file, label set, period header and text, worked out once per distinct value
-- by sti/ingest/observations.py and registered as _obs_* views, joined to every cell and combined.
-- Plain numbers (most cells) are cast here; every other text has its facts in _obs_values
-- (a null cell reads as the empty text). Problems are listed in the order they are found.
with cells as (
    select
        c.*,
        coalesce(
            regexp_full_match(c.value_raw, $pattern)
            and try_cast(c.value_raw as double) is not null,
            false
        ) as plain,
    from _obs_cells as c
),

interpreted as (
    select
        c.cell_order,
        c.source_file,
        c.source_row,
        c.source_column,
        c.value_raw,
        f.source_id,
        f.sha256 as source_sha256,
        f.vintage,
        f.skip_blank,
        l.indicator_id,
        l.unit,
        l.factor,
        l.series,
        l.edition,
        l.industry_code,
        coalesce(l.region_id, rc.code_region) as region_id,
        p.period,
        p.year,
        p.month,
        p.estimate,
        coalesce(v.blank, false) as blank,
        case when c.plain then cast(c.value_raw as double) else v.parsed end as parsed,
        case
            when not c.plain then v.status
            when p.preliminary then 'preliminary'
            else 'final'
        end as parsed_status,
        concat_ws(
            '; ',
            l.p_rule,
            p.p_period,
            v.p_value,
            l.p_indicator,
            l.p_region,
            rc.p_region_code,
            l.p_industry,
            l.p_unit_label,
            l.p_conversion,
            e.p_existence
        ) as problems,
    from cells as c
    inner join _obs_files as f
        on f.raw_file = c.source_file
    inner join _obs_labels as l
        on l.source_file = c.source_file and l.label_set = c.label_set and not l.ignored
    inner join _obs_periods as p
        on p.source_file = c.source_file and p.period_label = c.period_label
    left join _obs_values as v
        on v.value_raw = (case when c.plain then null else coalesce(c.value_raw, '') end)
        and v.preliminary = p.preliminary
    left join _obs_region_codes as rc
        on rc.source_file = c.source_file and rc.region_code = l.region_code
        and rc.period = p.period
    left join _obs_existence as e
        on e.source_file = c.source_file
        and e.region_id = coalesce(l.region_id, rc.code_region)
        and e.period = p.period
)

select
    i.indicator_id,
    i.region_id,
    i.industry_code,
    i.period,
    i.year,
    i.month,
    case
        when i.factor is not null and i.parsed is not null
            then round(i.parsed * i.factor, $decimals)
        else i.parsed
    end as value,
    i.unit,
    case
        when i.estimate and i.parsed_status = 'final' then 'estimate'
        else i.parsed_status
    end as status,
    i.series,
    i.edition,
    i.vintage,
    i.source_id,
    i.source_file,
    i.source_sha256,
    i.source_row,
    i.source_column,
    i.value_raw,
    nullif(i.problems, '') as problem,
    i.cell_order,
from interpreted as i
where not (i.skip_blank and i.blank)
