"""Marts for the evaluation: KPIs by task, budget execution (이행점검), R-COSTII by edition."""

from assets.marts.sql_mart import sql_mart

# R-COSTII: a component ranked 5th or lower among the 17 시도 is a weakness (the plan's reading of
# 네트워크 8위, 환경 5위 as 중하위권); 1st-3rd is a strength (the plan's 2~3위권 leaders).
RCOSTII_WEAKNESS_RANK = 5
RCOSTII_STRENGTH_RANK = 3

kpi_by_task = sql_mart(
    "kpi_by_task",
    [["marts", "kpi_progress"], ["marts", "plan_subtask"]],
    "KPIs (each counted once, by its current status) and budgets rolled up to key task.",
)
kpi_by_strategy = sql_mart(
    "kpi_by_strategy",
    [["marts", "kpi_by_task"]],
    "KPIs and budgets rolled up to strategy (each KPI counted once).",
)
budget_execution = sql_mart(
    "budget_execution",
    [["staging", "budget_execution"], ["marts", "plan_subtask"]],
    "Planned vs executed budget and investment gap per key task.",
    macros=("budget_execution_as_of",),
)
rcostii = sql_mart(
    "rcostii",
    [["marts", "indicator_values"], ["staging", "press_figures"], ["marts", "dim_region"]],
    "R-COSTII by edition: composite, components, regional mean, rank, strengths and weaknesses; "
    "each edition's coverage, and the scores press reports disagree on.",
    {"weakness_rank": RCOSTII_WEAKNESS_RANK, "strength_rank": RCOSTII_STRENGTH_RANK},
    value_domains=("rcostii",),
)
