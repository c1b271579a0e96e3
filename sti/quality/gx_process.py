"""Great Expectations in a Python process of its own, beside the run.

Importing GX costs ~2.4 s of CPU (scipy.stats, altair, requests, its data context; stack.md §6)
and a run is one Python thread: imported in the run's process, even on a background thread, it
holds the GIL and the run waits for it (the shipped data's run: 14.9 s with the import, 12.5 s
with no GX at all; measured 2026-11-24). In a process of its own it is imported on the machine's
other core while the run reads its inputs; each suite's mart goes to it as an Arrow table,
pickled over a pipe (sti/quality/mart_suites.py), and the outcome comes back the same way.

The process knows nothing of the suites: it is started with the name of the function that
answers each request (`module:function`, sti/quality/mart_suites.py's `evaluate`), imports it
after GX, and calls it with each (suite name, rows, arguments) it receives. One process per run
process: `start(evaluator)` spawns it when a run that builds a GX-checked mart starts
(pipelines/run_in_process.py), else the first validation does. It ends when its input pipe
closes: `stop()`, the run's process exiting, or that process dying.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import importlib
import os
import pickle
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from typing import IO, Any

from sti.paths import PROJECT_ROOT

# A message: its length (8 bytes, network order), then the pickled object.
_LENGTH = struct.Struct("!Q")
STOP_TIMEOUT_SECONDS = 30


class GxProcessError(RuntimeError):
    """The GX process failed a validation, or exited."""


def send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """The next message; EOFError when the other end has closed the pipe."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    (size,) = _LENGTH.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class GxProcess:
    """A child `python -m sti.quality.gx_process EVALUATOR`, validating one suite at a time
    (thread-safe). `evaluator` names the function that validates: `module:function`."""

    def __init__(self, evaluator: str) -> None:
        self.evaluator = evaluator
        self._lock = threading.Lock()
        self._child = subprocess.Popen(
            [sys.executable, "-m", "sti.quality.gx_process", evaluator],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=PROJECT_ROOT,
        )

    @property
    def pid(self) -> int:
        return self._child.pid

    def alive(self) -> bool:
        return self._child.poll() is None

    def validate(self, suite_name: str, rows: Any, arguments: tuple[Any, ...]) -> Any:
        """What the evaluator answers for suite `suite_name` on `rows` (an Arrow table) with its
        `arguments`: a GxOutcome for sti/quality/mart_suites.py's."""
        assert self._child.stdin is not None and self._child.stdout is not None
        with self._lock:
            try:
                send(self._child.stdin, (suite_name, rows, arguments))
                status, payload = receive(self._child.stdout)
            except (BrokenPipeError, EOFError):
                code = self._child.wait()
                raise GxProcessError(
                    f"the Great Expectations process (pid {self.pid}) exited with code {code} "
                    f"before suite {suite_name} was validated; its error, if any, is on the "
                    "run's stderr above. Run again; a crash on every run is a bug to report."
                ) from None
        if status == "error":
            raise GxProcessError(f"Great Expectations failed on suite {suite_name}:\n{payload}")
        return payload

    def stop(self) -> None:
        """Close its input: it finishes the suite in hand, if any, and exits."""
        if self._child.stdin is not None and not self._child.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self._child.stdin.close()
        try:
            self._child.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()
        if self._child.stdout is not None:
            self._child.stdout.close()


_shared: GxProcess | None = None
_shared_lock = threading.Lock()


def shared(evaluator: str) -> GxProcess:
    """This process's GX process for `evaluator`, started if there is none (or it has exited,
    or serves another evaluator)."""
    global _shared
    with _shared_lock:
        if _shared is not None and (not _shared.alive() or _shared.evaluator != evaluator):
            _shared.stop()
            _shared = None
        if _shared is None:
            _shared = GxProcess(evaluator)
        return _shared


def start(evaluator: str) -> GxProcess:
    """Start the GX process now, so its import overlaps the run's first steps."""
    return shared(evaluator)


def stop() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.stop()
            _shared = None


atexit.register(stop)


def load_evaluator(evaluator: str) -> Callable[[str, Any, tuple[Any, ...]], Any]:
    """The function `module:function` names."""
    module, _, function = evaluator.partition(":")
    found: Callable[[str, Any, tuple[Any, ...]], Any] = getattr(
        importlib.import_module(module), function
    )
    return found


def _serve(
    evaluate: Callable[[str, Any, tuple[Any, ...]], Any], requests: IO[bytes], replies: IO[bytes]
) -> None:
    while True:
        try:
            suite_name, rows, arguments = receive(requests)
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", evaluate(suite_name, rows, arguments))
        except Exception:
            reply = ("error", traceback.format_exc())
        del rows
        send(replies, reply)
        _return_memory()


def _return_memory() -> None:
    """Give what the suite allocated back to the system: the process idles at ~315 MB
    instead of keeping its peak (~400 MB after a 100k-row mart) while the run goes on."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def main(evaluator: str) -> None:
    """The child: GX and the evaluator imported first (the import is the point of starting
    early), then serve. Replies go on a copy of stdout; stdout itself is pointed at stderr, so
    nothing GX prints can corrupt a reply."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    from sti.quality.gx_validation import context

    evaluate = load_evaluator(evaluator)
    context()
    _serve(evaluate, sys.stdin.buffer, replies)


if __name__ == "__main__":
    main(sys.argv[1])
