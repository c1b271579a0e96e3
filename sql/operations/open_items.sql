-- What a published release leaves open, for alerts and `sti status`: the data-quality findings
-- (published figures that disagree with their recomputation) and the sources whose expected
-- release is overdue. One row per item; `item` is stable from night to night.
with findings as (
    select
        'finding' as kind,
        concat_ws(' ', fnd.rule_id, fnd.region_id, fnd.period, fnd.series) as item,
        format(
            '{} ({}): published {} vs recomputed {}',
            fnd.rule, fnd.severity, fnd.published_value, fnd.recomputed_value
        ) as detail,
    from checks.findings as fnd
),

overdue as (
    select
        'overdue release' as kind,
        frs.source_id as item,
        format(
            '{}: newest held {}{}, expected {} since {}',
            frs.source_name,
            coalesce(frs.latest_period_held, 'nothing'),
            coalesce(' (press-reported up to ' || frs.latest_period_reported || ', not archived)', ''),
            frs.latest_period_expected,
            frs.expected_release_date
        ) as detail,
    from checks.freshness as frs
    where frs.overdue
)

select
    itm.kind,
    itm.item,
    itm.detail,
from (select * from findings union all select * from overdue) as itm
order by itm.kind, itm.item
