"""Shared fixtures. Tests never touch data/marts/: the warehouse path points into a temp dir."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.jobs import EVERYTHING_JOB
from sti.paths import RAW_DIR, WAREHOUSE_ENV_VAR
from sti.resources import RawArchiveResource, WarehouseResource


@pytest.fixture(autouse=True)
def _isolated_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(tmp_path / "env-warehouse.duckdb"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("KOSIS_API_KEY", raising=False)  # no test reaches the real KOSIS


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A private copy of the shipped raw archive, safe to break."""
    root = tmp_path / "raw"
    shutil.copytree(RAW_DIR, root)
    return root


class Pipeline:
    """Runs the whole job against a given archive and warehouse path, as `sti run` does."""

    def __init__(self, archive: Path, warehouse: Path):
        self.archive, self.warehouse = archive, warehouse

    def run(self) -> dg.ExecuteInProcessResult:
        job = defs.resolve_job_def(EVERYTHING_JOB)
        return job.execute_in_process(
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            resources={
                "warehouse": WarehouseResource(database=str(self.warehouse)),
                "archive": RawArchiveResource(root=str(self.archive)),
            },
        )


@pytest.fixture
def pipeline(archive: Path, tmp_path: Path) -> Iterator[Pipeline]:
    yield Pipeline(archive, tmp_path / "marts" / "warehouse.duckdb")


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """One successful run on the shipped archive, shared by the tests that only read from it."""
    root = tmp_path_factory.mktemp("baseline")
    shared = Pipeline(RAW_DIR, root / "warehouse.duckdb")
    assert shared.run().success
    return shared
