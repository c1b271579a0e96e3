"""`sti`: the command line of the warehouse.

sti run        rebuild what changed (--full: everything), with its checks, and publish a release
sti summary    print Daejeon's latest GRDP figures from the published warehouse
sti sql        query the published warehouse through the read-only door
sti verify     check that the published release is intact (exit 1 when it is not)
sti releases   list the kept releases
sti restore    switch back to the previous (or a named) release
sti extract    build an evaluation package (annual | midterm | final), or `diff` two of them
sti catalog    write the data dictionary (Markdown and HTML) of the published warehouse
sti site       write the progress site (static HTML, Korean and English; --as-of, --serve)
sti path       print the published warehouse path
sti fetch      fetch a KOSIS table into data/raw as a new release (needs KOSIS_API_KEY)
sti template   write a department's pre-filled report template (XLSX and CSV, Korean headers)
sti receive    check a department's returned report and archive it in data/raw/departments
sti review     the secretariat's and committee's decisions on a report: list, return (반려),
               accept (검토완료), approve (확정, with the meeting date), reopen (재검토)
sti status     last run, last publish, daemon heartbeat, open items (exit 1 when the night failed)
sti service    render, install, start, stop the systemd units (webserver, daemon); see deploy/
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sti.paths import DEFAULT_WAREHOUSE, WAREHOUSE_ENV_VAR, published_warehouse_path


def warehouse_path() -> Path:
    return published_warehouse_path()


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def run(full: bool = False) -> int:
    """Build what changed since the published release (everything with `full`) and publish
    it; report failures plainly. A night with nothing new is decided before Dagster is even
    imported (sti/warehouse/change_detection.py)."""
    os.environ.setdefault(WAREHOUSE_ENV_VAR, str(DEFAULT_WAREHOUSE))
    from pipelines.run_plans import FULL_BUILD, next_plan

    plan = FULL_BUILD if full else next_plan(warehouse_path())
    print(f"plan: {plan.reason}")
    if plan.nothing_to_do:
        print(f"nothing to rebuild: {warehouse_path()} stays as published")
        return 0
    from pipelines.run_in_process import execute, load_definitions, run_config

    load_definitions()  # first: it imports Dagster the way a run should (see there)
    import dagster as dg

    from sti.operations.run_reaper import reap_dead_runs
    from sti.operations.run_report import check_lines, failure_lines
    from sti.warehouse.releases import ReleaseStore

    instance = (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )
    for run_id in reap_dead_runs(instance):
        print(f"note: run {run_id} had died (its process is gone); marked failed")
    for problem in ReleaseStore(warehouse_path()).verify():
        print(f"warning: published warehouse: {problem}")
    result = execute(plan, instance, run_config=run_config())
    assert result is not None
    if result.success:
        print(f"published {warehouse_path()} (run {result.run_id})")
        for line in check_lines(result.all_events, "WARN"):
            print(line if line.startswith(" ") else "warning: " + line)
        return _held_back_exit()
    if result.asset_materializations_for_node("published_warehouse"):
        _err(
            f"published {warehouse_path()} (run {result.run_id}), but a step after publishing "
            "failed (exports: Parquet, catalogue, evaluation drafts); the release itself is good."
        )
    else:
        _err(
            f"run {result.run_id} failed; the published warehouse {warehouse_path()} was left unchanged."
        )
    for line in failure_lines(result.all_events) + check_lines(result.all_events, "ERROR"):
        _err(line)
    return 1


# `sti run` published, but held back received files that break a rule (checks.held_back).
HELD_BACK_EXIT = 3


def _held_back_exit() -> int:
    """HELD_BACK_EXIT, naming the files, when the release just published holds any back."""
    from sti.operations.alerts import open_items

    held = [i for i in open_items(warehouse_path()) if i["kind"] == "held back"]
    for item in held:
        print(f"held back: {item['item']}: {item['detail']}")
    if held:
        print(
            f"published without {len(held)} held-back file(s); fix or replace them and run again "
            "(checks.held_back)"
        )
        return HELD_BACK_EXIT
    return 0


def summary() -> int:
    """Daejeon's latest GRDP, share of the national total and real growth."""
    from sti.db.sql_door import connect_read_only

    path = warehouse_path()
    if not path.exists():
        _err(f"no warehouse at {path}: run `make run` first")
        return 1
    with connect_read_only(path) as conn:
        row = conn.execute(
            "select year, series, status, grdp_nominal_tn_krw, share_published_pct, share_recomputed_pct,"
            " real_growth_pct, avg_real_growth_pct, average_period"
            " from marts.grdp_summary order by year desc, vintage desc limit 1"
        ).fetchone()
    if row is None:
        _err("marts.grdp_summary is empty")
        return 1
    year, series, status, level, share_pub, share_re, growth, avg, period = row
    flag = " (preliminary)" if status == "preliminary" else ""
    print(f"Daejeon (대전) GRDP {year}{flag}, series {series}:")
    print(f"  nominal GRDP        {level:,.1f} trillion KRW (조원)")
    published = "not published" if share_pub is None else f"{share_pub:.2f}% published"
    print(f"  share of national   {share_re:.2f}% recomputed from the levels ({published})")
    print(f"  real growth         {growth:.1f}% (average {avg:.2f}% a year over {period})")
    return 0


