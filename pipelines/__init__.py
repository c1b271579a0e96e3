"""Dagster wiring: Definitions, resources, jobs and schedules. Asset code lives in `assets/`."""
