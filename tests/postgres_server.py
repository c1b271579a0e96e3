"""A real PostgreSQL server (Debian's `postgresql`) in a temporary directory, on 127.0.0.1 and a
free port, for the tests of Dagster's PostgreSQL storage. PostgreSQL refuses to run as root, so
as root the server runs as the `postgres` user the Debian package creates."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.service_units import free_port

SERVER_USER = "postgres"
DATABASE = "dagster"


def server_bin() -> Path | None:
    """The newest installed server's bin directory (None when the package is missing)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


class Server:
    def __init__(self, bin_dir: Path, port: int):
        self.bin_dir, self.port = bin_dir, port

    def new_database(self) -> str:
        """A fresh empty database; its URL (user `sti`, trust auth on loopback only)."""
        name = f"{DATABASE}_{uuid.uuid4().hex[:8]}"
        createdb = [str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)]
        subprocess.run(
            [*createdb, "-U", "sti", name],
            check=True,
            capture_output=True,
        )
        return f"postgresql://sti@127.0.0.1:{self.port}/{name}"


@contextmanager
def postgres_server() -> Iterator[Server]:
    """Start a fresh cluster; stop it and remove its files afterwards."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server not installed: run scripts/bootstrap-system")
    root = Path(tempfile.mkdtemp(prefix="sti-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER)
    data, port = root / "data", free_port()
    run = lambda *cmd: subprocess.run(  # noqa: E731
        _as_server_user([str(c) for c in cmd]), check=True, capture_output=True, text=True
    )
    run(bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "sti", "-E", "UTF8", "--no-locale")
    options = f"-h 127.0.0.1 -p {port} -k {root}"
    run(bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", root / "server.log", "-w", "start")
    try:
        yield Server(bin_dir, port)
    finally:
        run(bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
