"""Benchmarks (make bench): synthetic national-scale inputs and their measurement."""
