"""The reference dimensions every source is read against: regions and their code systems,
industries (KSIC and the plan's tech-based sectors), units and their declared factors, the
indicator catalogue (`indicators.yaml`), and the YAML reading they rest on.

Imports `sti.db` and below; ingest, plan and everything above may import it."""
