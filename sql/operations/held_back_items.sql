-- The received files a published release holds back (checks.held_back), as open items for alerts
-- and `sti status`: one row per file, `item` stable from night to night. A release built before
-- files were held back has no checks.held_back (sti/operations/alerts.py asks first).
select
    'held back' as kind,
    concat_ws(' ', hld.source_id, hld.source_file) as item,
    format(
        'held back since {}: {} problem(s), first: {}',
        min(hld.held_since), count(*), min(hld.rule)
    ) as detail,
from checks.held_back as hld
group by hld.source_id, hld.source_file
order by item
