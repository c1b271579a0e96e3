-- The actual of each sub-task indicator and year that counts: the newest of the reports the
-- committee approved (확정), with its approval date (read by marts.subtask_indicator_progress).
select
    ind.subtask_code,
    ind.indicator_name_ko,
    ind.year,
    ind.value,
    ind.approved_on,
from staging.department_subtask_indicators as ind
where ind.approved_on is not null and ind.value is not null
qualify row_number() over (
    partition by ind.subtask_code, ind.indicator_name_ko, ind.year
    order by ind.report_date desc, ind.source_file desc, ind.source_row desc
) = 1
