"""Peak resident memory of a run: this process and the Python processes it starts.

`ru_maxrss` counts one process. A run validates its GX suites in a child Python process
(sti/quality/gx_process.py), so its memory is the sum over its Python processes at each moment, the
libraries they share counted once (`run_resident_mb`): sampled every SAMPLE_SECONDS from /proc
(Linux), and reported as the larger of that sampled sum and this process's own exact peak.
Chromium, which prints the PDF reports, is a separate program and is not counted (it never was).
"""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path
from types import TracebackType

SAMPLE_SECONDS = 0.02
_KIB_PER_MB = 1024


def own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / _KIB_PER_MB  # KiB on Linux


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found += [int(child) for child in text.split()]
    except OSError:  # the process (or a thread) has just ended
        pass
    return found


def python_processes(pid: int) -> list[int]:
    """`pid` and its descendants that run Python (not chromium and its helpers)."""
    found = [pid]
    for child in _children(pid):
        found += [p for p in python_processes(child) if _is_python(p)]
    return found


def _is_python(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().startswith("python")
    except OSError:
        return False


def resident_mb(pid: int) -> float:
    return sum(_status_kib(pid).values()) / _KIB_PER_MB


def run_resident_mb(pids: list[int]) -> float:
    """The processes' resident memory with the pages they share counted once: each one's own
    (anonymous and shared-memory) pages, plus the file-backed pages of the one that maps most.
    The run and the GX process map the same libraries (numpy, pandas, pyarrow, duckdb), which a
    sum of their resident sizes counts twice; this comes within 2 % of the PSS sum (448 vs 453
    MB, 2026-11-24) and reads /proc/<pid>/status (0.06 ms) where PSS (smaps_rollup) takes 27 ms
    on a 1.5 GB process and slowed the measured run itself."""
    parts = [_status_kib(pid) for pid in pids]
    own = sum(p.get("RssAnon:", 0) + p.get("RssShmem:", 0) for p in parts)
    files = max((p.get("RssFile:", 0) for p in parts), default=0)
    return (own + files) / _KIB_PER_MB


def _status_kib(pid: int) -> dict[str, int]:
    fields = ("RssAnon:", "RssFile:", "RssShmem:")
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # the process has just ended
        return {}
    return {line.split()[0]: int(line.split()[1]) for line in lines if line.startswith(fields)}


class RunMemory:
    """`with RunMemory() as memory: ...`, then `memory.peak_mb()`."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="run-memory", daemon=True)
        self._sampled_peak = 0.0

    def __enter__(self) -> RunMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.wait(SAMPLE_SECONDS):
            total = run_resident_mb(python_processes(me))
            self._sampled_peak = max(self._sampled_peak, total)

    def sampled_peak_mb(self) -> float:
        """The largest sum over the Python processes seen in one sample."""
        return self._sampled_peak

    def peak_mb(self) -> float:
        return max(self._sampled_peak, own_peak_mb())
