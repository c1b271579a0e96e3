-- Q2. What is the status of the plan's KPIs by strategy and key task (each KPI counted once,
-- by its latest year with an actual)?
select
    tsk.strategy_code,
    tsk.task_code,
    tsk.task_name_ko,
    tsk.kpis,
    tsk.achieved,
    tsk.on_track,
    tsk.needs_acceleration,
    tsk.off_track,
    tsk.deteriorating,
    tsk.improving,
    tsk.no_data_yet,
    tsk.kpi_statuses,
from marts.kpi_by_task as tsk
order by tsk.strategy_code nulls first, tsk.task_code
