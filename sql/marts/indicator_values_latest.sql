-- marts.indicator_values_latest (view): the newest release of each value. Revisions replace
-- earlier releases here; marts.indicator_values keeps them all.
select
    val.*,
from marts.indicator_values as val
qualify row_number() over (
    partition by val.indicator_id, val.region_id, val.industry_code, val.period, val.series, val.edition
    order by val.vintage desc
) = 1
