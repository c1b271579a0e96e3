-- marts.non_capital_sums(as_of) (table macro): 비수도권 (outside the capital region, KR-NONCAP)
-- as 전국 − 수도권 of the same indicator, series and year, for the indicators a release gives
-- for both but not for 비수도권 itself (연구개발활동조사 2023: researchers 603,566 − 404,138 =
-- 199,428). The one place this rule is written: marts.rnd_by_region and the KPI actuals
-- (sql/marts/kpi_actuals.sql: the national strategy's 지역 연구원) both read it.
create or replace macro marts.non_capital_sums(as_of) as table
with known as (
    select
        val.*,
    from marts.indicator_values_as_of(as_of, annual_only := true) as val
    where val.indicator_id in ('researchers', 'rnd_expenditure')
        and val.region_id in ('KR', 'KR-CAP', 'KR-NONCAP')
)

select
    nat.indicator_id,
    'KR-NONCAP' as region_id,
    nat.industry_code,
    nat.period,
    nat.year,
    nat.series,
    nat.value - cap.value as value,
    case when 'preliminary' in (nat.status, cap.status) then 'preliminary' else 'final' end as status,
    greatest(nat.vintage, cap.vintage) as vintage,
    nat.source_id,
    case when nat.tier = cap.tier then nat.tier else nat.tier || ', ' || cap.tier end as tier,
    nat.source_file as national_source_file,
    nat.source_row as national_source_row,
    nat.source_column as national_source_column,
from known as nat
inner join known as cap
    on cap.indicator_id = nat.indicator_id
    and cap.industry_code = nat.industry_code
    and cap.series = nat.series
    and cap.period = nat.period
    and cap.region_id = 'KR-CAP'
where nat.region_id = 'KR'
    and not exists (
        select 1 from known as own
        where own.indicator_id = nat.indicator_id and own.industry_code = nat.industry_code
            and own.series = nat.series and own.period = nat.period and own.region_id = 'KR-NONCAP'
    )
