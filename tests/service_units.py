"""Start the rendered systemd units' commands the way systemd would, for the service tests:
the environment file's variables, ExecStartPre then ExecStart with ${VAR} expanded, the
WorkingDirectory, each service its own process group. Every process started carries a marker
variable, so a test can find any process left behind, whatever group or session it moved to."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import uuid
from pathlib import Path

from sti.service import read_env_file

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
