"""The service deployment: systemd units for dagster-webserver and dagster-daemon, their
environment file, and the Dagster instance config written from that environment.

`make dev` runs `dagster dev` in someone's terminal; a city office runs the warehouse on a server
instead, started by systemd, looked at from other desks, and stopped cleanly. The units are
rendered from the templates in deploy/ for this checkout's path, so nothing in them is edited by
hand. The environment file is the one place for settings (warehouse path, DAGSTER_HOME, the
PostgreSQL URL, the alert webhook, the KOSIS key); `sti service configure`, run before each
service starts, writes `$DAGSTER_HOME/dagster.yaml` from it: PostgreSQL storage when a URL is
set, the embedded SQLite storage otherwise.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sti.paths import DEFAULT_WAREHOUSE, PROJECT_ROOT

DEPLOY_DIR = PROJECT_ROOT / "deploy"
BASE_INSTANCE_CONFIG = PROJECT_ROOT / "dagster.yaml"
UNITS = ("sti-webserver", "sti-daemon")
ENV_TEMPLATE = DEPLOY_DIR / "sti.env.example"
POSTGRES_URL_ENV = "STI_DAGSTER_POSTGRES_URL"
SYSTEM_UNIT_DIR = Path("/etc/systemd/system")
SYSTEM_ENV_FILE = Path("/etc/sti/sti.env")
SYSTEM_DAGSTER_HOME = Path("/var/lib/sti/dagster")
ENV_FILE_MODE = 0o600
PLACEHOLDER = re.compile(r"@[A-Z_]+@")  # it holds the KOSIS key and the database password


class ServiceError(RuntimeError):
    """The service cannot be installed or controlled; the message says what to do."""


@dataclass(frozen=True)
class Layout:
    """Where one installation puts things. `user_scope`: a user's systemd (no root needed)."""

    unit_dir: Path
    env_file: Path
    dagster_home: Path
    user_scope: bool
    run_as: str | None = None

    @classmethod
    def default(cls, user_scope: bool | None = None) -> Layout:
        """System units when run as root, the user's own units otherwise."""
        if user_scope is None:
            user_scope = os.geteuid() != 0
        if not user_scope:
            return cls(SYSTEM_UNIT_DIR, SYSTEM_ENV_FILE, SYSTEM_DAGSTER_HOME, False)
        home = Path.home()
        return cls(
            home / ".config" / "systemd" / "user",
            home / ".config" / "sti" / "sti.env",
            home / ".local" / "share" / "sti" / "dagster",
            True,
        )


def _fill(template: str, values: Mapping[str, str], name: str) -> str:
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    left = sorted(set(PLACEHOLDER.findall(template)))
    if left:
        raise ServiceError(f"{name}: placeholders left unfilled: {left}")
    return template


def render_unit(name: str, layout: Layout, root: Path = PROJECT_ROOT) -> str:
    """The unit file `name` (sti-webserver or sti-daemon) for this checkout and layout."""
    template = (DEPLOY_DIR / f"{name}.service.in").read_text(encoding="utf-8")
    user_lines = "" if layout.user_scope or not layout.run_as else f"User={layout.run_as}"
    values = {
        "ROOT": str(root),
        "BIN": str(root / ".venv" / "bin"),
        "ENV_FILE": str(layout.env_file),
        "DAGSTER_HOME": str(layout.dagster_home),
        "USER_LINES": user_lines,
        "WANTED_BY": "default.target" if layout.user_scope else "multi-user.target",
    }
    return _fill(template, values, f"deploy/{name}.service.in")


