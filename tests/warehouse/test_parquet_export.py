"""exports/parquet: every published table as Parquet, with the warehouse's descriptions."""

import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sti.db.sql_door import connect_read_only
from sti.warehouse import parquet_export
from sti.warehouse.table_docs import published_columns
from tests.conftest import Pipeline


@pytest.fixture(scope="module")
def folder(baseline: Pipeline) -> Path:
    return baseline.warehouse.parent / "parquet"


def test_one_file_per_published_table_with_the_same_rows(baseline: Pipeline, folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "select table_schema || '.' || table_name from information_schema.tables"
                " where table_schema in ('marts', 'checks', 'meta')"
            ).fetchall()
        }
        assert {t["table"] for t in manifest["tables"]} == tables
        for entry in manifest["tables"]:
            path = folder / entry["file"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
            count = conn.execute(f"select count(*) from {entry['table']}").fetchone()
            assert (
                count is not None and pq.read_metadata(path).num_rows == count[0] == entry["rows"]
            )
    assert manifest["release"]["sha256"]


def test_descriptions_travel_as_key_value_metadata(folder: Path) -> None:
    schema = pq.read_schema(folder / "marts.region_comparison.parquet")
    assert schema.metadata[b"grain"].decode().startswith("one indicator, 시도")
    described = schema.field("rank_among_sido").metadata[b"description"].decode()
    assert described.startswith("17개 시도 중 순위")


def test_polars_reads_it_lazily_like_the_readme_says(folder: Path) -> None:
    frame = (
        pl.scan_parquet(folder / "marts.kpi_progress.parquet")
        .filter(pl.col("kpi_id") == "tech_establishments", pl.col("year") == 2023)
        .select("actual", "status")
        .collect()
    )
    assert frame.rows() == [(41206.0, "improving")]


def test_the_file_holds_the_table_its_descriptions_and_its_types(
    baseline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "kpi_progress.parquet"
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        rows, columns = parquet_export.write_described_parquet(conn, "marts.kpi_progress", path)
        stored = conn.execute("select * from marts.kpi_progress").pl()
    assert (rows, columns) == stored.shape
    assert pl.read_parquet(path).equals(stored)
    assert pq.read_schema(path).metadata[b"table"] == b"marts.kpi_progress"


def test_a_table_s_digest_is_its_file_s(baseline: Pipeline, tmp_path: Path) -> None:
    """Before writing, the export digests a large table's rows; after writing, a small table's
    file: both must agree, or an unchanged table would be written again every night (and a
    large one compared with a small one's digest). DuckDB writes an enum as text and would
    write a HUGEINT as DOUBLE: the export writes and digests both as Arrow readers see them."""
    types = set()
    with duckdb.connect(str(baseline.warehouse), read_only=True) as conn:
        for table in published_columns(conn):
            path = tmp_path / f"{table}.parquet"
            schema = parquet_export.described_schema(conn, table)
            parquet_export.write_described_parquet(conn, table, path, schema)
            before = parquet_export.content_digest(conn, table, schema)
            assert parquet_export.content_digest(conn, table, schema, written=path) == before
            read = pq.read_schema(path)
            for field in schema:
                if not pa.types.is_list(field.type):  # Parquet names a list's item `element`
                    assert read.field(field.name).type == field.type, (table, field.name)
            types |= {t for _, t in published_columns(conn)[table]}
    assert "HUGEINT" in types and any(t.startswith("ENUM(") for t in types)


def test_a_table_is_written_in_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB streams the rows into groups of ROW_GROUP_ROWS (3.8 GB for a 10M-row table held
    as one Arrow table); it rounds the size up to its 2,048-row vectors."""
    monkeypatch.setattr(parquet_export, "ROW_GROUP_ROWS", 4096)
    path = tmp_path / "values.parquet"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("create schema marts")
        conn.execute("create table marts.indicator_values as select * from range(10000) r(i)")
        rows, _ = parquet_export.write_described_parquet(conn, "marts.indicator_values", path)
    metadata = pq.read_metadata(path)
    assert rows == metadata.num_rows == 10000
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [4096, 4096, 1808]


def test_the_export_connection_writes_in_its_folder_only(
    baseline: Pipeline, tmp_path: Path
) -> None:
    folder = parquet_export.building_folder(tmp_path / "parquet")
    folder.mkdir()
    with connect_read_only(baseline.warehouse, writes_to=folder) as conn:
        conn.execute(
            "copy (select 1 as a) to $path (format parquet)", {"path": str(folder / "a.parquet")}
        )
        with pytest.raises(duckdb.PermissionException):
            conn.execute(
                "copy (select 1 as a) to $path (format parquet)",
                {"path": str(tmp_path / "b.parquet")},
            )
        with pytest.raises(duckdb.InvalidInputException):
            conn.execute("set enable_external_access = true")
    assert (folder / "a.parquet").is_file() and not (tmp_path / "b.parquet").exists()


def test_the_export_empties_duckdb_s_cache_after_each_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory holds one table's blocks, not every table's: after each file the connection lets
    go of its cache and has its own memory limit again."""
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema marts")
        for table in ("indicator_values", "region_comparison"):
            conn.execute(
                f"create table marts.{table} as "
                "select i, md5(i::varchar) as h from range(3000000) as r(i)"
            )
    held: list[int] = []
    describe = parquet_export.described_schema

    def describe_after_measuring(conn: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
        row = conn.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()
        held.append(row[0] if row else 0)
        return describe(conn, table)

    # the first thing the export does with a table is to describe it; then it reads it whole
    monkeypatch.setattr(parquet_export, "described_schema", describe_after_measuring)
    with duckdb.connect(str(warehouse), read_only=True, config={"memory_limit": "700MB"}) as conn:
        manifest = parquet_export.export_parquet(conn, tmp_path / "parquet", {}, "700MB")
        after = conn.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()
        limit = conn.execute("select current_setting('memory_limit')").fetchone()
    assert [t["rows"] for t in manifest["tables"]] == [3_000_000, 3_000_000]
    assert after is not None and after[0] <= 16 * 2**20  # EVICTION_MEMORY_LIMIT
    assert held[1] <= 16 * 2**20  # the first table's blocks were gone before the second
    assert limit == ("667.5 MiB",)


def _inode(path: Path) -> int:
    return path.stat().st_ino


@pytest.mark.parametrize("digest_first", [True, False], ids=["digested-first", "written-first"])
def test_a_table_unchanged_since_the_last_export_keeps_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, digest_first: bool
) -> None:
    """A night that changes one table writes that table's file; the others are linked from
    the last export (checked against its sha256); a file changed by hand is written again.
    Tables larger than DIGEST_FIRST_ROWS are digested first and an unchanged one never written;
    smaller ones are written, digested from their file, and the old file kept if it matches."""
    monkeypatch.setattr(parquet_export, "DIGEST_FIRST_ROWS", 999 if digest_first else 1000)
    writes: list[str] = []
    write = parquet_export.write_described_parquet

    def counted_write(conn: duckdb.DuckDBPyConnection, table: str, *args: Any) -> Any:
        writes.append(table)
        return write(conn, table, *args)

    monkeypatch.setattr(parquet_export, "write_described_parquet", counted_write)
    out = tmp_path / "parquet"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("create schema marts")
        for table in ("indicator_values", "region_comparison"):
            conn.execute(
                f"create table marts.{table} as "
                "select i, md5(i::varchar) as h from range(1000) as r(i)"
            )

        def export() -> dict:
            return parquet_export.export_parquet(conn, out, {}, "700MB")

        first = export()
        assert first["written"] == ["marts.indicator_values", "marts.region_comparison"]
        inodes = {p.name: _inode(p) for p in out.glob("*.parquet")}
        writes.clear()
        second = export()
        assert (second["written"], second["kept"]) == ([], first["written"])
        assert writes == ([] if digest_first else first["written"])
        assert {p.name: _inode(p) for p in out.glob("*.parquet")} == inodes
        assert [t["sha256"] for t in second["tables"]] == [t["sha256"] for t in first["tables"]]

        conn.execute("update marts.region_comparison set h = 'revised' where i = 7")
        third = export()
        assert (third["written"], third["kept"]) == (
            ["marts.region_comparison"],
            ["marts.indicator_values"],
        )
        stored = pl.read_parquet(out / "marts.region_comparison.parquet")
        assert stored.filter(pl.col("i") == 7)["h"].to_list() == ["revised"]

        kept = out / "marts.indicator_values.parquet"
        kept.write_bytes(kept.read_bytes() + b"tampered")
        assert export()["written"] == ["marts.indicator_values"]
        assert pl.read_parquet(kept).height == 1000


def test_the_rows_counted_are_offered_only_for_the_release_exported(tmp_path: Path) -> None:
    """The data dictionary takes its row counts from the export of its own release, never from
    an export of another (an older night's folder, or a release restored since)."""
    out = tmp_path / "parquet"
    release = {"name": "warehouse-1.duckdb", "sha256": "ab" * 32}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        conn.execute("create schema marts")
        conn.execute("create table marts.indicator_values as select * from range(1234) r(i)")
        parquet_export.export_parquet(conn, out, release, "700MB")
    assert parquet_export.exported_rows(out, release) == {"marts.indicator_values": 1234}
    assert parquet_export.exported_rows(out, {**release, "name": "warehouse-2.duckdb"}) == {}
    assert parquet_export.exported_rows(out, {**release, "sha256": "cd" * 32}) == {}
    assert parquet_export.exported_rows(out, {"name": None, "sha256": None}) == {}
    assert parquet_export.exported_rows(tmp_path / "none", release) == {}
    # an export of no release (nothing published) vouches for no release's counts
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        unnamed = {"name": None, "sha256": None}
        parquet_export.export_parquet(conn, out, unnamed, "700MB")
    assert parquet_export.exported_rows(out, unnamed) == {}
