"""Ten census years of establishment microdata go through the whole night. The KPI history
queries the actuals as of every release date; with ten synthetic census releases DuckDB's
filter pushdown once turned that query into a plan that never finished (sql/marts/kpi_actuals.sql
materializes its macros since). The run is a subprocess with a time limit, so a plan that hangs
again fails this test instead of stopping the suite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.census_microdata import SERIES, generate
from sti.db.sql_door import connect_read_only
from sti.paths import PROJECT_ROOT, RAW_DIR

YEARS = 10  # 2013-2022: releases on both sides of the plan's start
ROWS_PER_YEAR = 2_000
# The run takes ~25 s here; a hung plan never ends.
RUN_LIMIT_SECONDS = 300


def test_ten_census_years_run_through_the_night(tmp_path: Path) -> None:
    archive = tmp_path / "raw"
    shutil.copytree(RAW_DIR, archive)
    generate(archive, YEARS, ROWS_PER_YEAR)
    warehouse = tmp_path / "marts" / "warehouse.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "KOSIS_API_KEY")}
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", "pipeline", str(archive), str(warehouse)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=RUN_LIMIT_SECONDS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["success"], result["failures"]
    with connect_read_only(warehouse) as conn:
        years = conn.execute(
            "select count(distinct year), sum(value) from marts.indicator_values "
            "where series = ? and indicator_id = 'establishments' and region_id = 'KR' "
            "and industry_code = '_T'",
            [SERIES],
        ).fetchone()
        snapshots = conn.execute(
            "select count(distinct as_of_from) from marts.kpi_progress_history"
        ).fetchone()
    assert years == (YEARS, YEARS * ROWS_PER_YEAR)
    assert snapshots is not None and snapshots[0] >= 10
