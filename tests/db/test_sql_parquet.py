"""`sti sql --format parquet` describes its fields as the nightly Parquet export does."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from sti.cli import main
from sti.warehouse.parquet_export import described_schema
from tests.conftest import Pipeline


def test_the_fields_carry_the_warehouse_descriptions(
    baseline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a copy: another test's open connection to the baseline has another configuration
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(baseline.warehouse.resolve(), copy)
    monkeypatch.setenv("STI_WAREHOUSE", str(copy))
    out = tmp_path / "kpis.parquet"
    query = "select kpi_id, year, status, actual * 2 as doubled from marts.kpi_progress"
    assert main(["sql", "--format", "parquet", "-o", str(out), query]) == 0
    written = pq.read_schema(out)
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        nightly = described_schema(conn, "marts.kpi_progress")
    for name in ("kpi_id", "year", "status"):
        expected = nightly.field(name).metadata[b"description"]
        assert written.field(name).metadata[b"description"] == expected, name
    assert written.field("doubled").metadata[b"description"] == b""  # computed: not guessed
    assert written.metadata[b"query"] == query.encode()
