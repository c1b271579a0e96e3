"""Daejeon S&T master-plan indicator warehouse: library code shared by the Dagster assets and the CLI."""
