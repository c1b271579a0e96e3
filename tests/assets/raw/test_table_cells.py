"""raw.table_cells: a build copies the cells of unchanged files from the release it replaces and
reads only new or changed ones, with the same table as a full read."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from assets.raw import table_cells
from assets.raw.source_files import register
from assets.raw.table_cells import build_cells, file_cells, readable_files
from sti.errors import InputError, InputProblem
from sti.ingest import reused_cells
from sti.ingest.cell_storage import VIEW_COLUMNS
from sti.ingest.provenance import discover, file_sha256, sidecar_path
from tests.archive_edits import GRDP, new_release


def _files(root: Path) -> pl.DataFrame:
    return register(discover(root)).sort("raw_file")


def _build(
    database: Path, root: Path, previous: Path | None, batch_rows: int = 1_000_000
) -> dict[str, int]:
    with duckdb.connect(str(database)) as conn:
        return build_cells(conn, _files(root), root, previous, batch_rows)


def _cells(database: Path) -> pl.DataFrame:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.sql("select * from raw.table_cells").pl()


def _full_read(root: Path) -> pl.DataFrame:
    frames = [file_cells(root, row) for row in readable_files(_files(root)).iter_rows(named=True)]
    return pl.concat([pl.DataFrame(schema=VIEW_COLUMNS), *frames])


def test_a_second_build_copies_every_unchanged_file_and_equals_a_full_read(
    archive: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    assert _build(first, archive, None)["files reused"] == 0
    counts = _build(second, archive, first)
    readable = readable_files(_files(archive)).height
    assert counts == {"files read": 0, "files reused": readable, "files unread": 0}
    assert _cells(second).equals(_full_read(archive)), "same rows in the same order"


@pytest.mark.parametrize("batch_rows", [1, 500, 1_000_000])
def test_files_read_are_written_in_batches_in_the_archive_order(
    archive: Path, tmp_path: Path, batch_rows: int
) -> None:
    database = tmp_path / "first.duckdb"
    _build(database, archive, None, batch_rows)
    assert _cells(database).equals(_full_read(archive))


def test_a_new_file_is_read_and_the_others_copied(archive: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    _build(first, archive, None)
    new_release(archive, "grdp_DT_1C91_total_all_regions_2014-2024_rev.csv")
    counts = _build(second, archive, first)
    readable = readable_files(_files(archive)).height
    assert counts == {"files read": 1, "files reused": readable - 1, "files unread": 0}
    assert _cells(second).equals(_full_read(archive))


def _slow_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each batch written 0.2 s late, on the writer thread; returns the batches' sizes."""
    written: list[int] = []
    write = table_cells._write_batch

    def slow(conn: duckdb.DuckDBPyConnection, files: list) -> None:
        time.sleep(0.2)
        write(conn, files)
        written.append(len(files))

    monkeypatch.setattr(table_cells, "_write_batch", slow)
    return written


