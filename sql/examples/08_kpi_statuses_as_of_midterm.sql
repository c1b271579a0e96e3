-- Q8. The KPI statuses an evaluator would have seen at the mid-term evaluation date
-- (2025-12-31): marts.kpi_progress rebuilt from the releases published by then.
select
    kpi.kpi_id,
    kpi.name_ko,
    kpi.year,
    kpi.actual,
    kpi.milestone,
    kpi.status,
    kpi.actual_vintage,
from marts.kpi_progress_as_of(date '2025-12-31') as kpi
where kpi.actual is not null
order by kpi.kpi_id, kpi.year
