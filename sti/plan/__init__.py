"""The master plan as data: its structure (strategies, key tasks, sub-tasks, actions), the KPI
targets and baselines, the KPI rule book (`kpi_rules.py`: milestones, achievement, status), the
yearly progress rows, where each KPI's actuals come from, and the budget template.

Imports `sti.ingest` and below."""
