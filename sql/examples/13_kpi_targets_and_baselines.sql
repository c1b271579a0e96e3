-- Q13. Every KPI with its target, its baseline, and the plan's published baseline when that
-- belongs to another series (the two are never compared), with the document line.
select distinct on (kpi.kpi_id)
    kpi.kpi_id,
    kpi.name_ko,
    kpi.target_kind,
    kpi.target_value,
    kpi.target_year,
    kpi.baseline_year,
    kpi.baseline_value,
    kpi.published_baseline_value,
    kpi.published_baseline_series,
    kpi.series as actuals_series,
    kpi.document,
    kpi.document_line,
from marts.kpi_progress as kpi
order by kpi.kpi_id, kpi.year
