"""Evaluation packages: the yearly implementation check (이행점검), the mid-term (2025) and the
final (2027) evaluation, built from the warehouse as known on an as-of date (`sti extract`)."""
