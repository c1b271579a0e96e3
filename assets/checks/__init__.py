"""Checks layer: consistency of the sources, release freshness, row counts."""
