"""A run's peak memory counts the Python processes it starts, not chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.process_memory import (
    RunMemory,
    own_peak_mb,
    python_processes,
    resident_mb,
    run_resident_mb,
)

CHILD_MB = 300
# The child holds CHILD_MB of touched memory until its stdin closes.
HOLD = f"b = bytearray({CHILD_MB} * 1024 * 1024); print('ready', flush=True); input()"


def _python_child() -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _stop(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.close()
    child.wait()


def _started(command: list[str]) -> subprocess.Popen[bytes]:
    """`command` once its process runs the program: until exec, a child started from Python is
    still Python (seen on a loaded machine, 2026-12-07)."""
    child = subprocess.Popen(command)
    program = os.path.realpath(f"/bin/{command[0]}")
    deadline = time.monotonic() + EXEC_DEADLINE_SECONDS
    while os.path.realpath(f"/proc/{child.pid}/exe") != program:
        assert time.monotonic() < deadline, f"{command[0]} did not start"
        time.sleep(0.01)
    return child


EXEC_DEADLINE_SECONDS = 10


def test_python_children_are_counted_and_other_programs_are_not() -> None:
    python = _python_child()
    other = _started(["sleep", "30"])
    try:
        found = python_processes(os.getpid())
        assert python.pid in found
        assert other.pid not in found
        assert resident_mb(python.pid) >= CHILD_MB
    finally:
        _stop(python)
        other.kill()
        other.wait()


def test_the_peak_is_the_sum_of_the_processes_at_one_moment() -> None:
    with RunMemory() as memory:
        child = _python_child()
        mine = resident_mb(os.getpid())
        time.sleep(0.3)  # several samples while it holds its memory
        _stop(child)
    assert memory.sampled_peak_mb() >= CHILD_MB + 0.9 * mine
    assert memory.peak_mb() >= own_peak_mb()


def test_pages_of_a_library_both_processes_map_are_counted_once() -> None:
    python = _python_child()
    try:
        me, child = os.getpid(), python.pid
        both = run_resident_mb([me, child])
        assert both < resident_mb(me) + resident_mb(child)  # the interpreter's pages, once
        assert both >= resident_mb(me) + CHILD_MB  # the child's own memory, whole
    finally:
        _stop(python)
