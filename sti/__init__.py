"""Daejeon S&T master-plan indicator warehouse: the library under the Dagster assets and the CLI.

The library is cut into domain packages, each with its job in its own docstring. Imports point
one way: a module may import modules of its own package and of the packages *before* it in
`IMPORT_ORDER`, never after (tests/test_import_order.py walks every import, lazy ones included,
and fails on one that points the wrong way or closes a circle). The project's other two folders
sit above the library: `assets` imports `sti`, `pipelines` imports both, and the command line
(`sti.cli`), which starts runs of the pipelines, sits on top of everything.

    errors, paths   bad-input errors; where the project's files live
    db              talk to DuckDB: SQL files by name, writing tables, the read-only door, caches
    reference       the dimensions: regions, industries, units, the indicator catalogue, YAML
    ingest          bring a source in as received: readers, KOSIS, provenance, release calendar,
                    cells -> observations
    plan            the plan: structure, targets, the KPI rule book, progress, sources, budget
    departments     the departments' yearly report: template, receipt, rules
    quality         Great Expectations: the mart suites and the process that runs them
    warehouse       releases: publish, verify, detect change, document, export
    reports         what people read: documents, evaluation packages, the data dictionary
    operations      running unattended: Dagster resources, service units, status, alerts
    assets          (folder) the Dagster assets, layer by layer
    pipelines       (folder) definitions, jobs, schedules, sensors, running a job in process
    cli             the `sti` command line
"""

# Lowest first. Names in one tuple share a rank and may not import each other.
IMPORT_ORDER: tuple[tuple[str, ...], ...] = (
    ("sti.errors", "sti.paths"),
    ("sti.db",),
    ("sti.reference",),
    ("sti.ingest",),
    ("sti.plan",),
    ("sti.departments",),
    ("sti.quality",),
    ("sti.warehouse",),
    ("sti.reports",),
    ("sti.operations",),
    ("assets",),
    ("pipelines",),
    ("sti.cli",),
)
