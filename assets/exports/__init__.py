"""Exports: files made from the published release for people who do not open DuckDB.

Each reads the release the publish step has just switched in (read-only) and writes beside it
in data/marts/: Parquet files, the data dictionary, the evaluation package drafts. They run
after publishing, so a failing export never holds back a release, and a release is never
exported before its checks passed.
"""
