"""Headless Debian chromium, offline: HTML to PDF, screenshots and the DOM after loading.

Started the way this machine allows (root, no GPU) and with every background connection and name
lookup switched off, so a page can only load what sits beside it on disk.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM_PACKAGE = "chromium"  # Debian package; scripts/bootstrap-system installs it
CHROMIUM_TIMEOUT_SECONDS = 120
OFFLINE_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--hide-scrollbars",
)


class BrowserMissingError(RuntimeError):
    pass


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissingError(
        f"no chromium on PATH: install the Debian package `{CHROMIUM_PACKAGE}` "
        "(scripts/bootstrap-system does it; `make run` and `make test` call that script)"
    )


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="sti-chromium-") as profile:
        command = [chromium_binary(), *OFFLINE_FLAGS, f"--user-data-dir={profile}", *args]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS, check=False
        )
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done


# A4 from the page's own @page rule, no header or footer: what `--print-to-pdf` with
# `--no-pdf-header-footer` prints (the same bytes but for the creation date, compared 2026-11-24)
PDF_OPTIONS = {"preferCSSPageSize": True, "displayHeaderFooter": False, "printBackground": True}
# bash, not sh: dash cannot name descriptors above 9 in a redirection
PIPE_LAUNCHER = 'exec "$@" 3<&{read} 4>&{write} {read}<&- {write}>&-'
FIRST_FREE_FD = 10  # the launcher moves the pipe ends to 3 and 4; ours sit above them


class Browser:
    """One chromium for many pages, driven over its DevTools pipe (`--remote-debugging-pipe`:
    JSON messages ending in NUL, read from descriptor 3 and written to 4). Starting chromium
    costs about 0.7 s of a 1.4 s `--print-to-pdf`; a package set prints three PDFs.
    Use from one thread at a time."""

    def __init__(self, timeout: float = CHROMIUM_TIMEOUT_SECONDS) -> None:
        binary = chromium_binary()  # before anything is opened: a missing browser leaks nothing
        self._timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="sti-chromium-")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (open until close())
        to_read, self._to_write = (_high_fd(fd) for fd in os.pipe())
        self._from_read, from_write = (_high_fd(fd) for fd in os.pipe())
        args = [binary, *OFFLINE_FLAGS, f"--user-data-dir={self._profile.name}"]
        launcher = PIPE_LAUNCHER.format(read=to_read, write=from_write)
        try:
            self._process = subprocess.Popen(
                ["bash", "-c", launcher, "bash", *args, "--remote-debugging-pipe"],
                pass_fds=(to_read, from_write), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=self._stderr,
            )  # fmt: skip
        except OSError:
            self._close_files()
            raise
        finally:
            os.close(to_read)
            os.close(from_write)
        self._buffer = b""
        self._last_id = 0

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def print_pdf(self, html: Path, pdf: Path) -> Path:
        """Print an HTML file to PDF once the page and its images have loaded."""
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
        session_id = session["sessionId"]
        self._call("Page.enable", session=session_id)
        self._call(
            "Page.navigate", {"url": html.resolve().as_uri()}, session_id, "Page.loadEventFired"
        )
        printed = self._call("Page.printToPDF", PDF_OPTIONS, session_id)
        self._call("Target.closeTarget", {"targetId": target})
        pdf.write_bytes(stable_node_ids(base64.b64decode(printed["data"])))
        if pdf.stat().st_size == 0:
            raise RuntimeError(f"chromium wrote no PDF for {html}")
        return pdf

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._call("Browser.close")
                self._process.wait(timeout=self._timeout)
            except (RuntimeError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._close_files()

    def _close_files(self) -> None:
        for fd in (self._to_write, self._from_read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._stderr.close()
        self._profile.cleanup()

    def _call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        until_event: str | None = None,
    ) -> dict[str, Any]:
        """Send one command and return its result, after `until_event` of the same session
        when one is named (a page's load event may come before or after the reply)."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._write(json.dumps(message).encode() + b"\0")
        result: dict[str, Any] | None = None
        waiting = until_event is not None
        deadline = time.monotonic() + self._timeout
        while result is None or waiting:
            reply = self._read(deadline)
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise RuntimeError(f"chromium {method} failed: {reply['error']}")
                result = reply["result"]
            elif reply.get("method") == until_event and reply.get("sessionId") == session:
                waiting = False
        return result

    def _write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self._to_write, data) :]
        except BrokenPipeError:
            raise RuntimeError(f"chromium exited: {self._stderr_tail()}") from None

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_read], [], [], left)[0]:
                raise RuntimeError(f"chromium did not answer within {self._timeout} s")
            chunk = os.read(self._from_read, 1 << 20)
            if not chunk:
                raise RuntimeError(f"chromium exited: {self._stderr_tail()}")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)  # type: ignore[no-any-return]

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-2000:].decode(errors="replace")


# the tagged PDF names each table header by chromium's DOM node id, `(node00000267)`: a counter
# of the renderer, so the same page printed twice may number its nodes from another start
NODE_ID = re.compile(rb"\(node(\d+)\)")


def stable_node_ids(pdf: bytes) -> bytes:
    """Renumber the structure tree's node ids by rank, in the same width, so one page always
    prints to the same bytes (packages are compared by checksum). Same length: the cross-reference
    offsets stay valid."""
    rank = {n: i for i, n in enumerate(sorted({int(n) for n in NODE_ID.findall(pdf)}), start=1)}
    return NODE_ID.sub(lambda m: b"(node%0*d)" % (len(m.group(1)), rank[int(m.group(1))]), pdf)


def _high_fd(fd: int) -> int:
    """`fd` moved above the descriptors the launcher assigns, closed on exec unless passed."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, FIRST_FREE_FD)
    os.close(fd)
    return moved


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    _run([f"--screenshot={png}", f"--window-size={width},{height}", html.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot for {html}")
    return png


def dump_dom(html: Path) -> str:
    """The DOM chromium built after loading the page (scripts run), as HTML text."""
    return _run(["--dump-dom", html.resolve().as_uri()]).stdout
