-- marts.kpi_by_strategy: marts.kpi_by_task added up per strategy (each KPI still counted once:
-- a KPI belongs to one task, a task to one strategy). The plan-wide goal and the national
-- strategy have no strategy and keep their own rows ('전체', 'NS2030').
select
    coalesce(cast(tsk.strategy_code as varchar), tsk.task_code) as strategy_code,
    coalesce(any_value(tsk.strategy_name_ko), any_value(tsk.task_name_ko)) as strategy_name_ko,
    coalesce(any_value(tsk.strategy_name_en), any_value(tsk.task_name_en)) as strategy_name_en,
    count(*) as tasks,
    sum(tsk.subtasks) as subtasks,
    sum(tsk.planned_budget_eok) as planned_budget_eok,
    sum(tsk.kpis) as kpis,
    sum(tsk.achieved) as achieved,
    sum(tsk.on_track) as on_track,
    sum(tsk.needs_acceleration) as needs_acceleration,
    sum(tsk.off_track) as off_track,
    sum(tsk.deteriorating) as deteriorating,
    sum(tsk.improving) as improving,
    sum(tsk.unchanged) as unchanged,
    sum(tsk.not_assessable) as not_assessable,
    sum(tsk.no_data_yet) as no_data_yet,
    sum(tsk.direction_only) as direction_only,
from marts.kpi_by_task as tsk
group by coalesce(cast(tsk.strategy_code as varchar), tsk.task_code)
order by strategy_code
