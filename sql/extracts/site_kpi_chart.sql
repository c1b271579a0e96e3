-- extract site_kpi_chart (a KPI page's chart, its table and its CSV/XLSX download): every year of
-- every KPI as known on $as_of. One row per KPI, year and phase:
--   before_baseline / baseline: the KPI's own series before its first plan year (marts.kpi_series,
--       releases published by $as_of), else the baseline the documents state;
--   plan_year: marts.kpi_progress_as_of($as_of): milestone, actual (preliminary marked), target
--       in its target year, status;
--   published_baseline: the plan's printed baseline when it belongs to another series (a series
--       break: shown beside, never joined to the line).
with progress as (
    select
        kpi.*,
        min(kpi.year) over (partition by kpi.kpi_id) as first_plan_year,
    from marts.kpi_progress_as_of($as_of) as kpi
),

kpis as (
    select distinct
        pro.kpi_id,
        pro.series,
        pro.unit,
        pro.first_plan_year,
        pro.baseline_year,
        pro.baseline_value,
        pro.published_baseline_year,
        pro.published_baseline_value,
        pro.published_baseline_series,
    from progress as pro
),

history as (
    select
        ser.kpi_id,
        ser.year,
        ser.phase,
        ser.series,
        ser.value,
        ser.status = 'preliminary' as is_preliminary,
        ser.vintage,
        ser.source,
        ser.tier,
    from marts.kpi_series as ser
    inner join kpis as kpi
        on kpi.kpi_id = ser.kpi_id
        and kpi.series = ser.series
    where ser.vintage <= $as_of
        and ser.year < kpi.first_plan_year
),

stated_baseline as (
    -- a baseline the documents state, where the KPI's series holds no value for that year
    select
        kpi.kpi_id,
        kpi.baseline_year as year,
        'baseline' as phase,
        kpi.series,
        kpi.baseline_value as value,
        false as is_preliminary,
        cast(null as date) as vintage,
        'document' as source,
        'document' as tier,
    from kpis as kpi
    where kpi.baseline_value is not null
        and kpi.baseline_year < kpi.first_plan_year
        and not exists (
            select 1
            from history as his
            where his.kpi_id = kpi.kpi_id
                and his.year = kpi.baseline_year
        )
),

other_series_baseline as (
    select
        kpi.kpi_id,
        kpi.published_baseline_year as year,
        'published_baseline' as phase,
        kpi.published_baseline_series as series,
        kpi.published_baseline_value as value,
        false as is_preliminary,
        cast(null as date) as vintage,
        'document' as source,
        'document' as tier,
    from kpis as kpi
    where kpi.published_baseline_value is not null
        and kpi.published_baseline_series is distinct from kpi.series
        and (kpi.published_baseline_year, kpi.published_baseline_value)
            is distinct from (kpi.baseline_year, kpi.baseline_value)
),

before_plan as (
    select * from history
    union all by name
    select * from stated_baseline
    union all by name
    select * from other_series_baseline
),

plan_years as (
    select
        pro.kpi_id,
        pro.year,
        'plan_year' as phase,
        pro.series,
        pro.actual as value,
        coalesce(pro.actual_is_preliminary, false) as is_preliminary,
        pro.actual_vintage as vintage,
        pro.actual_source as source,
        pro.actual_tier as tier,
        pro.milestone,
        case when pro.year = pro.target_year then pro.target_value end as target_value,
        pro.status,
    from progress as pro
),

rows_ as (
    select * from before_plan
    union all by name
    select * from plan_years
)

select
    row_.kpi_id,
    row_.year,
    row_.phase,
    row_.series,
    row_.value,
    row_.is_preliminary,
    row_.milestone,
    row_.target_value,
    row_.status,
    sta.label_ko as status_ko,
    sta.label_en as status_en,
    row_.tier,
    tir.label_ko as tier_ko,
    tir.label_en as tier_en,
    row_.vintage,
    row_.source,
from rows_ as row_
left join marts.dim_status_label as sta
    on sta.vocabulary = 'kpi_status' and sta.code = row_.status
left join marts.dim_status_label as tir
    on tir.vocabulary = 'tier' and tir.code = row_.tier
order by
    row_.kpi_id,
    row_.year,
    case row_.phase when 'published_baseline' then 0 when 'before_baseline' then 1 when 'baseline' then 2 else 3 end
