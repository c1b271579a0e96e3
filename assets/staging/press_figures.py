"""staging.press_figures: every figure of every press-report file (form press_report), with the
release it reports and the article that reported it (sti/ingest/press_figures.py).

A file that breaks a rule is held back alone; with any file held, the published table is kept
whole, so nothing downstream mixes an old and a new reading of the same reports."""

import datetime as dt

import dagster as dg

from assets.staging.check_results import problems_result
from assets.staging.observation_tables import HELD_CHECK, MAX_LISTED, keep_published
from assets.table_metadata import table_metadata
from sti.db.warehouse_tables import read_table, replace_table
from sti.ingest.held_back import dated, held_before, held_files, held_rows, write_held_back
from sti.ingest.press_figures import (
    PRESS_TABLE,
    press_source,
    stage_press_files,
    validate_press,
)
from sti.operations.resources import RawArchiveResource, WarehouseResource
from sti.warehouse.change_detection import RAW_DOMAINS_KEY

KEY = dg.AssetKey(["staging", "press_figures"])
DOMAIN = "press_reports"
MODEL_CHECK = "pandera_press_figure_model"


@dg.asset(
    key=KEY,
    deps=[["raw", "source_files"]],
    metadata={RAW_DOMAINS_KEY: f"{DOMAIN},reference"},
    group_name="staging",
    compute_kind="python",
    check_specs=[
        dg.AssetCheckSpec(
            MODEL_CHECK,
            asset=KEY,
            blocking=True,
            description=f"pandera PressFigure model on {PRESS_TABLE}: catalogue indicator and "
            "unit, range, dates, the article's address, one figure per file row and column",
        ),
        dg.AssetCheckSpec(
            HELD_CHECK,
            asset=KEY,
            blocking=False,
            description="No press-report file is held back (checks.held_back names file, row, "
            "column, rule and since when)",
        ),
    ],
)
def press_figures(
    warehouse: WarehouseResource, archive: RawArchiveResource
) -> dg.MaterializeResult:
    """Figures of official releases as the press reported them: the reported tier, used until
    the producer's own release is archived and then kept as its cross-check."""
    previous = warehouse.previous_release()
    release = previous.path if previous else None
    with warehouse.get_connection() as conn:
        earlier = held_files(conn, DOMAIN, not_found_by=PRESS_TABLE)
        rows = conn.execute(
            "select * from raw.source_files where domain = ? and duplicate_of is null "
            "order by raw_file",
            [DOMAIN],
        ).pl()
        sources = [
            press_source(r) for r in rows.iter_rows(named=True) if r["raw_file"] not in earlier
        ]
        staged = stage_press_files(archive.root_path, sources)
        kept = bool(earlier or staged.held) and keep_published(conn, release, PRESS_TABLE)
        if not kept:
            replace_table(conn, PRESS_TABLE, staged.figures)
        source_of = {s.raw_file: s.source_id for s in sources}
        held = [
            row
            for file, problems in staged.held.items()
            for row in held_rows(problems, file, source_of[file], DOMAIN, PRESS_TABLE)
        ]
        write_held_back(conn, PRESS_TABLE, dated(held, held_before(conn, release), dt.date.today()))
        shown = table_metadata(conn, PRESS_TABLE)
        table = read_table(conn, PRESS_TABLE)
    files = sorted({*earlier, *staged.held})
    lines = [f"{f}: {r}" for f, r in sorted(earlier.items())] + [
        str(p) for problems in staged.held.values() for p in problems[:MAX_LISTED]
    ]
    return dg.MaterializeResult(
        metadata={**shown, "rows": table.height, "held_back_files": dg.MetadataValue.json(files)},
        check_results=[
            problems_result(
                validate_press(table),
                PRESS_TABLE,
                table.height,
                "the PressFigure model",
                MODEL_CHECK,
                note=f"; {len(files)} file(s) held back" if files else "",
            ),
            dg.AssetCheckResult(
                check_name=HELD_CHECK,
                passed=not files,
                severity=dg.AssetCheckSeverity.WARN,
                description=(
                    f"{len(files)} press file(s) held back; "
                    + ("the published table is kept" if kept else "staged without them")
                    + ":\n"
                    + "\n".join(lines[:MAX_LISTED])
                )
                if files
                else "every press-report file was taken",
            ),
        ],
    )
