"""`sti site`: write the progress site, and serve it for a quick look.

The site is built whole in a work folder beside its destination, then compared with what is
there: when every file is the same (the same as-of date and release give the same bytes), the
published site is left untouched and the build says so; otherwise the new folder replaces the
old one in one rename. A folder that is not a site this command wrote is never replaced.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import filecmp
import functools
import hashlib
import http.server
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from sti.db.sql_door import connect_read_only
from sti.paths import PROJECT_ROOT
from sti.reports.code_digest import printing_code
from sti.reports.evaluation.sheets import AS_OF_ITEM
from sti.reports.evaluation.workbook import write_csv, write_workbook
from sti.reports.site.content import SiteData, read_site
from sti.reports.site.html_parts import CSS_PATH, ICON, ICON_PATH, STYLE
from sti.reports.site.pages import (
    download_path,
    kpi_download,
    package_file_path,
    render_pages,
)

SITE_RECORD = "site.json"  # what the site was built from; marks a folder as ours
SITE_CODE = Path(__file__).parent
SITE_SQL = PROJECT_ROOT / "sql" / "extracts" / "site_kpi_chart.sql"
LOCAL_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class SiteError(ValueError):
    pass


@dataclasses.dataclass(frozen=True)
class SiteBuild:
    folder: Path
    changed: bool
    pages: int
    files: int
    home_bytes: int


def _write(root: Path, relative: str, content: str | bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


def _place(source: Path, target: Path) -> None:
    """A package file in the site: a hard link where the file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write_site(data: SiteData, work: Path, fingerprint: str) -> int:
    pages = render_pages(data)
    for relative, html in pages.items():
        _write(work, relative, html)
    _write(work, CSS_PATH, STYLE)
    _write(work, ICON_PATH, ICON)
    created = dt.datetime.combine(data.as_of, dt.time())
    for kpi in data.kpis:
        sheet = kpi_download(data, kpi["kpi_id"])
        for ext in ("csv", "xlsx"):
            (work / download_path(kpi["kpi_id"], ext)).parent.mkdir(parents=True, exist_ok=True)
        write_csv(sheet, work / download_path(kpi["kpi_id"], "csv"))
        write_workbook([sheet], work / download_path(kpi["kpi_id"], "xlsx"), created)
    for package in data.packages:
        for name in package.files:
            _place(package.folder / name, work / package_file_path(package, name))
    record = {
        "as_of": data.as_of.isoformat(),
        "release": data.release,
        "pages": len(pages),
        "content_fingerprint": fingerprint,
    }
    _write(work, SITE_RECORD, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    return len(pages)


def _pages(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.html") if p.is_file()]


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def same_tree(a: Path, b: Path) -> bool:
    """The same files with the same bytes."""
    if not b.is_dir() or _files(a) != _files(b):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, _files(a), shallow=False)
    return not mismatch and not errors


def _check_destination(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_RECORD).is_file():
        raise SiteError(
            f"{out} holds files that `sti site` did not write (no {SITE_RECORD}): it will not "
            "replace them; choose an empty or new folder for --out"
        )


def content_fingerprint(data: SiteData) -> str:
    """sha256 of what the site shows except its as-of date (the summary's as-of row and the
    freshness rows' check date left out), and of the code that writes it."""
    shown = dataclasses.asdict(data)
    del shown["as_of"]
    shown["release"] = None  # a new release of the same content shows the same site
    shown["packages"] = [  # where the packages lie is no content (a moved store is the same)
        {k: v for k, v in package.items() if k != "folder"} for package in shown["packages"]
    ]
    shown["freshness"] = [
        {k: v for k, v in row.items() if k != "checked_on"} for row in data.freshness
    ]
    summary = shown["sheets"]["summary"]
    summary["rows"] = [row for row in summary["rows"] if AS_OF_ITEM not in row]
    text = json.dumps(
        [shown, printing_code(SITE_CODE, SITE_SQL)], ensure_ascii=False, sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _shows_already(out: Path, fingerprint: str) -> bool:
    try:
        record = json.loads((out / SITE_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(record.get("content_fingerprint") == fingerprint)


def build_site(
    warehouse: Path,
    out: Path,
    as_of: dt.date,
    extracts: Path | None = None,
    memory_limit: str | None = None,
    keep_same_content: bool = False,
) -> SiteBuild:
    """Write the site as known on `as_of` into `out` (replaced whole, only when it changed).
    With `keep_same_content` (the nightly refresh) a site that shows the same content as of an
    earlier date is kept as it is: only its as-of date would change."""
    _check_destination(out)
    with connect_read_only(warehouse, memory_limit) as conn:
        data = read_site(conn, as_of, extracts)
    fingerprint = content_fingerprint(data)
    if keep_same_content and _shows_already(out, fingerprint):
        home = (out / "index.html").stat().st_size
        return SiteBuild(out, False, len(_pages(out)), len(_files(out)), home)
    work = out.parent / f".{out.name}.building"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        pages = _write_site(data, work, fingerprint)
        files = len(_files(work))
        home = (work / "index.html").stat().st_size
        changed = not same_tree(work, out)
        if changed:
            old = out.parent / f".{out.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if out.exists():
                out.rename(old)
            work.rename(out)
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SiteBuild(out, changed, pages, files, home)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the request log stays quiet
        pass


@contextlib.contextmanager
def site_server(
    folder: Path, host: str = LOCAL_HOST, port: int = DEFAULT_PORT
) -> Iterator[http.server.ThreadingHTTPServer]:
    """A static file server of the site (127.0.0.1 unless another host is asked for)."""
    if not (folder / "index.html").is_file():
        raise SiteError(f"no site in {folder}: build it first with `sti site`")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    try:
        yield server
    finally:
        server.server_close()
