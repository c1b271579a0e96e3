"""Running unattended: the Dagster resources the assets use (warehouse, archive, KOSIS, alerts),
the systemd service units, `sti status`, alerts, what `sti run` prints, and failing dead runs.

Imports `sti.reports` and below; only `assets`, `pipelines` and the command line import it."""
