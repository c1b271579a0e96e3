"""Start the rendered systemd units' commands the way systemd would, for the service tests:
the environment file's variables, ExecStartPre then ExecStart with ${VAR} expanded, the
WorkingDirectory, each service its own process group. Every process started carries a marker
variable, so a test can find any process left behind, whatever group or session it moved to."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from sti.operations.service import UNITS, Layout, read_env_file, render_env_file, render_unit

MARKER = "STI_TEST_SERVICE_MARK"
_VAR = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def unit_settings(text: str) -> dict[str, list[str]]:
    """Key -> values of a unit file's [Service] section (keys may repeat)."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def command(line: str, env: dict[str, str]) -> list[str]:
    """An Exec line as systemd runs it: split into words, ${VAR} and $VAR from the environment."""
    return [_VAR.sub(lambda m: env[m.group(1) or m.group(2)], word) for word in shlex.split(line)]


def unit_environment(unit: dict[str, list[str]], mark: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "KOSIS_API_KEY")}
    for line in unit.get("Environment", []):
        key, value = line.split("=", 1)
        env[key] = value
    for path in unit.get("EnvironmentFile", []):
        env.update(read_env_file(Path(path)))
    env[MARKER] = mark
    return env


def start(unit_path: Path, log: Path, mark: str | None = None) -> subprocess.Popen[bytes]:
    """Run the unit's ExecStartPre lines to completion, then start its ExecStart."""
    unit = unit_settings(unit_path.read_text(encoding="utf-8"))
    env = unit_environment(unit, mark or uuid.uuid4().hex)
    cwd = unit["WorkingDirectory"][0]
    Path(cwd).mkdir(parents=True, exist_ok=True)
    for pre in unit.get("ExecStartPre", []):
        subprocess.run(command(pre, env), env=env, cwd=cwd, check=True, capture_output=True)
    [main] = unit["ExecStart"]
    return subprocess.Popen(
        command(main, env),
        env=env,
        cwd=cwd,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def marked_processes(mark: str) -> list[int]:
    """Process ids whose environment carries the marker (children included)."""
    needle = f"{MARKER}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_for(what: str, seconds: float, condition: Callable[[], object]) -> None:
    """Poll `condition` until it is true; fail naming what was awaited."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def render(root: Path, settings: Mapping[str, str] = {}) -> Layout:
    """Units and an environment file as `sti service install` writes them (system units run
    as root), in `root`; `settings` replace values of the environment file."""
    layout = Layout(root / "units", root / "etc" / "sti.env", root / "dagster_home", False, "root")
    layout.unit_dir.mkdir(parents=True)
    for name in UNITS:
        (layout.unit_dir / f"{name}.service").write_text(render_unit(name, layout), "utf-8")
    lines = render_env_file(layout, root / "marts" / "warehouse.duckdb").splitlines()
    for number, line in enumerate(lines):
        key = line.split("=", 1)[0]
        if key in settings and not line.startswith("#"):
            lines[number] = f"{key}={settings[key]}"
    layout.env_file.parent.mkdir(parents=True)
    layout.env_file.write_text("\n".join(lines) + "\n", "utf-8")
    return layout
