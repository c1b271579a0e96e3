-- Q12. What should an evaluator know about the data: published figures that disagree with
-- their recomputation (the plan's own inconsistencies) and sources with an overdue release.
select
    'finding' as kind,
    fnd.rule_id as item,
    fnd.rule as description,
    fnd.period,
    format('published {} vs recomputed {}', fnd.published_value, fnd.recomputed_value) as detail,
from checks.findings as fnd
union all
select
    'overdue release' as kind,
    frs.source_id as item,
    frs.source_name as description,
    frs.latest_period_expected as period,
    format('newest held {}, expected since {}', frs.latest_period_held, frs.expected_release_date) as detail,
from checks.freshness as frs
where frs.overdue
order by kind, item
