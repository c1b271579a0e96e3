"""Build an evaluation package from the published warehouse, frozen to an as-of date.

`data/marts/extracts/<kind>_<year>_asof_<date>/`: the workbook, one CSV per sheet, the charts
(PNG, SVG), the report (HTML, PDF, Word) and manifest.json. Only releases published on or
before the as-of date are read, so the same as-of date gives the same CSVs and the same
manifest `data` section however many releases arrive later.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from sti.db.sql_door import connect_read_only
from sti.ingest.provenance import file_sha256
from sti.paths import PROJECT_ROOT
from sti.reports.browser import Browser
from sti.reports.code_digest import printing_code
from sti.reports.documents import Document, write_docx, write_html
from sti.reports.evaluation.charts import ChartCache, draw_charts
from sti.reports.evaluation.diff import as_text_rows, kpi_changes
from sti.reports.evaluation.report import build_report
from sti.reports.evaluation.sheets import AS_OF_ITEM, Scope, Sheet, build_sheets, query
from sti.reports.evaluation.workbook import write_csv, write_workbook
from sti.reports.fixed_dates import date_pdf
from sti.warehouse.releases import environment_lock

KINDS = {"annual": "annual_check", "midterm": "midterm_evaluation", "final": "final_evaluation"}
WORKBOOK = "evaluation.xlsx"
REPORT = "report"
MANIFEST = "manifest.json"
CHARTS_DIR = "charts"
# The appendix compares with the state one year before the as-of date (the previous yearly check).
PREVIOUS_STATE_DAYS = 365
# The code that turns a package's rows into its files: a change here prints the drafts again.
PRINTING_CODE = ("sti/reports", "sql/extracts")


class ExtractError(ValueError):
    pass


def resolve_scope(
    conn: duckdb.DuckDBPyConnection, kind: str, year: int | None, as_of: dt.date
) -> Scope:
    """The evaluation from marts.plan_evaluation_schedule: the given year, else the default
    (mid-term 2025, final 2027; the yearly check of the as-of year, or the nearest one)."""
    if kind not in KINDS:
        raise ExtractError(f"unknown package {kind!r}; choose one of {', '.join(KINDS)}")
    rows = conn.execute(
        "select year, covers_from, covers_to, name_ko, name_en from marts.plan_evaluation_schedule"
        " where kind = ? order by year",
        [KINDS[kind]],
    ).fetchall()
    years = [r[0] for r in rows]
    if year is None and kind == "annual":
        year = max([y for y in years if y <= as_of.year] or years[:1])
    elif year is None:
        year = years[0]  # the plan schedules one mid-term and one final evaluation
    chosen = [r for r in rows if r[0] == year]
    if not chosen:
        raise ExtractError(f"the plan schedules no {KINDS[kind]} in {year}; scheduled: {years}")
    y, covers_from, covers_to, name_ko, name_en = chosen[0]
    return Scope(KINDS[kind], y, as_of, covers_from, covers_to, name_ko, name_en)


def code_version() -> str:
    """The git commit the package was built with ('-modified' when the tree has changes)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + ("-modified" if dirty.strip() else "")


