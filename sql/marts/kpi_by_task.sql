-- marts.kpi_by_task: KPIs and sub-task budgets rolled up to key task and strategy, for the
-- evaluation's per-strategy view. A KPI without a task (the plan's headline goal) is shown
-- under task '전체' (plan-wide), the national strategy's 2030 targets under 'NS2030'. Counts are
-- of the latest plan year with data for each KPI (else its last year).
with latest_kpi_year as (
    select
        kpi.*,
    from marts.kpi_progress as kpi
    qualify row_number() over (
        partition by kpi.kpi_id
        order by (kpi.actual is not null) desc, kpi.year desc
    ) = 1
),

kpis as (
    select
        coalesce(lky.task_code, '전체') as task_code,
        count(*) as kpis,
        count(*) filter (where lky.status = 'achieved') as achieved,
        count(*) filter (where lky.status = 'on_track') as on_track,
        count(*) filter (where lky.status = 'needs_acceleration') as needs_acceleration,
        count(*) filter (where lky.status = 'off_track') as off_track,
        count(*) filter (where lky.status = 'deteriorating') as deteriorating,
        count(*) filter (where lky.status = 'no_data_yet') as no_data_yet,
        string_agg(lky.kpi_id || ' (' || lky.year || ': ' || lky.status || ')', '; ' order by lky.kpi_id) as kpi_statuses,
    from latest_kpi_year as lky
    group by coalesce(lky.task_code, '전체')
),

budgets as (
    select
        sub.task_code,
        count(*) as subtasks,
        count(sub.budget_total_eok) as subtasks_with_budget,
        sum(sub.budget_total_eok) as planned_budget_eok,
    from marts.plan_subtask as sub
    group by sub.task_code
),

tasks as (
    select
        tsk.task_code,
        tsk.strategy_code,
        tsk.name_ko,
        tsk.name_en,
    from marts.plan_task as tsk
    union all
    select
        '전체' as task_code,
        null as strategy_code,
        '종합계획 목표 (기술기반 기업 수 증가, 매출증대, 고용창출 확대)' as name_ko,
        'Plan-wide goal (more tech-based firms, sales and jobs)' as name_en,
    union all
    select
        'NS2030' as task_code,
        null as strategy_code,
        '과학기술을 통한 지역 혁신성장 전략 (2026) 2030 목표' as name_ko,
        'National strategy (2026): 2030 targets for the regions' as name_en,
)

select
    tsk.strategy_code,
    stg.name_ko as strategy_name_ko,
    stg.name_en as strategy_name_en,
    tsk.task_code,
    tsk.name_ko as task_name_ko,
    tsk.name_en as task_name_en,
    coalesce(bud.subtasks, 0) as subtasks,
    coalesce(bud.subtasks_with_budget, 0) as subtasks_with_budget,
    bud.planned_budget_eok,
    coalesce(kpi.kpis, 0) as kpis,
    coalesce(kpi.achieved, 0) as achieved,
    coalesce(kpi.on_track, 0) as on_track,
    coalesce(kpi.needs_acceleration, 0) as needs_acceleration,
    coalesce(kpi.off_track, 0) as off_track,
    coalesce(kpi.deteriorating, 0) as deteriorating,
    coalesce(kpi.no_data_yet, 0) as no_data_yet,
    kpi.kpi_statuses,
from tasks as tsk
left join marts.plan_strategy as stg
    on stg.strategy_code = tsk.strategy_code
left join budgets as bud
    on bud.task_code = tsk.task_code
left join kpis as kpi
    on kpi.task_code = tsk.task_code
order by tsk.strategy_code nulls first, tsk.task_code
