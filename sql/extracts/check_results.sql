-- extract check_results (sheet 검증 결과): the data-quality results for the sources published on
-- or before $as_of: every consistency rule with how many figures it checked and how many
-- disagree, each disagreement (checks.consistency_as_of: the findings as they stood on $as_of,
-- the plan's own inconsistencies among them),
-- and every value that moved beyond its tolerance between two releases (checks.revisions).
with sources_known as (
    select distinct src.source_id,
    from raw.source_files as src
    where src.vintage <= $as_of
),

consistency as (
    -- read once for the rules and their findings (DuckDB materializes a CTE read twice): two
    -- calls of the macro computed every rule twice (10M startups cells: 2.8 -> 0.8 s a package
    -- with the macro as it was; measured 2026-12-07)
    select cns.*,
    from checks.consistency_as_of($as_of) as cns
    where cns.source_id in (select sk.source_id from sources_known as sk)
),

rules as (
    select
        'rule' as kind,
        cns.rule_id as item,
        min(cns.rule) || case
            when count(distinct cns.rule) > 1 then format(' (and {} more)', count(distinct cns.rule) - 1)
            else ''
        end as description,
        null as region_id,
        null as period,
        format('{} checked, {} disagree', count(*), count(*) filter (where not cns.consistent)) as result,
        null as published_value,
        null as recomputed_value,
        string_agg(distinct cns.source_id, ', ' order by cns.source_id) as source_id,
    from consistency as cns
    group by cns.rule_id
),

findings as (
    select
        'finding' as kind,
        fnd.rule_id as item,
        fnd.rule as description,
        fnd.region_id,
        fnd.period,
        format('difference {} (tolerance {})', round(fnd.difference, 4), fnd.tolerance) as result,
        fnd.published_value,
        fnd.recomputed_value,
        fnd.source_id,
    from consistency as fnd
    where not fnd.consistent
),

revisions as (
    select
        'revision' as kind,
        rev.indicator_id as item,
        format('{} {} {}: {} -> {}', rev.region_id, rev.industry_code, rev.period, rev.previous_value, rev.value) as description,
        rev.region_id,
        rev.period,
        coalesce('restatement: ' || rev.restatement, 'beyond tolerance') as result,
        rev.previous_value as published_value,
        rev.value as recomputed_value,
        rev.source_id,
    from checks.revisions as rev
    where rev.vintage <= $as_of
)

select * from rules
union all by name
select * from findings
union all by name
select * from revisions
order by kind desc, item, region_id, period