def _manifest(
    read: _Read, release: dict[str, Any], folder: Path, charts: list[dict[str, str]]
) -> dict[str, Any]:
    scope, sheets = read.scope, read.sheets
    sources = next(s for s in sheets if s.slug == "sources")
    keys = [c.key for c in sources.columns]
    releases = [
        {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in zip(keys, row, strict=True)
            if k in ("source_id", "raw_file", "vintage", "sha256")
        }
        for row in sources.rows
    ]
    files = {
        str(p.relative_to(folder)): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    return {
        "data": {
            "kind": scope.kind,
            "year": scope.year,
            "as_of": scope.as_of.isoformat(),
            "covers": [scope.covers_from, scope.covers_to],
            "region": scope.region,
            "releases": releases,
            "rows": {s.slug: len(s.rows) for s in sheets},
            "csv_sha256": {name: sha for name, sha in files.items() if name.endswith(".csv")},
        },
        "build": {
            "content_fingerprint": content_fingerprint(read),
            "charts": {"code": _printing_code(), "index": charts},
            "code_version": code_version(),
            "environment_lock": environment_lock(),
            "warehouse_release": release,
        },
        "files": files,
    }


def content_fingerprint(read: _Read) -> str:
    """sha256 of everything a package shows except its as-of date: its scope, every sheet
    (the summary's as-of row left out), the rank history, the state a year before, and the
    code that prints them. Two days with the same fingerprint give the same package but for
    the date on it."""
    scope = {k: v for k, v in dataclasses.asdict(read.scope).items() if k != "as_of"}
    sheets = [
        [sheet.slug, [row for row in sheet.rows if AS_OF_ITEM not in row]] for sheet in read.sheets
    ]
    payload = [scope, sheets, read.rank_history, read.before, _printing_code()]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _printing_code() -> str:
    return printing_code(*(PROJECT_ROOT / root for root in PRINTING_CODE))


def _seed_charts(charts: ChartCache, out_root: Path) -> None:
    """Last night's draft charts, if the same code drew them (their manifests' index)."""
    for manifest_path in sorted(out_root.glob(f"*_draft/{MANIFEST}")):
        try:
            drawn = json.loads(manifest_path.read_text(encoding="utf-8"))["build"]["charts"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if drawn.get("code") == _printing_code():
            charts.seed(drawn.get("index", []), manifest_path.parent)


def _printed(read: _Read) -> bool:
    """The draft in place already shows what this one would (its manifest's fingerprint)."""
    try:
        manifest = json.loads((read.folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("build", {}).get("content_fingerprint") == content_fingerprint(read)


def build_package(
    warehouse: Path,
    kind: str,
    year: int | None,
    as_of: dt.date,
    out_root: Path,
    draft: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> Path:
    """Write the package and return its folder (replaced whole if it existed): frozen as
    `<kind>_<year>_asof_<date>`, or the nightly `<kind>_<year>_draft`."""
    return _build(warehouse, [kind], year, as_of, out_root, draft, progress)[0].folder


def build_packages(
    warehouse: Path,
    kinds: list[str],
    as_of: dt.date,
    out_root: Path,
    draft: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    memory_limit: str | None = None,
) -> list[Built]:
    """Several packages (each of its default year), each exactly as build_package writes it.
    A draft whose content (all but its as-of date) equals the draft in place is not printed
    again: it stays as it is (`Built.printed` False)."""
    return _build(warehouse, kinds, None, as_of, out_root, draft, progress, memory_limit)


@dataclasses.dataclass(frozen=True)
class Built:
    folder: Path
    printed: bool  # False: a draft that already showed this content was kept


def _build(
    warehouse: Path,
    kinds: list[str],
    year: int | None,
    as_of: dt.date,
    out_root: Path,
    draft: bool,
    progress: Callable[[str], None],
    memory_limit: str | None = None,
) -> list[Built]:
    """Three workers share the machine's two cores: a thread reads the packages from the
    warehouse one after the other (DuckDB runs without Python's lock), this thread draws each
    package's charts and report as soon as its rows are in (matplotlib holds the lock), and one
    chromium prints each report as soon as its HTML exists. Workbooks, CSVs and Word files are
    written last, then the PDFs waited for. Reading beside the drawing: the three packages
    4.79 -> 4.30 s (median of five alternating runs, 2026-11-24). A chart the packages share is
    drawn once (ChartCache). Chromium starts first (its start overlaps the first read), except
    for drafts, which may need no printing at all: there it starts with the first that does."""
    charts = ChartCache()
    if draft:
        _seed_charts(charts, out_root)
    with (
        contextlib.ExitStack() as stack,
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as reader,
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as printer,
    ):
        browser = None if draft else stack.enter_context(Browser())
        reads = [
            reader.submit(_read, warehouse, kind, year, as_of, out_root, draft, memory_limit)
            for kind in kinds
        ]
        built: list[Built | None] = [None] * len(reads)
        prepared = []
        for index, future in enumerate(reads):
            read = future.result()
            if draft and _printed(read):
                shutil.rmtree(read.work, ignore_errors=True)
                progress(f"unchanged since it was printed, kept: {read.folder.name}")
                built[index] = Built(read.folder, printed=False)
                continue
            browser = browser or stack.enter_context(Browser())
            package = _draw(read, progress, charts)
            work = package.read.work
            progress(f"[4/6] report as PDF (chromium, beside the next steps): {work.name}")
            pdf = printer.submit(browser.print_pdf, package.html, work / f"{REPORT}.pdf")
            prepared.append((index, package, pdf))
        for _, package, _ in prepared:
            _write_tables(package, progress)
        for index, package, pdf in prepared:
            date_pdf(pdf.result(), package.read.created)  # chromium dates it now
            _finish(package, progress)
            built[index] = Built(package.read.folder, printed=True)
        return [b for b in built if b is not None]


@dataclasses.dataclass(frozen=True)
class _Read:
    """What a package reads from the warehouse, and its work folder (created, empty)."""

    warehouse: Path
    scope: Scope
    sheets: list[Sheet]
    rank_history: list[dict[str, Any]]
    before: list[dict[str, Any]]  # kpi_achievement as of `previous`
    release: tuple[Any, ...] | None
    work: Path
    folder: Path

    @property
    def previous(self) -> dt.date:
        return previous_state_date(self.scope.as_of)

    @property
    def created(self) -> dt.datetime:
        """The files' creation time: the as-of date, so the same input gives the same files."""
        return dt.datetime.combine(self.scope.as_of, dt.time())


@dataclasses.dataclass(frozen=True)
class _Prepared:
    """A package as read, with its charts and HTML report in its work folder."""

    read: _Read
    document: Document
    html: Path
    charts: list[dict[str, str]]  # ChartCache.take_index: for the manifest, and the next night


def previous_state_date(as_of: dt.date) -> dt.date:
    return as_of - dt.timedelta(days=PREVIOUS_STATE_DAYS)


def _read(
    warehouse: Path,
    kind: str,
    year: int | None,
    as_of: dt.date,
    out_root: Path,
    draft: bool,
    memory_limit: str | None = None,
) -> _Read:
    """On the reader thread: nothing here reports progress (a run's log is the main thread's)."""
    with connect_read_only(warehouse, memory_limit) as conn:
        scope = resolve_scope(conn, kind, year, as_of)
        name = f"{kind}_{scope.year}_" + ("draft" if draft else f"asof_{as_of.isoformat()}")
        folder = out_root / name
        work = out_root / f".{name}.building"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        previous = previous_state_date(as_of)
        try:
            sheets = build_sheets(conn, scope)
            rank_history = query(conn, "rank_history", scope)
            before = query(conn, "kpi_achievement", dataclasses.replace(scope, as_of=previous))
        except (duckdb.CatalogException, duckdb.BinderException) as error:
            # a missing table or macro, or a macro of another signature (annual_only)
            raise ExtractError(
                f"the published warehouse {warehouse} lacks a table or macro this package reads "
                f"(it was built by an older version): run `make run` to publish a current one. "
                f"DuckDB said: {str(error).splitlines()[0]}"
            ) from error
        release = conn.execute(
            "select run_id, cast(published_at as varchar) from meta.build_info"
        ).fetchone()
    return _Read(warehouse, scope, sheets, rank_history, before, release, work, folder)


def _draw(read: _Read, progress: Callable[[str], None], charts: ChartCache) -> _Prepared:
    """The package's charts and its report as HTML, in its work folder."""
    scope = read.scope
    progress(
        f"[1/6] read the warehouse as of {scope.as_of} ({scope.name_en}, "
        f"{scope.covers_from}-{scope.covers_to})"
    )
    sheets = {s.slug: s for s in read.sheets}
    progress(f"[2/6] charts (PNG, SVG): {read.work.name}")
    figures = draw_charts(sheets, read.rank_history, read.work / CHARTS_DIR, charts)
    drawn = charts.take_index()
    progress(f"[3/6] report (HTML): {read.work.name}")
    changes = kpi_changes(
        as_text_rows(read.before), as_text_rows(sheets["kpi_achievement"].records())
    )
    document = build_report(read.scope, sheets, figures, changes, read.previous.isoformat())
    return _Prepared(read, document, write_html(document, read.work / f"{REPORT}.html"), drawn)


def _write_tables(prepared: _Prepared, progress: Callable[[str], None]) -> None:
    read, work = prepared.read, prepared.read.work
    progress(f"[5/6] workbook, CSV files and report (Word): {work.name}")
    write_workbook(read.sheets, work / WORKBOOK, read.created)
    for i, sheet in enumerate(read.sheets, start=1):
        write_csv(sheet, work / f"{i:02d}_{sheet.slug}.csv")
    write_docx(prepared.document, work / f"{REPORT}.docx", read.created)


def _finish(prepared: _Prepared, progress: Callable[[str], None]) -> None:
    """The manifest, and the work folder renamed into place."""
    read, work = prepared.read, prepared.read.work
    progress(f"[6/6] manifest: {work.name}")
    release = read.release
    published = {"run_id": release[0], "published_at": release[1]} if release else {}
    published["file"] = read.warehouse.resolve().name
    manifest = _manifest(read, published, work, prepared.charts)
    (work / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    shutil.rmtree(read.folder, ignore_errors=True)
    work.rename(read.folder)
