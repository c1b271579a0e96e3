"""Shared fixtures. Tests never touch data/marts/: the warehouse path points into a temp dir.

`make test` runs the tests on every core (pytest-xdist); `pytest -n0` runs them in one process."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from filelock import FileLock

from pipelines.definitions import defs
from pipelines.jobs import EVERYTHING_JOB
from pipelines.run_in_process import run_config
from sti.paths import RAW_DIR, WAREHOUSE_ENV_VAR


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
    """Runs the job against a given archive and warehouse path, as `sti run` does."""

    def __init__(self, archive: Path, warehouse: Path):
        self.archive, self.warehouse = archive, warehouse

    def run(self, exports: bool = False) -> dg.ExecuteInProcessResult:
        """The job up to and including the publish step, its checks with it; with `exports`,
        the whole job. The exports (Parquet, data dictionary, evaluation drafts: 6 s of a 10 s
        run, 2026-12-07) read only the published release: the shared baseline builds them
        with every asset, and their own tests read them there; a test about ingest, checks or
        publishing need not wait for them again."""
        job = defs.resolve_job_def(EVERYTHING_JOB)
        return job.execute_in_process(
            run_config=run_config(self.warehouse, self.archive, log_level="WARNING"),
            instance=dg.DagsterInstance.ephemeral(),
            raise_on_error=False,
            asset_selection=None if exports else _before_exports(),
        )

    def start_from(self, published: Pipeline) -> Pipeline:
        """Begin with a copy of `published`'s release store (releases, the link, exports) in
        place of a first run that would build the same warehouse from the same archive."""
        shutil.copytree(published.warehouse.parent, self.warehouse.parent, symlinks=True)
        return self


@functools.cache
def _before_exports() -> list[dg.AssetKey]:
    graph = defs.resolve_asset_graph()
    return sorted(
        key for key in graph.get_all_asset_keys() if graph.get(key).group_name != EXPORTS_GROUP
    )


EXPORTS_GROUP = "exports"


@pytest.fixture
def pipeline(archive: Path, tmp_path: Path) -> Iterator[Pipeline]:
    yield Pipeline(archive, tmp_path / "marts" / "warehouse.duckdb")


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Pipeline:
    """One successful run of the whole job on the shipped archive, shared by the tests that
    only read from it: built once per `make test`, by whichever xdist worker asks first while
    the others wait on the lock; every worker then opens the same published release
    read-only."""
    if worker_id == "master":  # not under xdist (`pytest -n0`)
        return _build_baseline(tmp_path_factory.mktemp("baseline") / "marts")
    shared_root = tmp_path_factory.getbasetemp().parent / "baseline"
    built = Path(f"{shared_root}.built")
    with FileLock(f"{shared_root}.lock"):
        if not built.exists():
            shutil.rmtree(shared_root, ignore_errors=True)
            _build_baseline(shared_root)
            built.touch()
    return Pipeline(RAW_DIR, shared_root / "warehouse.duckdb")


def _build_baseline(root: Path) -> Pipeline:
    shared = Pipeline(RAW_DIR, root / "warehouse.duckdb")
    assert shared.run(exports=True).success
    return shared
