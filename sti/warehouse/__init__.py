"""The published warehouse as releases: publish, verify, list, restore; which assets a run must
rebuild (change detection); what a release covers; what every table and column means
(`table_docs.yaml`, written into DuckDB); the Parquet export and the record of each export.

Imports `sti.quality` and below."""