def render_env_file(layout: Layout, warehouse: Path = DEFAULT_WAREHOUSE) -> str:
    template = ENV_TEMPLATE.read_text(encoding="utf-8")
    values = {"DAGSTER_HOME": str(layout.dagster_home), "WAREHOUSE": str(warehouse)}
    return _fill(template, values, "deploy/sti.env.example")


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines of a systemd EnvironmentFile (comments and blank lines skipped)."""
    values = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ServiceError(f"{path}, line {number}: expected KEY=value, got {line!r}")
        values[key.strip()] = value.strip().strip('"')
    return values


def instance_config(postgres: bool, base: Path = BASE_INSTANCE_CONFIG) -> dict[str, Any]:
    """The repository's dagster.yaml, with PostgreSQL storage when `postgres` is true. The URL
    stays in the environment (`env: STI_DAGSTER_POSTGRES_URL`): no password in the file."""
    config: dict[str, Any] = yaml.safe_load(base.read_text(encoding="utf-8"))
    if postgres:
        config["storage"] = {"postgres": {"postgres_url": {"env": POSTGRES_URL_ENV}}}
    return config


def configure(environ: Mapping[str, str] | None = None) -> Path:
    """Write $DAGSTER_HOME/dagster.yaml from the environment (atomically: both services run
    this when they start, possibly at once) and, for SQLite, create the instance's storage;
    return its path."""
    environ = os.environ if environ is None else environ
    home = environ.get("DAGSTER_HOME")
    if not home:
        raise ServiceError("DAGSTER_HOME is not set: set it in the service's environment file")
    home_path = Path(home)
    home_path.mkdir(parents=True, exist_ok=True)
    postgres = bool(environ.get(POSTGRES_URL_ENV, "").strip())
    header = (
        "# Written by `sti service configure` from the repository's dagster.yaml and the\n"
        f"# service's environment ({'PostgreSQL storage' if postgres else 'SQLite storage'}).\n"
        "# Edit dagster.yaml in the repository or the environment file, not this copy.\n"
    )
    body = yaml.safe_dump(instance_config(postgres), sort_keys=False, allow_unicode=True)
    target = home_path / "dagster.yaml"
    tmp = target.with_name(f".dagster.yaml.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(header + body, encoding="utf-8")
    os.replace(tmp, target)
    if not postgres:
        _create_sqlite_storage(home_path)
    return target


def _create_sqlite_storage(home: Path) -> None:
    """Create (or migrate) the SQLite storage before the services start, one process at a time:
    a webserver and a daemon creating a fresh storage at once can both stamp its migration
    table, and the instance then refuses to open ("more than one head present", seen when both
    units started together on a loaded machine)."""
    import dagster as dg

    with (home / ".storage.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with dg.DagsterInstance.from_config(str(home)):
            pass


def install(layout: Layout, root: Path = PROJECT_ROOT) -> list[Path]:
    """Write the units, the environment file (only when missing: it holds secrets) and
    DAGSTER_HOME; then reload systemd and enable the units. Returns the files written."""
    written = []
    layout.unit_dir.mkdir(parents=True, exist_ok=True)
    for name in UNITS:
        path = layout.unit_dir / f"{name}.service"
        path.write_text(render_unit(name, layout, root), encoding="utf-8")
        written.append(path)
    if not layout.env_file.exists():
        layout.env_file.parent.mkdir(parents=True, exist_ok=True)
        layout.env_file.write_text(render_env_file(layout), encoding="utf-8")
        layout.env_file.chmod(ENV_FILE_MODE)
        written.append(layout.env_file)
    layout.dagster_home.mkdir(parents=True, exist_ok=True)
    if layout.run_as and not layout.user_scope and os.geteuid() == 0:
        shutil.chown(layout.dagster_home, layout.run_as)  # the services write their config there
    systemctl(layout, "daemon-reload")
    systemctl(layout, "enable", *(f"{name}.service" for name in UNITS))
    return written


def systemctl(layout: Layout, *args: str) -> subprocess.CompletedProcess[str]:
    """Run systemctl (with --user for a user installation); a failure raises with its output."""
    exe = shutil.which("systemctl")
    if exe is None:
        raise ServiceError("systemctl not found: this machine does not run systemd")
    command = [exe, *(["--user"] if layout.user_scope else []), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 and args[0] != "status":  # status exits 3 for a stopped unit
        output = (done.stderr or done.stdout).strip()
        raise ServiceError(f"`{' '.join(command)}` failed ({done.returncode}): {output}")
    return done


def control(layout: Layout, action: str) -> subprocess.CompletedProcess[str]:
    """start | stop | restart | status of both units."""
    extra = ["--no-pager", "--lines=5"] if action == "status" else []
    return systemctl(layout, action, *extra, *(f"{name}.service" for name in UNITS))