def fetch(table: str, end: str) -> int:
    """Fetch a KOSIS table into the raw archive as a new release."""
    import datetime as dt

    from sti.ingest.kosis_api import KosisApiError, KosisClient
    from sti.ingest.kosis_fetch import FetchRefused, check_end, fetch_specs, fetch_to_archive
    from sti.paths import RAW_DIR

    specs = fetch_specs()
    if table not in specs:
        _err(f"unknown table {table!r}; known: {sorted(specs)}")
        return 2
    try:
        check_end(specs[table], end, dt.date.today())
    except FetchRefused as error:
        _err(str(error))
        return 2
    try:
        client = KosisClient()
        path = fetch_to_archive(specs[table], client, RAW_DIR, end, dt.date.today())
    except (KosisApiError, FetchRefused) as error:
        _err(str(error))
        return 1
    print(f"archived {path} and its sidecar; `sti run` loads it as a new release")
    return 0


def sql(args: argparse.Namespace) -> int:
    """Query the published warehouse read-only; print or write the last statement's result."""
    from sti.db.sql_door import (
        DuckDBError,
        RefusedStatement,
        column_descriptions,
        connect_read_only,
        refusal_of,
        render,
        run_query,
        write_parquet,
    )

    if args.format == "parquet" and not args.output:
        _err("--format parquet needs -o FILE")
        return 2
    try:
        conn = connect_read_only(warehouse_path())
    except (FileNotFoundError, DuckDBError) as error:
        _err(str(error))
        return 1
    statements = [args.query] if args.query else []
    if args.file:
        statements.append(Path(args.file).read_text(encoding="utf-8"))
    if not statements:
        return _interactive(conn)
    if args.output and not _output_allowed(Path(args.output)):
        return 1
    try:
        relation = None
        for text in statements:
            relation = run_query(conn, text)
        if relation is None:
            return 0
        if args.format == "parquet":
            counted: list[int] = []
            described = column_descriptions(conn, relation.columns, statements[-1])
            written = _write_output(
                Path(args.output),
                lambda tmp: counted.append(write_parquet(relation, tmp, described, statements[-1])),
            )
            print(f"wrote {counted[0]} rows to {written}")
            return 0
        text = render(relation, args.format, args.max_rows)  # the statement runs here too
    except (RefusedStatement, DuckDBError) as error:
        _err(str(error) if isinstance(error, RefusedStatement) else refusal_of(error))
        return 1
    if args.output:
        _write_output(Path(args.output), lambda tmp: tmp.write_text(text, "utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _interactive(conn) -> int:  # type: ignore[no-untyped-def]
    """A small prompt: one statement per line (end with ';' to continue over lines), `.quit`."""
    from sti.db.sql_door import DuckDBError, RefusedStatement, refusal_of, render, run_query

    print(f"read-only SQL on {warehouse_path()}; end statements with ';', .quit to leave")
    buffer: list[str] = []
    while True:
        try:
            line = input("sti> " if not buffer else "...> ")
        except EOFError:
            return 0
        if line.strip() in (".quit", ".exit", "\\q") and not buffer:
            return 0
        buffer.append(line)
        if not line.rstrip().endswith(";"):
            continue
        text, buffer = "\n".join(buffer), []
        try:
            relation = run_query(conn, text)
            if relation is not None:
                print(render(relation, "table"))
        except (RefusedStatement, DuckDBError) as error:
            print(str(error) if isinstance(error, RefusedStatement) else refusal_of(error))


def verify() -> int:
    from sti.warehouse.releases import ReleaseError, ReleaseStore

    store = ReleaseStore(warehouse_path())
    try:
        problems = store.verify()
    except ReleaseError as error:
        problems = [str(error)]
    current = store.current()
    if problems:
        for problem in problems:
            _err(f"damaged: {problem}")
        return 1
    if current is None:
        print(f"nothing published at {warehouse_path()} yet")
        return 0
    print(
        f"intact: {warehouse_path()} -> {current.name} (sha256 {current.sha256}, published {current.published_at})"
    )
    return 0


def releases() -> int:
    from sti.warehouse.releases import ReleaseStore, release_problems

    store = ReleaseStore(warehouse_path())
    current = store.current_path()
    for release in store.releases():
        mark = "*" if release.path == current else " "
        state = "damaged" if release_problems(release) else "intact"
        print(
            f"{mark} {release.name}  published {release.published_at}  run {release.run_id}  {state}"
        )
    return 0


def _write_output(target: Path, write: Callable[[Path], object]) -> Path:
    """`target` written through a temporary file, never onto what is published. Imported here:
    the release store's module brings polars, which a query without -o does not need."""
    from sti.warehouse.output_files import write_file

    return write_file(target, warehouse_path(), write)


def _output_allowed(target: Path) -> bool:
    """False (and why, on stderr) when `target` is or lies in what is published."""
    from sti.warehouse.output_files import OutputRefused, check_output

    try:
        check_output(target, warehouse_path())
    except OutputRefused as error:
        _err(str(error))
        return False
    return True


def restore(name: str | None) -> int:
    from sti.warehouse.releases import ReleaseError, ReleaseStore

    try:
        release = ReleaseStore(warehouse_path()).restore(name)
    except ReleaseError as error:
        _err(f"restore refused: {error}")
        return 1
    print(f"restored {warehouse_path()} -> {release.name} (published {release.published_at})")
    return 0


def catalog(out: str | None) -> int:
    """The data dictionary of the published release, as catalog.md and catalog.html."""
    from sti.db.sql_door import connect_read_only
    from sti.reports.dictionary import write_catalog
    from sti.warehouse.parquet_export import exported_rows, release_entry
    from sti.warehouse.releases import ReleaseStore

    path = warehouse_path()
    if not path.exists():
        _err(f"no warehouse at {path}: run `make run` first")
        return 1
    target = Path(out) if out else path.parent / "catalog"
    if not _output_allowed(target):
        return 1
    # rows as the night's Parquet export counted them, when it exported this release
    counted = exported_rows(path.parent / "parquet", release_entry(ReleaseStore(path).current()))
    with connect_read_only(path) as conn:
        files = write_catalog(conn, target, str(path), counted)
    for file in files:
        print(f"wrote {file}")
    return 0


def extract(args: argparse.Namespace) -> int:
    """An evaluation package frozen to --as-of, or the changes between two packages."""
    import datetime as dt

    from sti.reports.browser import BrowserMissingError
    from sti.reports.evaluation.diff import diff_folders, format_table
    from sti.reports.evaluation.package import ExtractError, build_package

    if args.kind == "diff":
        if len(args.folders) != 2:
            _err("usage: sti extract diff PACKAGE_A PACKAGE_B")
            return 2
        try:
            changes = diff_folders(Path(args.folders[0]), Path(args.folders[1]))
        except FileNotFoundError as error:
            _err(str(error))
            return 1
        sys.stdout.write(format_table(changes))
        return 0
    path = warehouse_path()
    if not path.exists():
        _err(f"no warehouse at {path}: run `make run` first")
        return 1
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    except ValueError:
        _err(f"--as-of {args.as_of!r} is not a date (YYYY-MM-DD)")
        return 2
    out = Path(args.out) if args.out else path.parent / "extracts"
    if not _output_allowed(out):
        return 1
    try:
        folder = build_package(path, args.kind, args.year, as_of, out, progress=print)
    except ExtractError as error:
        _err(str(error))
        return 2
    except (FileNotFoundError, BrowserMissingError) as error:  # no chromium, a file missing
        _err(str(error))
        return 1
    print(f"wrote {folder}")
    return 0


def site(args: argparse.Namespace) -> int:
    """The progress site as known on --as-of (default today), and with --serve a local server."""
    import datetime as dt

    from sti.reports.site.build import SiteError, build_site, site_server

    path = warehouse_path()
    out = Path(args.out) if args.out else path.parent / "site"
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    except ValueError:
        _err(f"--as-of {args.as_of!r} is not a date (YYYY-MM-DD)")
        return 2
    try:
        if not args.serve_only:
            if not path.exists():
                _err(f"no warehouse at {path}: run `make run` first")
                return 1
            if not _output_allowed(out):
                return 1
            built = build_site(path, out, as_of, path.parent / "extracts")
            state = "wrote" if built.changed else "unchanged:"
            print(
                f"{state} {built.folder} ({built.pages} pages, {built.files} files, "
                f"home {built.home_bytes:,} bytes, as of {as_of})"
            )
        if args.serve or args.serve_only:
            with site_server(out, args.host, args.port) as server:
                port = server.server_address[1]
                print(f"serving {out} at http://{args.host}:{port}/ (Ctrl-C stops)")
                with contextlib.suppress(KeyboardInterrupt):
                    server.serve_forever()
    except (SiteError, OSError) as error:
        _err(str(error))
        return 1
    return 0


def template(args: argparse.Namespace) -> int:
    """Write `<부서>_<year>_이행점검.xlsx` and its two CSV tables, pre-filled from the warehouse."""
    import datetime as dt

    from sti.db.sql_door import connect_read_only
    from sti.departments.template import TemplateRefused, write_template
    from sti.paths import MARTS_DIR

    year = args.year or dt.date.today().year - 1
    out = Path(args.out) if args.out else MARTS_DIR / "templates"
    if not _output_allowed(out):
        return 1
    try:
        with connect_read_only(warehouse_path()) as conn:
            dept, paths = write_template(conn, args.department, year, out)
    except (TemplateRefused, FileNotFoundError) as error:
        _err(str(error))
        return 2
    print(f"{dept.name_ko} ({dept.name_en}), {year}:")
    for path in paths:
        print(f"  wrote {path}")
    return 0


def receive(args: argparse.Namespace) -> int:
    """Archive a returned report after checking it; nothing is copied when a rule is broken."""
    import datetime as dt

    from sti.db.sql_door import connect_read_only
    from sti.departments.receipt import receive as archive_report
    from sti.departments.template import TemplateRefused
    from sti.errors import InputError
    from sti.paths import RAW_DIR

    source = Path(args.file)
    if not source.is_file():
        _err(f"no such file: {source}")
        return 2
    try:
        with connect_read_only(warehouse_path()) as conn:
            target = archive_report(conn, source, RAW_DIR, dt.date.today())
    except InputError as error:
        _err(f"{source} was not received; fix these and send it again:\n{error}")
        return 1
    except (TemplateRefused, FileNotFoundError) as error:
        _err(str(error))
        return 2
    except Exception as error:  # never a traceback at the door; nothing was archived
        _err(
            f"{source} was not received: it could not be read ({type(error).__name__}: {error}); "
            "nothing was archived. If the file opens in Excel, report this as a bug."
        )
        return 2
    print(f"received {target} (with its sidecar); the next run reads it")
    return 0


def review(args: argparse.Namespace) -> int:
    """List the reports and their review states, or record one decision on a department-year
    report (every file of it the decision applies to)."""
    import datetime as dt

    from sti.db.sql_door import connect_read_only
    from sti.departments.receipt import archived_reports, department_slugs
    from sti.departments.review import (
        REVIEW_STATES,
        ReviewRefused,
        decide,
        file_states,
        read_transitions,
        report_files,
    )
    from sti.departments.template import TemplateRefused, find_department
    from sti.errors import InputError
    from sti.paths import RAW_DIR

    try:
        with connect_read_only(warehouse_path()) as conn:
            files = report_files(RAW_DIR, archived_reports(RAW_DIR), department_slugs(conn))
            dept = find_department(conn, args.department) if args.department else None
        if args.action == "list":
            states = file_states(files, read_transitions(RAW_DIR))
            shown = [
                f
                for f in files
                if (args.year is None or f.year == args.year)
                and (dept is None or f.department_ko == dept.name_ko)
            ]
            for f in sorted(shown, key=lambda f: (f.year, f.department_ko, f.raw_file)):
                state = states[f.raw_file]
                comment = f" - {state.comment}" if state.comment else ""
                print(
                    f"{f.year} {f.department_ko}: {REVIEW_STATES[state.state]} since "
                    f"{state.since} ({f.raw_file}){comment}"
                )
            if not shown:
                print("no report received" + (f" for {args.year}" if args.year else ""))
            return 0
        if dept is None or args.year is None:
            _err(f"sti review {args.action} needs a department and --year")
            return 2
        meeting = dt.date.fromisoformat(args.meeting) if args.meeting else None
        path, decided = decide(
            RAW_DIR,
            files,
            dept.name_ko,
            args.year,
            args.action,
            args.by,
            dt.date.today(),
            args.comment,
            meeting,
        )
    except (ReviewRefused, TemplateRefused, FileNotFoundError, InputError) as error:
        _err(str(error))
        return 2
    except ValueError as error:  # a meeting date that is not one
        _err(f"--meeting: {error}")
        return 2
    print(f"recorded {path} ({len(decided)} file(s)); the next run applies it:")
    for name in decided:
        print(f"  {name}")
    return 0


def check() -> int:
    """Would tonight's run take data/raw/ as it is now (a file placed by `sti fetch` or by hand)?
    The night's own code runs on scratch copies; nothing published or archived changes."""
    from sti.operations.dry_night import dry_night

    def execute(plan, archive: Path, warehouse: Path):  # type: ignore[no-untyped-def]
        from pipelines.run_in_process import execute as run_plan
        from pipelines.run_in_process import load_definitions, run_config

        load_definitions()
        import dagster as dg

        config = run_config(warehouse, archive)
        return run_plan(plan, dg.DagsterInstance.ephemeral(), run_config=config)

    def report(result) -> tuple[list[str], list[str], list[str]]:  # type: ignore[no-untyped-def]
        from sti.operations.run_report import HELD_BACK_CHECKS, check_lines, failure_lines

        events = result.all_events
        warned = check_lines(events, "WARN")
        held = check_lines(events, "WARN", HELD_BACK_CHECKS)
        failed = failure_lines(events) + check_lines(events, "ERROR")
        return failed, [line for line in warned if line not in held], held

    from sti.paths import RAW_DIR

    night = dry_night(RAW_DIR, warehouse_path(), execute, report)
    print(f"plan: {night.plan.reason}")
    if night.plan.nothing_to_do:
        print("nothing new in data/raw/: the published release already holds it")
        return 0
    for line in night.warnings:
        print(line if line.startswith(" ") else "warning: " + line)
    if not night.passed:
        _err("tonight's run would stop on data/raw/ as it is; fix these (nothing was changed):")
        for line in night.failures:
            _err(line)
        return 1
    if night.held_back:
        print("tonight's run would publish, holding these files back (nothing was changed):")
        for line in night.held_back:
            print(line)
        return HELD_BACK_EXIT
    print(
        "tonight's run would take data/raw/ as it is (checked on scratch copies; nothing changed)"
    )
    return 0


def _dagster_home() -> Path | None:
    """The instance `sti run` and the services use: $DAGSTER_HOME, else make's .dagster/."""
    from sti.paths import PROJECT_ROOT

    home = os.environ.get("DAGSTER_HOME")
    if home:
        return Path(home)
    default = PROJECT_ROOT / ".dagster"
    return default if (default / "dagster.yaml").exists() else None


def status(args: argparse.Namespace) -> int:
    """One screen of health; exit 1 when the last night failed (for a monitoring system)."""
    import dagster as dg

    from pipelines.jobs import EVERYTHING_JOB
    from sti.operations.service import ServiceError, read_env_file
    from sti.operations.status import status as build_status

    if args.env_file:
        try:
            os.environ.update(read_env_file(Path(args.env_file)))
        except (OSError, ServiceError) as error:
            _err(f"cannot read the environment file: {error}")
            return 2
    home = _dagster_home()
    if home is None:
        _err("no Dagster instance: set DAGSTER_HOME (or --env-file), or run `make run` first")
        return 2
    os.environ["DAGSTER_HOME"] = str(home)
    with dg.DagsterInstance.get() as instance:
        report = build_status(
            instance, warehouse_path(), EVERYTHING_JOB, require_daemon=args.require_daemon
        )
    print("\n".join(report.lines))
    return report.exit_code


def service(args: argparse.Namespace) -> int:
    """The systemd deployment (deploy/README.md)."""
    import dataclasses

    from sti.operations.service import (
        UNITS,
        Layout,
        ServiceError,
        configure,
        control,
        install,
        render_env_file,
        render_unit,
    )

    scope = {"user": True, "system": False}.get(args.scope)
    layout = Layout.default(scope)
    if args.run_as:
        layout = dataclasses.replace(layout, user_scope=False, run_as=args.run_as)
    try:
        if args.action == "configure":
            print(f"wrote {configure()}")
        elif args.action == "render":
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            for name in UNITS:
                (out / f"{name}.service").write_text(render_unit(name, layout), "utf-8")
            (out / "sti.env").write_text(render_env_file(layout, warehouse_path()), "utf-8")
            print(f"wrote {', '.join(UNITS)} units and sti.env to {out}")
        elif args.action == "install":
            for path in install(layout):
                print(f"wrote {path}")
            print(f"edit {layout.env_file}, then `sti service start`")
        else:
            done = control(layout, args.action)
            print((done.stdout or "").rstrip() or f"{args.action}: done")
    except ServiceError as error:
        _err(str(error))
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    from sti.db.sql_door import FORMATS

    parser = argparse.ArgumentParser(
        prog="sti", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser(
        "run", help="rebuild what changed since the published release and publish a new release"
    )
    run_parser.add_argument("--full", action="store_true", help="rebuild every asset from scratch")
    sub.add_parser("summary", help="print Daejeon's latest GRDP figures")
    sub.add_parser("path", help="print the published warehouse path")
    sub.add_parser("verify", help="check the published release against its recorded checksum")
    sub.add_parser("releases", help="list the kept releases (* = published)")
    restore_parser = sub.add_parser("restore", help="switch back to the previous release")
    restore_parser.add_argument("--release", help="a release name from `sti releases`")
    sql_parser = sub.add_parser(
        "sql",
        help="query the published warehouse read-only",
        description="Query the published warehouse read-only: no writes, no access to other "
        "files; refused statements say why. A table shows 20 rows of a long result (and says "
        "how many it holds) unless --max-rows says otherwise; csv, json and parquet hold "
        "every row. CSV cells Excel would run as formulas are prefixed with '.",
    )
    sql_parser.add_argument("query", nargs="?", help="SQL text (omit for an interactive prompt)")
    sql_parser.add_argument("-f", "--file", help="run the SQL in this file")
    sql_parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (a box, the default), csv, json (one object per row), parquet (needs -o)",
    )
    sql_parser.add_argument("-o", "--output", help="write the result to this file")
    sql_parser.add_argument(
        "--max-rows",
        type=int,
        metavar="N",
        help="rows a table shows (0: every row; default: 20 of a long result)",
    )
    extract_parser = sub.add_parser(
        "extract", help="build an evaluation package, or compare two (`extract diff A B`)"
    )
    extract_parser.add_argument("kind", choices=["annual", "midterm", "final", "diff"])
    extract_parser.add_argument("folders", nargs="*", help="for diff: two package folders")
    extract_parser.add_argument(
        "--year", type=int, help="evaluation year (default: the schedule's)"
    )
    extract_parser.add_argument(
        "--as-of", help="use only releases published on or before this date (default: today)"
    )
    extract_parser.add_argument("--out", help="folder for packages (default: data/marts/extracts)")
    catalog_parser = sub.add_parser("catalog", help="write the data dictionary (Markdown, HTML)")
    catalog_parser.add_argument("--out", help="folder (default: data/marts/catalog)")
    site_parser = sub.add_parser(
        "site",
        help="write the progress site (static HTML, Korean and English), or serve it",
        description="Write the progress site from the published warehouse: Korean pages at "
        "the root, English under en/, one page per KPI and sub-task, regional position, data "
        "quality, methods and the evaluation packages. It opens from file:// and any static "
        "host and loads nothing from outside. Rewritten only when what it shows changed.",
    )
    site_parser.add_argument("--out", help="folder (default: data/marts/site)")
    site_parser.add_argument(
        "--as-of", help="use only releases published on or before this date (default: today)"
    )
    site_parser.add_argument("--serve", action="store_true", help="build, then serve it")
    site_parser.add_argument(
        "--serve-only", action="store_true", help="serve the site as it is, without building"
    )
    site_parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to serve on (default 127.0.0.1; a LAN address only when given here)",
    )
    site_parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    fetch_parser = sub.add_parser(
        "fetch", help="fetch a KOSIS table into data/raw (needs KOSIS_API_KEY)"
    )
    fetch_parser.add_argument("table", help="KOSIS table id, e.g. DT_1C91")
    fetch_parser.add_argument(
        "--end", required=True, help="last period to fetch, e.g. 2024 or 202606"
    )
    template_parser = sub.add_parser(
        "template", help="write a department's pre-filled report template (XLSX + CSV)"
    )
    template_parser.add_argument(
        "department", help="department, e.g. 국방산업추진단 or defence-industry-promotion-group"
    )
    template_parser.add_argument("--year", type=int, help="year reported (default: last year)")
    template_parser.add_argument("--out", help="folder (default: data/marts/templates)")
    receive_parser = sub.add_parser(
        "receive", help="check a returned department report and archive it in data/raw"
    )
    receive_parser.add_argument("file", help="the CSV or XLSX the department sent back")
    review_parser = sub.add_parser(
        "review", help="record the secretariat's or committee's decision on a report, or list them"
    )
    review_parser.add_argument("action", choices=["list", "return", "accept", "approve", "reopen"])
    review_parser.add_argument("department", nargs="?", help="department (Korean, English, slug)")
    review_parser.add_argument("--year", type=int, help="year of the check")
    review_parser.add_argument(
        "--by", default="DISTEP", help="who decides (default: DISTEP, the secretariat)"
    )
    review_parser.add_argument("--comment", help="why (required to return or reopen)")
    review_parser.add_argument("--meeting", help="approve: the committee meeting's date")
    sub.add_parser(
        "check",
        help="would tonight's run take data/raw/ as it is? (the night's code on scratch copies)",
    )
    status_parser = sub.add_parser(
        "status", help="last run, publish, daemon and open items; exit 1 when the night failed"
    )
    status_parser.add_argument("--env-file", help="read the service's environment file first")
    status_parser.add_argument(
        "--require-daemon", action="store_true", help="also fail when the daemon is not alive"
    )
    service_parser = sub.add_parser("service", help="the systemd units of webserver and daemon")
    service_parser.add_argument(
        "action", choices=["render", "install", "configure", "start", "stop", "restart", "status"]
    )
    service_parser.add_argument(
        "--scope", choices=["system", "user"], help="default: system as root, user otherwise"
    )
    service_parser.add_argument("--run-as", help="system units: the user the services run as")
    service_parser.add_argument("--out", default="deploy/rendered", help="render: folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return run(args.full)
    commands = {
        "summary": summary,
        "verify": verify,
        "releases": releases,
    }
    if args.command in commands:
        return commands[args.command]()
    if args.command == "fetch":
        return fetch(args.table, args.end)
    if args.command == "sql":
        return sql(args)
    if args.command == "restore":
        return restore(args.release)
    if args.command == "catalog":
        return catalog(args.out)
    if args.command == "extract":
        return extract(args)
    if args.command == "site":
        return site(args)
    if args.command == "template":
        return template(args)
    if args.command == "check":
        return check()
    if args.command == "receive":
        return receive(args)
    if args.command == "review":
        return review(args)
    if args.command == "status":
        return status(args)
    if args.command == "service":
        return service(args)
    print(warehouse_path())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
