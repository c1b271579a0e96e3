"""Headless Debian chromium, offline: HTML to PDF, screenshots and the DOM after loading.

Started the way this machine allows (root, no GPU) and with every background connection and name
lookup switched off, so a page can only load what sits beside it on disk.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

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


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print an HTML file to PDF (A4 from the page's own @page rule, no header or footer)."""
    _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.resolve().as_uri()])
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no PDF for {html}")
    return pdf


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 1600) -> Path:
    _run([f"--screenshot={png}", f"--window-size={width},{height}", html.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot for {html}")
    return png


def dump_dom(html: Path) -> str:
    """The DOM chromium built after loading the page (scripts run), as HTML text."""
    return _run(["--dump-dom", html.resolve().as_uri()]).stdout
