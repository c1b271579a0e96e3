"""Staging observation tables: the stored layout (text of few values as ENUMs) holds the same
rows the in-memory interpretation gives, and reads as text wherever it is used."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from assets.raw.source_files import register
from assets.raw.table_cells import build_cells, file_cells, readable_files
from assets.staging.observation_tables import stage_domain, stage_observations
from sti.db.warehouse_tables import read_table
from sti.ingest.observations import (
    OBSERVATION_ENUM_COLUMNS,
    OBSERVATION_SCHEMA,
    observations_of_frame,
)
from sti.ingest.provenance import discover, sidecar_path
from sti.ingest.readers.cell_values import STATUSES
from sti.paths import relative_to_raw
from tests.archive_edits import new_startups_release


def _staged(
    archive: Path, tmp_path: Path, domain: str
) -> tuple[duckdb.DuckDBPyConnection, pl.DataFrame]:
    files = register(discover(archive)).sort("raw_file")
    conn = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    build_cells(conn, files, archive, None)
    conn.execute("create table raw.source_files as select * from files")
    chosen = files.filter((pl.col("domain") == domain) & pl.col("duplicate_of").is_null())
    stage_observations(conn, chosen, f"staging.{domain}")
    return conn, chosen


def _types(conn: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    schema, name = table.split(".")
    rows = conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ?",
        [schema, name],
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("domain", ["grdp", "startups", "workforce"])
def test_stored_rows_equal_the_interpretation_in_memory(
    archive: Path, tmp_path: Path, domain: str
) -> None:
    conn, chosen = _staged(archive, tmp_path, domain)
    cells = pl.concat(
        [file_cells(archive, row) for row in readable_files(chosen).iter_rows(named=True)]
    ).select(pl.exclude("source_id", "sha256"))
    expected = observations_of_frame(chosen, cells)
    stored = read_table(conn, f"staging.{domain}")
    assert stored.schema == pl.Schema(OBSERVATION_SCHEMA)
    key = ["source_file", "source_row", "source_column"]
    assert expected.height > 100
    assert stored.sort(key).equals(expected.sort(key))


def test_text_columns_of_few_values_are_enums_of_their_values(
    archive: Path, tmp_path: Path
) -> None:
    conn, _ = _staged(archive, tmp_path, "startups")
    types = _types(conn, "staging.startups")
    held = conn.execute(
        "select count(distinct region_id), count(distinct period) from staging.startups"
    ).fetchone()
    assert held is not None and min(held) > 1
    for column in OBSERVATION_ENUM_COLUMNS:
        values = conn.execute(
            f"select count(*) from staging.startups where {column} is not null"
        ).fetchone()
        if values and values[0]:
            assert types[column].startswith("ENUM("), column
    assert (types["value_raw"], types["problem"]) == ("VARCHAR", "VARCHAR")
    # every status a cell can have fits, and the regions are those the labels resolve to
    statuses, regions = conn.execute(
        "select enum_range(status), enum_range(region_id) from staging.startups limit 1"
    ).fetchone() or (None, None)
    assert statuses == sorted(STATUSES)
    held_regions = conn.execute(
        "select distinct region_id::varchar from staging.startups"
    ).fetchall()
    assert regions == sorted(r for (r,) in held_regions)


def test_enum_columns_read_as_text_in_a_union_and_in_comparisons(
    archive: Path, tmp_path: Path
) -> None:
    conn, _ = _staged(archive, tmp_path, "startups")
    union = conn.execute(
        "select typeof(region_id) from (select region_id from staging.startups "
        "union all by name select 'KR-99' as region_id) limit 1"
    ).fetchone()
    assert union == ("VARCHAR",)
    # a text that is no value of the ENUM compares as text: no error, no row
    absent = conn.execute(
        "select count(*) from staging.startups where region_id = ? or period in ('1800', ?)",
        ["KR-99", "x"],
    ).fetchone()
    assert absent == (0,)
    ordered = conn.execute(
        "select period from staging.startups order by period desc limit 1"
    ).fetchone()
    latest = conn.execute("select max(period::varchar) from staging.startups").fetchone()
    assert ordered == latest


def test_a_file_mapping_cells_to_another_domains_indicator_is_held_back(
    archive: Path, tmp_path: Path
) -> None:
    """A startups release whose sidecar maps its cells to `establishments` (a census indicator,
    the same unit): held back, named at its first cell, the rest of the domain staged. Marts
    that read only the census domain are not rebuilt for a startups file
    (sti/warehouse/change_detection.py), so its cells may not land there unseen."""
    target = new_startups_release(archive, "startups_foreign.csv")
    side = sidecar_path(target)
    side.write_text(
        side.read_text("utf-8").replace("{indicator: startups,", "{indicator: establishments,"),
        "utf-8",
    )
    conn, _ = _staged(archive, tmp_path, "startups")
    staged = stage_domain(conn, "startups", None, "staging.startups")
    problems = staged.held_here[relative_to_raw(target, archive)]
    foreign = [p for p in problems if "belongs to domain 'census'" in p.rule]
    assert [(p.row, p.column, p.value) for p in foreign] == [(2, "DT", "establishments")], problems
    assert "not to 'startups', this file's sidecar domain" in str(foreign[0])
    assert staged.rows > 0 and not staged.unplaced
    held = conn.execute(
        "select count(*) from staging.startups where source_file = ?",
        [relative_to_raw(target, archive)],
    ).fetchone()
    assert held == (0,)
