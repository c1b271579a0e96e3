"""Nobody can damage the published warehouse: a killed read-write session, the read-only door,
`sti verify` / `sti restore`, and failures that say why on the terminal."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from sti import cli
from sti.ingest.provenance import file_sha256
from sti.paths import WAREHOUSE_ENV_VAR
from sti.warehouse.releases import ReleaseStore
from tests.conftest import Pipeline

# a table, not a view: the tests delete from it as a careless analyst would
DAEJEON_ROWS = "select count(*) from marts.region_comparison where region_id = 'KR-30'"


def scalar(path: Path, sql: str, read_only: bool = True) -> int:
    with duckdb.connect(str(path), read_only=read_only) as conn:
        row = conn.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def kill_a_writer_that_deleted_daejeon(warehouse: Path) -> None:
    """What an analyst did: open read-write (DuckDB's default), delete, get killed."""
    script = textwrap.dedent(
        f"""
        import duckdb, os, signal
        conn = duckdb.connect({str(warehouse)!r})
        conn.execute("set checkpoint_threshold = '1GB'")
        conn.execute("delete from marts.region_comparison where region_id = 'KR-30'")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9


def test_a_killed_writer_cannot_corrupt_the_next_release(
    baseline: Pipeline, pipeline: Pipeline
) -> None:
    pipeline.start_from(baseline)
    daejeon = scalar(pipeline.warehouse, DAEJEON_ROWS)
    assert daejeon > 100
    first = pipeline.warehouse.resolve()

    kill_a_writer_that_deleted_daejeon(pipeline.warehouse)

    assert Path(str(first) + ".wal").exists()
    assert scalar(pipeline.warehouse, DAEJEON_ROWS) == 0, "the log is live on that release"
    store = ReleaseStore(pipeline.warehouse)
    assert any("write-ahead log" in problem for problem in store.verify())

    assert pipeline.run().success

    assert scalar(pipeline.warehouse, DAEJEON_ROWS) == daejeon
    # no later open, read-write or read-only, of the new or the old release replays the deletion
    assert scalar(pipeline.warehouse, DAEJEON_ROWS, read_only=False) == daejeon
    assert scalar(first, DAEJEON_ROWS, read_only=False) == daejeon
    assert store.verify() == []
    assert list(store.quarantine_dir.iterdir()), "the log is kept, out of the way"


REFUSED = {
    "copy to": "copy (select 42 as a) to '{warehouse}' (format csv)",
    "attach": "attach '{warehouse}.other' as other",
    "install": "install httpfs",
    "load": "load httpfs",
    "export": "export database '{warehouse}.export'",
    "delete": "delete from marts.region_comparison",
    "create": "create table marts.mine as select 1 as a",
    "drop": "drop table marts.region_comparison",
    "re-enable": "set enable_external_access = true",
    "read a file": "select * from read_csv('/etc/passwd')",
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_the_sql_door_refuses_writes_and_external_access(
    name: str, baseline: Pipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    warehouse = baseline.warehouse
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(warehouse))
    before = (file_sha256(warehouse), sorted(os.listdir(warehouse.parent)))

    code = cli.main(["sql", REFUSED[name].format(warehouse=warehouse)])

    assert code == 1
    assert "refused:" in capsys.readouterr().err
    assert (file_sha256(warehouse), sorted(os.listdir(warehouse.parent))) == before


def test_the_sql_door_answers_queries_in_every_format(
    baseline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(baseline.warehouse))
    query = "select region_id, count(*) as n from marts.region_comparison where region_id in ('KR-30', 'KR-11') group by 1 order by 1"
    expected = {"KR-11": None, "KR-30": scalar(baseline.warehouse, DAEJEON_ROWS)}
    assert cli.main(["sql", "--format", "csv", query]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "region_id,n" and lines[2] == f"KR-30,{expected['KR-30']}"
    assert cli.main(["sql", "--format", "json", query]) == 0
    assert f'"n": {expected["KR-30"]}' in capsys.readouterr().out
    out = tmp_path / "r.parquet"
    assert cli.main(["sql", "--format", "parquet", "-o", str(out), query]) == 0
    assert duckdb.sql(f"select n from '{out}' where region_id = 'KR-30'").fetchone() == (
        expected["KR-30"],
    )


def test_verify_and_restore_from_the_command_line(
    baseline: Pipeline,
    pipeline: Pipeline,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(pipeline.warehouse))
    pipeline.start_from(baseline)
    first = pipeline.warehouse.resolve()
    assert pipeline.run().success
    second = pipeline.warehouse.resolve()
    assert cli.main(["verify"]) == 0
    os.chmod(second, 0o644)
    with duckdb.connect(str(second)) as conn:  # someone writes to the published release
        conn.execute("delete from marts.region_comparison where region_id = 'KR-30'")
        conn.execute("checkpoint")
    capsys.readouterr()

    assert cli.main(["verify"]) == 1
    assert "changed after it was published" in capsys.readouterr().err
    assert cli.main(["restore"]) == 0
    assert pipeline.warehouse.resolve() == first
    assert cli.main(["verify"]) == 0
    assert scalar(pipeline.warehouse, DAEJEON_ROWS) > 100


def test_a_failed_set_up_says_why_on_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(warehouse))
    with open(str(warehouse) + ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another run is building
        assert cli.main(["run"]) == 1
    err = capsys.readouterr().err
    assert "was left unchanged" in err
    assert f"set-up failed: another run is building {warehouse}" in err


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        ("1990", "is before the table's first period 2014"),
        ("20x5", "is not a period of DT_1C91 (Y): use YYYY"),
        ("2099", "is in the future"),
        ("202613", "is not a period of DT_1C91"),
    ],
)
def test_fetch_refuses_bad_periods_before_asking_kosis(
    end: str, reason: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("KOSIS_API_KEY", raising=False)  # refused before any client exists
    assert cli.main(["fetch", "DT_1C91", "--end", end]) == 2
    assert reason in capsys.readouterr().err


@pytest.mark.parametrize("table", ["../../../tmp/evil", "DT_1C91/../../x", "/etc/cron.d/x"])
def test_fetch_refuses_a_table_id_that_would_name_a_file_outside_the_archive(
    table: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The table id names the fetched file and its sidecar: only the catalogued ids pass."""
    monkeypatch.delenv("KOSIS_API_KEY", raising=False)
    assert cli.main(["fetch", table, "--end", "2024"]) == 2
    err = capsys.readouterr().err
    assert f"unknown table {table!r}" in err and "Traceback" not in err
