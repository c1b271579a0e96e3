"""`make bench`: the pipeline against synthetic national-scale inputs, beside the DuckDB floor.

For each size it builds an archive (the shipped one plus N synthetic releases, bench/generate.py),
then measures, each in a fresh process (bench/measure.py): the whole job (wall time, peak
memory, seconds per step), the same work written by hand in DuckDB SQL over the same files
(the floor), and a second run on the unchanged archive. Results go to BENCHMARKS.md.

    python -m bench.run                      # every size
    python -m bench.run --sizes 100k 1M      # some of them
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import census_microdata, rnd_projects
from bench.generate import CELLS_PER_FILE, generate
from bench.new_release import new_startups_release

ROOT = Path(__file__).resolve().parent.parent
# size label -> (form, files, rows per file): KOSIS releases of 100,188 cells each (web, long);
# census microdata as five census years of establishment rows (one file a year); national R&D
# projects as five years of project rows (NTIS has about 80,000 a year; 200,000 here)
SIZES = {
    "100k": ("web", 1, CELLS_PER_FILE),
    "1M": ("web", 10, CELLS_PER_FILE),
    "10M": ("web", 100, CELLS_PER_FILE),
    "1M-long": ("long", 10, CELLS_PER_FILE),
    "census-100k": ("census", 5, 20_000),
    "census-1M": ("census", 5, 200_000),
    "census-10M": ("census", 5, 2_000_000),
    # issue 37: ten census years of about 6M establishments each (전국사업체조사), and half of it
    "census-30M": ("census", 5, 6_000_000),
    "census-60M": ("census", 10, 6_000_000),
    "rnd-1M": ("rnd", 5, 200_000),
}
SLOWEST_STEPS_SHOWN = 6
FAILURE_LINES = 4  # of a failed run's message, enough to name the step and the first problem
# "time linear from 1M to 10M": ten times the input may take ten times the ingest-to-mart time, with
# this much room for a shared 2-core machine's noise
LINEAR_SLACK = 1.2
# (smaller, larger, input ratio): the sizes whose growth is judged
LINEAR_PAIRS = [("census-1M", "census-10M", 10), ("1M", "10M", 10),
                ("census-10M", "census-30M", 3), ("census-10M", "census-60M", 6)]  # fmt: skip
# The shipped run (~12 s), the floors (1-10 s) and the smaller sizes' runs (15-30 s) are short,
# so one busy moment of the shared machine sways them by 10-30 % (a 1M-row long CSV run: 18.3 s
# in one bench, 28.4 s in the next): each is measured this many times and the median run kept
# (all shown). A size's first run of REPEATED_BELOW_SECONDS or more (10M: 55-75 s) runs once.
REPEATS = 3
REPEATED_BELOW_SECONDS = 40.0
# Issue 35: "the site builds from the shipped data in a few seconds".
SITE_SECONDS = 5.0


def _measure(*args: str) -> dict:
    # an ephemeral Dagster instance and no live KOSIS fetch: only the archive is measured
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "KOSIS_API_KEY")}
    out = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"bench.measure {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _generate(archive: Path, form: str, files: int, per_file: int) -> None:
    if form == "census":
        census_microdata.generate(archive, files, per_file)
    elif form == "rnd":
        rnd_projects.generate(archive, files, per_file)
    else:
        generate(archive, form, files)


def measure_size(label: str, work: Path) -> dict:
    form, files, per_file = SIZES[label]
    archive = work / label / "raw"
    shutil.copytree(ROOT / "data" / "raw", archive)
    _generate(archive, form, files, per_file)
    firsts = [_measure("pipeline", str(archive), str(work / label / "0" / "warehouse.duckdb"))]
    while firsts[0]["wall_s"] < REPEATED_BELOW_SECONDS and len(firsts) < REPEATS:
        warehouse = work / label / str(len(firsts)) / "warehouse.duckdb"
        firsts.append(_measure("pipeline", str(archive), str(warehouse)))
    first = median_run(firsts) if len(firsts) > 1 else firsts[0]
    warehouse = work / label / str(len(firsts) - 1) / "warehouse.duckdb"
    second = _measure("pipeline", str(archive), str(warehouse))
    floor = median_run([_measure("floor", str(archive), form) for _ in range(REPEATS)])
    _generate(archive, form, files + 1, per_file)  # the same files again and one new release
    third = _measure("pipeline", str(archive), str(warehouse))
    shutil.rmtree(work / label)
    return {"label": label, "form": form, "files": files, "rows": files * per_file,
            "first": first, "second": second, "third": third, "floor": floor}  # fmt: skip


def baseline(work: Path) -> dict:
    """The shipped archive alone: the figure the README states; an unchanged run; an
    incremental night with one new startups release; the progress site and an analyst's first
    query, both from its release."""
    firsts = []
    for attempt in range(REPEATS):
        warehouse = work / "shipped" / str(attempt) / "warehouse.duckdb"
        firsts.append(_measure("pipeline", str(ROOT / "data" / "raw"), str(warehouse)))
    second = _measure("pipeline", str(ROOT / "data" / "raw"), str(warehouse))
    site = measure_site(warehouse, work / "site")
    query = first_query(warehouse)
    archive = work / "shipped" / "raw"
    shutil.copytree(ROOT / "data" / "raw", archive)
    new_startups_release(archive, "startups_DT_142N_G205_all_regions_2026H1_bench_rev.csv")
    incremental = _measure("pipeline", str(archive), str(warehouse))
    shutil.rmtree(work / "shipped")
    return {"first": median_run(firsts), "second": second, "firsts": firsts, "site": site,
            "incremental": incremental, "query": query}  # fmt: skip


# An analyst's first query from a new process: `sti sql` as typed, timed this many times.
QUERY_RUNS = 10
FIRST_QUERY = (
    "select kpi_id, year, actual, status from marts.kpi_progress where kpi_id = 'tech_workers'"
)


def first_query(warehouse: Path) -> dict:
    """Wall milliseconds of `sti sql` from process start to its answer (median, every run)."""
    sti = Path(sys.executable).parent / "sti"
    env = {**os.environ, "STI_WAREHOUSE": str(warehouse)}
    walls = []
    for _ in range(QUERY_RUNS):
        start = time.perf_counter()
        subprocess.run([str(sti), "sql", FIRST_QUERY], env=env, check=True, capture_output=True)
        walls.append(round((time.perf_counter() - start) * 1000))
    return {"median_ms": sorted(walls)[len(walls) // 2], "walls_ms": walls}


def measure_site(warehouse: Path, work: Path) -> dict:
    """`sti site` in a fresh process, REPEATS times into new folders, then once more onto the
    first (unchanged: nothing rewritten); the folders compared byte for byte."""
    from sti.reports.site.build import same_tree

    folders = [work / str(i) for i in range(REPEATS)]
    builds = [_measure("site", str(warehouse), str(folder)) for folder in folders]
    again = _measure("site", str(warehouse), str(folders[0]))
    identical = all(same_tree(folders[0], folder) for folder in folders[1:])
    shutil.rmtree(work)
    return {"build": median_run(builds), "again": again, "identical": identical}


def median_run(runs: list[dict]) -> dict:
    """The run of median wall time (of an odd number of runs), with every run's wall time."""
    ordered = sorted(runs, key=lambda run: run["wall_s"])
    return {**ordered[len(ordered) // 2], "walls": [run["wall_s"] for run in runs]}


def _slowest(steps: dict[str, float]) -> str:
    top = sorted(steps.items(), key=lambda item: -item[1])[:SLOWEST_STEPS_SHOWN]
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in top)


def _added(run: dict, shipped: dict) -> float:
    """Seconds a size adds to a run of the shipped archive: the part the floor is compared with
    (the shipped run's fixed cost, evaluation drafts included, is no ingestion)."""
    return round(run["wall_s"] - shipped["first"]["wall_s"], 2)


# Steps from reading the archive to the marts (with their blocking checks): what the issue's
# "ingest-to-mart" names; consistency checks, publication and exports come after the marts.
INGEST_TO_MART_STEPS = ("raw__", "staging__", "marts__")


def _ingest(run: dict) -> float:
    """Seconds of the steps from the archive to the marts (the executor runs one at a time)."""
    return sum(s for key, s in run["steps"].items() if key.startswith(INGEST_TO_MART_STEPS))


def _row(r: dict, shipped: dict) -> str:
    first, second, third, floor = r["first"], r["second"], r["third"], r["floor"]
    whole = first["wall_s"] / floor["wall_s"] if floor["wall_s"] else float("nan")
    return (
        f"| {r['label']} | {r['form']} | {r['files']} | {r['rows']:,} | {first['success']}"
        f" | {first['wall_s']} | {_measured(r, shipped, 'added')} | {first['peak_mb']}"
        f" | {floor['wall_s']} | {floor['peak_mb']} | {whole:.1f}"
        f" | {_measured(r, shipped, 'ratio')} | {_measured(r, shipped, 'ingest_added')}"
        f" | {_measured(r, shipped, 'ingest_ratio')} | {second['wall_s']}"
        f" | {second['materialized']} | {third['wall_s']} | {third['peak_mb']}"
        f" | {third['materialized']} |"
    )


# (target, size label, what is measured, limit): the targets, in its words
TARGETS = [
    ("10M establishment rows: peak memory <= 2 GB", "census-10M", "peak_mb", 2048),
    (
        "10M establishment rows: ingest-to-mart added time <= 3 x floor",
        "census-10M",
        "ingest_ratio",
        3.0,
    ),
    (
        "10M cells of KOSIS web CSV: ingest-to-mart added time <= 3 x floor",
        "10M",
        "ingest_ratio",
        3.0,
    ),
    ("10M cells of KOSIS web CSV: peak memory <= 2 GB", "10M", "peak_mb", 2048),
    ("1M rows of KOSIS long CSV: <= 10 s added", "1M-long", "added", 10.0),
    ("1M rows of KOSIS long CSV: peak memory <= 1 GB", "1M-long", "peak_mb", 1024),
    # issue 37
    (
        "60M establishment rows: ingest-to-mart added time <= 2 x floor (issue 37)",
        "census-60M",
        "ingest_ratio",
        2.0,
    ),
    ("60M establishment rows: peak memory <= 3 GB (issue 37)", "census-60M", "peak_mb", 3072),
    (
        "10M cells of KOSIS web CSV: whole run added time <= 3 x floor (issue 37)",
        "10M",
        "ratio",
        3.0,
    ),
]
# Shown beside the targets, judged by no limit: the whole run's added time over the floor, which
# also counts what follows the marts (the revisions check, publication, the Parquet export of
# every row, the drafts) and which the ingest-to-mart targets leave out.
REFERENCES = [
    ("10M establishment rows: whole-run added time / floor", "census-10M", "ratio"),
]
# Issue 37's limits beside the shipped data
FULL_RUN_SECONDS = 6.0
INCREMENTAL_SECONDS = 4.0
FIRST_QUERY_MS = 150


def _measured(result: dict, shipped: dict, what: str) -> float:
    added = _added(result["first"], shipped)
    ingest = round(_ingest(result["first"]) - _ingest(shipped["first"]), 2)
    floor = result["floor"]["wall_s"]
    # ratios to two decimals: at one, 3.03 x the floor read as 3.0 and met a "<= 3" target
    if what == "ratio":
        return round(added / floor, 2) if floor else float("nan")
    if what == "ingest_added":
        return ingest
    if what == "ingest_ratio":
        return round(ingest / floor, 2) if floor else float("nan")
    if what == "added":
        return added
    return float(result["first"][what])


def targets(shipped: dict, results: list[dict]) -> list[str]:
    by_label = {r["label"]: r for r in results}
    lines = ["| target | measured | met |", "|---|---|---|"]
    for name, label, what, limit in TARGETS:
        if label in by_label:
            result = by_label[label]
            value = _measured(result, shipped, what)
            met = result["first"]["success"] and value <= limit  # a failed run meets nothing
            lines.append(f"| {name} | {value:g} | {'yes' if met else 'no'} |")
    for name, label, what in REFERENCES:
        if label in by_label:
            value = _measured(by_label[label], shipped, what)
            lines.append(f"| {name} | {value:g} | reference, not a target |")
    for small, large, times in LINEAR_PAIRS:
        if small in by_label and large in by_label:
            # the steps that scale with the input: a size's added wall time carries the noise of
            # the ~15 s every run spends anyway (census-1M adds 0.1-0.7 s, so its ratio was noise)
            growth = _measured(by_label[large], shipped, "ingest_added") / max(
                _measured(by_label[small], shipped, "ingest_added"), 0.01
            )
            lines.append(
                f"| time linear from {small} to {large} (ingest-to-mart added time x{times} for"
                f" x{times} input) "
                f"| x{growth:.1f} | {'yes' if growth <= times * LINEAR_SLACK else 'no'} |"
            )
            memory = by_label[large]["first"]["peak_mb"] / max(
                by_label[small]["first"]["peak_mb"], 1
            )
            lines.append(
                f"| memory linear from {small} to {large} (peak x{times} at most) "
                f"| x{memory:.1f} | {'yes' if memory <= times else 'no'} |"
            )
    unchanged = max([shipped["second"], *(r["second"] for r in results)], key=lambda x: x["wall_s"])
    rebuilt = max(r["materialized"] for r in [shipped["second"], *(x["second"] for x in results)])
    lines.append(
        f"| unchanged inputs: no asset rebuilt | {rebuilt} rebuilt | {'yes' if rebuilt == 0 else 'no'} |"
    )
    lines.append(
        f"| unchanged inputs: run <= 5 s (slowest size) | {unchanged['wall_s']} s "
        f"| {'yes' if unchanged['wall_s'] <= 5 else 'no'} |"
    )
    full = shipped["first"]["wall_s"]
    lines.append(
        f"| full run of the shipped data <= 12 s | {full} s | {'yes' if full <= 12 else 'no'} |"
    )
    return (
        lines
        + shipped_targets(shipped)
        + (site_targets(shipped["site"]) if "site" in shipped else [])
    )


def shipped_targets(shipped: dict) -> list[str]:
    """Issue 37's targets on the shipped data: the full run, one new startups release, and an
    analyst's first query."""
    full = shipped["first"]["wall_s"]
    lines = [
        f"| shipped data, full run <= {FULL_RUN_SECONDS:g} s (issue 37) | {full} s "
        f"| {'yes' if full <= FULL_RUN_SECONDS else 'no'} |"
    ]
    night = shipped.get("incremental")
    if night:
        wall = night["wall_s"]
        met = night["success"] and wall <= INCREMENTAL_SECONDS
        lines.append(
            f"| shipped data plus one new startups release, incremental night <= "
            f"{INCREMENTAL_SECONDS:g} s (issue 37) | {wall} s, {night['materialized']} assets "
            f"| {'yes' if met else 'no'} |"
        )
    query = shipped.get("query")
    if query:
        ms = query["median_ms"]
        lines.append(
            f"| first analyst query from a new process (`sti sql`) <= {FIRST_QUERY_MS} ms "
            f"(issue 37) | {ms} ms | {'yes' if ms <= FIRST_QUERY_MS else 'no'} |"
        )
    return lines


def site_targets(site: dict) -> list[str]:
    """Issue 35: the site builds from the shipped data in a few seconds, byte-identical."""
    build, again = site["build"]["wall_s"], site["again"]
    return [
        f"| progress site from the shipped release <= {SITE_SECONDS:g} s (issue 35, 'a few"
        f" seconds') | {build} s | {'yes' if build <= SITE_SECONDS else 'no'} |",
        f"| progress site: built {REPEATS} times, byte-identical"
        f" | {'identical' if site['identical'] else 'differ'} | {'yes' if site['identical'] else 'no'} |",
        f"| progress site: unchanged rebuild rewrites nothing | {again['wall_s']} s,"
        f" {'rewritten' if again['changed'] else 'untouched'} | {'no' if again['changed'] else 'yes'} |",
    ]


def report(shipped: dict, results: list[dict], command: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "Each figure is a run in a fresh process; the machine may be shared, so take them as"
        f" rough: the shipped full run, each floor and each size's first run when it took under"
        f" {REPEATED_BELOW_SECONDS:g} s are the median of {REPEATS} runs (all shown). Inputs,"
        " added to the shipped archive: bench/generate.py (deterministic synthetic"
        f" releases of DT_142N_G205, {CELLS_PER_FILE:,} cells each, ~1 % `X`; `web` and `long`)"
        ", bench/census_microdata.py (establishment rows, one file per census year;"
        " `census`) and bench/rnd_projects.py (NTIS-shaped R&D project rows, one file per year;"
        " `rnd`). *Added* is the run's wall time minus the shipped run's: what the inputs"
        " cost beyond the fixed work of every run (evaluation drafts, checks, publication)."
        " *Ingest-to-mart added* counts only the steps from the archive to the marts and their"
        " blocking checks (`raw`, `staging`, `marts`), minus the same steps of the shipped run:"
        " the consistency checks, publication and exports (Parquet files of every row,"
        " evaluation drafts) that follow are in *added*, not in it. *Peak MB* of a run is the"
        " largest resident memory of its Python processes together (the run and its Great"
        " Expectations process, the libraries both map counted once, sampled every 20 ms;"
        " bench/process_memory.py) or the run"
        " process's own peak if higher; chromium, which prints the PDF reports, is not counted.",
        "",
        "## Targets (issue 12)",
        "",
        "The issue's targets, in its words; the whole-run ratios beside them (marked reference)"
        " also count what follows the marts (the revisions check, publication, the Parquet"
        " export of every row, the evaluation drafts), which its ingest-to-mart targets leave"
        " out.",
        "",
        *targets(shipped, results),
        "",
        "## Shipped data",
        "",
        "| run | wall s | peak MB | assets materialized |",
        "|---|---|---|---|",
    ]
    for name in ("first", "second"):
        run = shipped[name]
        walls = run.get("walls")
        label = f"{name} (median of {', '.join(map(str, walls))})" if walls else name
        lines.append(f"| {label} | {run['wall_s']} | {run['peak_mb']} | {run['materialized']} |")
    night = shipped.get("incremental")
    if night:
        lines.append(
            f"| one new startups release | {night['wall_s']} | {night['peak_mb']} "
            f"| {night['materialized']} |"
        )
        lines += ["", f"One new startups release, slowest steps: {_slowest(night['steps'])}."]
    query = shipped.get("query")
    if query:
        lines += [
            "",
            f'First analyst query (`sti sql "{FIRST_QUERY}"`, a new process each time):'
            f" median {query['median_ms']} ms of {', '.join(map(str, query['walls_ms']))} ms.",
        ]
    site = shipped.get("site", {}).get("build")
    lines += (
        []
        if site is None
        else [
            "",
            "Progress site (`sti site`, a fresh process, imports included): "
            f"{site['wall_s']} s (median of {', '.join(map(str, site['walls']))}), peak"
            f" {site['peak_mb']} MB, {site['pages']} pages, {site['files']} files, home page"
            f" {site['home_bytes']:,} bytes.",
        ]
    )
    lines += [
        "",
        "## Synthetic inputs beside the hand-written DuckDB floor",
        "",
        "| size | form | files | rows or cells | ok | pipeline wall s | added s | peak MB | floor s"
        " | floor peak MB | wall / floor | added / floor | ingest-to-mart added s"
        " | ingest-to-mart added / floor | unchanged re-run s | assets rebuilt"
        " | one new release s | its peak MB | assets rebuilt |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(_row(r, shipped) for r in results),
    ]
    for what, name in (("floor", "Floor runs"), ("first", "Pipeline first runs")):
        walls = [f"{r['label']} {', '.join(map(str, r[what]['walls']))}" for r in results
                 if "walls" in r[what]]  # fmt: skip
        if walls:
            lines += ["", f"{name}, s (the median run is in the table): {'; '.join(walls)}."]
    failed = [
        (r["label"], n, r[n]) for r in results for n in ("first", "third") if not r[n]["success"]
    ]
    if failed:
        lines += ["", "## Failed runs", ""]
        for label, name, run in failed:
            lines.append(f"- {label}, {name} run: " + " / ".join(run["failures"][:FAILURE_LINES]))
    lines += ["", "## Slowest steps (seconds)", ""]
    for r in results:
        lines.append(f"- {r['label']}: {_slowest(r['first']['steps'])}")
        lines.append(f"- {r['label']}, one new release: {_slowest(r['third']['steps'])}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sti-bench-") as tmp:
        work = Path(tmp)
        shipped = baseline(work)
        results = []
        command = "python -m bench.run --sizes " + " ".join(args.sizes)
        for label in args.sizes:
            results.append(measure_size(label, work))
            # written after every size, so a long run leaves what it has measured
            args.out.write_text(report(shipped, results, command), encoding="utf-8")
            print(f"{label}: wrote {args.out}")


if __name__ == "__main__":
    main()