def test_a_file_copied_after_files_read_lands_after_them_however_slow_the_write(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    _build(first, archive, None)
    path = archive / GRDP  # read again; the files after it in the archive are copied
    old_sha = file_sha256(path)
    path.write_text(path.read_text("utf-8").replace(",1640110498,", ",1640110499,", 1), "utf-8")
    sidecar = sidecar_path(path)
    sidecar.write_text(sidecar.read_text("utf-8").replace(old_sha, file_sha256(path)), "utf-8")
    written = _slow_writes(monkeypatch)
    assert _build(second, archive, first)["files read"] == 1
    assert written == [1]
    assert _cells(second).equals(_full_read(archive))


def test_every_batch_is_written_before_the_build_returns(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _slow_writes(monkeypatch)
    database = tmp_path / "first.duckdb"
    _build(database, archive, None, batch_rows=1)
    assert written and sum(written) == readable_files(_files(archive)).height
    assert _cells(database).equals(_full_read(archive))


@pytest.mark.parametrize("failing_batch", ["third", "last"])
def test_a_failed_write_fails_the_build(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_batch: str
) -> None:
    calls: list[int] = []
    write = table_cells._write_batch
    fails = 3 if failing_batch == "third" else readable_files(_files(archive)).height

    def failing(conn: duckdb.DuckDBPyConnection, files: list) -> None:
        calls.append(len(files))
        if len(calls) == fails:
            raise duckdb.IOException("disk full (test)")
        write(conn, files)

    monkeypatch.setattr(table_cells, "_write_batch", failing)
    with pytest.raises(duckdb.IOException, match="disk full"):
        _build(tmp_path / "first.duckdb", archive, None, batch_rows=1)


def test_a_file_that_cannot_be_read_stops_the_build_with_no_write_left_running(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_writes(monkeypatch)
    read = table_cells._read
    count: list[int] = []

    def third_fails(root: Path, row: dict) -> object:
        count.append(1)
        if len(count) == 3:
            raise InputError(InputProblem(row["raw_file"], "unreadable (test)"))
        return read(root, row)

    monkeypatch.setattr(table_cells, "_read", third_fails)
    with pytest.raises(InputError, match="unreadable"):
        _build(tmp_path / "first.duckdb", archive, None, batch_rows=1)
    assert not [t for t in threading.enumerate() if t.name.startswith("cells")]


def test_the_key_holds_the_reader_code_form_and_mapping() -> None:
    key = reused_cells.reader_key("kosis_api", '{"a": 1, "b": [2]}')
    assert key == reused_cells.reader_key("kosis_api", '{"b": [2], "a": 1}'), "order is no change"
    assert key != reused_cells.reader_key("kosis_api", '{"a": 1, "b": [3]}')
    assert key != reused_cells.reader_key("kosis_web", '{"a": 1, "b": [2]}')


def test_changed_reader_code_reads_every_file_again(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    _build(first, archive, None)
    monkeypatch.setattr(reused_cells, "reader_code_version", lambda: "another reader")
    assert _build(second, archive, first)["files reused"] == 0


def test_a_release_without_the_per_file_record_is_not_reused(archive: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    _build(first, archive, None)
    with duckdb.connect(str(first)) as conn:
        conn.execute(f"drop table {reused_cells.FILES_TABLE}")
    assert _build(second, archive, first)["files reused"] == 0


def test_a_file_corrected_in_place_is_read_again(archive: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    _build(first, archive, None)
    path = archive / GRDP
    old_sha = file_sha256(path)
    path.write_text(path.read_text("utf-8").replace(",1640110498,", ",1640110499,", 1), "utf-8")
    sidecar = sidecar_path(path)
    sidecar.write_text(sidecar.read_text("utf-8").replace(old_sha, file_sha256(path)), "utf-8")
    assert _build(second, archive, first)["files read"] == 1
    cells = _cells(second)
    assert cells.equals(_full_read(archive))
    assert "1640110499" in cells.filter(pl.col("source_file") == GRDP)["value_raw"].to_list()


def test_microdata_cells_are_read_again_when_the_industry_reference_changes(
    archive: Path, tmp_path: Path
) -> None:
    """A microdata file's cells are rolled up with reference/industries.csv: a changed division
    range must not leave the previous roll-up in place."""
    from bench.census_microdata import generate

    generate(archive, 1, 300)
    first, second, third = (tmp_path / f"{n}.duckdb" for n in ("first", "second", "third"))
    _build(first, archive, None)
    assert _build(second, archive, first)["files read"] == 0
    industries = archive / "reference" / "industries.csv"
    industries.write_text(industries.read_text("utf-8") + "\n", "utf-8")
    side = sidecar_path(industries)
    side.write_text(
        side.read_text("utf-8").replace(
            next(
                line for line in side.read_text("utf-8").splitlines() if line.startswith("sha256")
            ),
            f"sha256: {file_sha256(industries)}",
        ),
        "utf-8",
    )
    assert _build(third, archive, second)["files read"] == 1, "only the microdata file"


def test_a_warehouse_holding_table_cells_as_a_table_gets_the_view(
    archive: Path, tmp_path: Path
) -> None:
    """A partial run builds on a copy of a release made before the cells were split into
    stored tables: its raw.table_cells table gives way to the view."""
    database = tmp_path / "old.duckdb"
    with duckdb.connect(str(database)) as conn:
        conn.execute("create schema raw; create table raw.table_cells (source_file varchar)")
    _build(database, archive, None)
    assert _cells(database).equals(_full_read(archive))
    with duckdb.connect(str(database), read_only=True) as conn:
        kind = conn.execute(
            "select table_type from information_schema.tables where table_name = 'table_cells'"
        ).fetchall()
        label_sets = conn.execute(
            "select count(*) = count(distinct (source_file, labels)) from raw.table_cell_label_sets"
        ).fetchone()
    assert kind == [("VIEW",)]
    assert label_sets == (True,), "each label set of a file is stored once"


def test_each_file_and_column_text_is_stored_once(archive: Path, tmp_path: Path) -> None:
    """Cells hold numbers for their file and column; the texts are in the files and columns
    tables, one row per file and per distinct (column header, period header) of a file."""
    database = tmp_path / "first.duckdb"
    _build(database, archive, None)
    full = _full_read(archive)
    with duckdb.connect(str(database), read_only=True) as conn:
        value_types = conn.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_name = 'table_cell_values' order by ordinal_position"
        ).fetchall()
        columns = conn.sql(
            "select fil.source_file, col.source_column, col.period_label "
            "from raw.table_cell_columns as col "
            "inner join raw.table_cell_files as fil on fil.file_id = col.file_id"
        ).pl()
        file_ids = conn.sql("select file_id from raw.table_cell_files order by rowid").pl()
    assert value_types == [("file_id", "INTEGER"), ("source_row", "BIGINT"),
                           ("column_id", "INTEGER"), ("label_set", "INTEGER"),
                           ("value_raw", "VARCHAR")]  # fmt: skip
    distinct = full.select("source_file", "source_column", "period_label").unique()
    assert columns.height == distinct.height
    assert columns.sort(pl.all()).equals(distinct.sort(pl.all()))
    assert file_ids["file_id"].to_list() == list(
        range(1, readable_files(_files(archive)).height + 1)
    )


def test_the_row_count_check_counts_cells_per_file_and_period_header(
    archive: Path, tmp_path: Path
) -> None:
    """Columns that share a period header (one per item of a two-header KOSIS table) are
    counted together, as the expectations are per period."""
    from sti.db.sql_files import load_sql

    database = tmp_path / "first.duckdb"
    _build(database, archive, None)
    with duckdb.connect(str(database), read_only=True) as conn:
        counted = conn.sql(load_sql("checks", "cells_per_period")).pl()
    expected = _full_read(archive).group_by("source_file", "period_label").len("n")
    order = ["source_file", "period_label"]
    assert counted.sort(order).equals(expected.sort(order).cast({"n": pl.Int64}))


def test_columns_sharing_a_period_header_are_counted_together(tmp_path: Path) -> None:
    from sti.db.sql_files import load_sql
    from sti.ingest.cell_storage import create_tables

    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        create_tables(conn)
        conn.execute(
            "insert into raw.table_cell_files values (1, 'a.csv', 's', 'k', 'src', 'utf-8')"
        )
        conn.execute(
            "insert into raw.table_cell_columns values "
            "(1, 1, '계 (명)', '2023'), (1, 2, '비율 (%)', '2023'), (1, 3, '계 (명)', '2024')"
        )
        conn.execute(
            "insert into raw.table_cell_values values "
            "(1, 2, 1, 1, '5'), (1, 3, 1, 2, '6'), (1, 2, 2, 1, '7'), (1, 2, 3, 1, '8')"
        )
        counted = conn.sql(load_sql("checks", "cells_per_period") + " order by all").fetchall()
    assert counted == [("a.csv", "2023", 3), ("a.csv", "2024", 1)]


def test_staging_reads_the_cells_of_its_files_only_in_their_order(
    archive: Path, tmp_path: Path
) -> None:
    """The cells staging interprets (sql/staging/observation_cells.sql): those of the files
    asked for, with their texts, in the archive's order."""
    from sti.db.sql_files import load_sql

    database = tmp_path / "first.duckdb"
    _build(database, archive, None)
    files = _files(archive)
    wanted = files.filter(pl.col("domain") == "grdp").select("raw_file")
    with duckdb.connect(str(database), read_only=True) as conn:
        conn.register("_stage_files", wanted)
        conn.execute(
            "create temp view _stage_columns as " + load_sql("staging", "observation_columns")
        )
        cells = conn.sql(load_sql("staging", "observation_cells") + " order by cell_order").pl()
    full = _full_read(archive).filter(pl.col("source_file").is_in(wanted["raw_file"].to_list()))
    assert wanted.height > 1 and cells["source_file"].n_unique() == wanted.height
    shown = ["source_file", "source_row", "source_column", "period_label", "value_raw"]
    assert cells.select(shown).equals(full.select(shown))
