"""The environment is the lock: pyproject.toml and uv.lock agree (a changed pin is named), the
installed packages are the locked versions, and releases and packages record the lock's hash."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import tomllib
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest

from sti.paths import PROJECT_ROOT
from sti.warehouse.releases import LOCK_FILE, environment_lock


def _check_lock() -> ModuleType:
    loader = SourceFileLoader("check_lock", str(PROJECT_ROOT / "scripts" / "check-lock"))
    spec = importlib.util.spec_from_loader("check_lock", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", LOCK_FILE):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    return tmp_path


def test_pyproject_and_the_lock_agree() -> None:
    assert _check_lock().disagreements(PROJECT_ROOT) == []


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('"duckdb==1.5.6"', '"duckdb==1.5.7"', "duckdb: pyproject.toml says ==1.5.7"),
        ('"httpx==0.28.1",', '"httpx==0.28.1", "tqdm>=4",', "tqdm: in pyproject.toml"),
        ('    "pytest-xdist==3.8.0",', "", "pytest-xdist: in uv.lock, no longer in pyproject"),
    ],
    ids=["changed pin", "new requirement", "removed requirement"],
)
def test_a_pyproject_change_without_make_lock_is_named(
    tmp_path: Path, old: str, new: str, named: str
) -> None:
    root = _copy(tmp_path)
    text = (root / "pyproject.toml").read_text("utf-8")
    assert old in text
    (root / "pyproject.toml").write_text(text.replace(old, new, 1), "utf-8")
    problems = _check_lock().disagreements(root)
    assert any(named in problem for problem in problems), problems


def test_a_lock_installing_another_version_than_the_pin_is_named(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    lock = (root / LOCK_FILE).read_text("utf-8")
    stale = re.sub(r'(name = "polars"\nversion = )"[^"]+"', r'\1"2.0.0"', lock, count=1)
    assert stale != lock
    (root / LOCK_FILE).write_text(stale, "utf-8")
    assert _check_lock().disagreements(root) == ["polars: pinned ==2.1.0, uv.lock installs 2.0.0"]


def test_every_installed_package_is_the_locked_version() -> None:
    """What `make` installed is exactly the lock (uv sync --locked): no package missing from
    it, none at another version."""
    lock = tomllib.loads((PROJECT_ROOT / LOCK_FILE).read_text("utf-8"))
    locked: dict[str, set[str]] = {}  # a package resolved per Python version has one per fork
    for package in lock["package"]:
        locked.setdefault(_normal(package["name"]), set()).add(package.get("version", ""))
    installed = {
        _normal(dist.metadata["Name"]): dist.version for dist in importlib.metadata.distributions()
    }
    differing = {
        name: (version, sorted(locked.get(name, set())))
        for name, version in installed.items()
        if version not in locked.get(name, set())
    }
    assert differing == {}
    assert len(installed) > 100


def test_the_lock_hash_names_the_environment() -> None:
    digest = environment_lock()
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest)
    import hashlib

    assert digest == "sha256:" + hashlib.sha256((PROJECT_ROOT / LOCK_FILE).read_bytes()).hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_a_release_records_the_lock_and_sti_status_prints_it(tmp_path: Path) -> None:
    import dagster as dg
    import duckdb

    from sti.operations.status import status
    from sti.warehouse.releases import ReleaseStore

    build = tmp_path / "build.duckdb"
    with duckdb.connect(str(build)) as conn:  # the tables `sti status` reads open items from
        conn.execute("create schema checks")
        conn.execute(
            "create table checks.findings (rule_id varchar, region_id varchar, period varchar,"
            " series varchar, rule varchar, severity varchar, published_value double,"
            " recomputed_value double)"
        )
        conn.execute(
            "create table checks.freshness (source_id varchar, source_name varchar,"
            " latest_period_held varchar, latest_period_expected varchar,"
            " expected_release_date date, overdue boolean, latest_period_reported varchar)"
        )
    store = ReleaseStore(tmp_path / "marts" / "warehouse.duckdb")
    store.releases_dir.mkdir(parents=True)
    release = store.publish(build, "run-1", {})
    assert release.environment_lock == environment_lock()
    report = status(dg.DagsterInstance.ephemeral(), store.published, "materialize_everything")
    assert f"environment  uv.lock {environment_lock()}" in report.lines
