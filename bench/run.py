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
from pathlib import Path

from bench.generate import CELLS_PER_FILE, generate

ROOT = Path(__file__).resolve().parent.parent
# size label -> (form, files): 100,188 cells per synthetic release
SIZES = {
    "100k": ("web", 1),
    "1M": ("web", 10),
    "10M": ("web", 100),
    "1M-long": ("long", 10),
}
SLOWEST_STEPS_SHOWN = 6


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


def measure_size(label: str, work: Path) -> dict:
    form, files = SIZES[label]
    archive = work / label / "raw"
    shutil.copytree(ROOT / "data" / "raw", archive)
    generate(archive, form, files)
    warehouse = work / label / "warehouse.duckdb"
    first = _measure("pipeline", str(archive), str(warehouse))
    second = _measure("pipeline", str(archive), str(warehouse))
    floor = _measure("floor", str(archive), form)
    generate(archive, form, files + 1)  # the same files again, byte for byte, and one new release
    third = _measure("pipeline", str(archive), str(warehouse))
    shutil.rmtree(work / label)
    return {"label": label, "form": form, "files": files, "cells": files * CELLS_PER_FILE,
            "first": first, "second": second, "third": third, "floor": floor}  # fmt: skip


def baseline(work: Path) -> dict:
    """The shipped archive alone: the figure the README states."""
    warehouse = work / "shipped" / "warehouse.duckdb"
    first = _measure("pipeline", str(ROOT / "data" / "raw"), str(warehouse))
    second = _measure("pipeline", str(ROOT / "data" / "raw"), str(warehouse))
    shutil.rmtree(work / "shipped")
    return {"first": first, "second": second}


def _slowest(steps: dict[str, float]) -> str:
    top = sorted(steps.items(), key=lambda item: -item[1])[:SLOWEST_STEPS_SHOWN]
    return ", ".join(f"{name} {seconds:.1f}" for name, seconds in top)


def report(shipped: dict, results: list[dict], command: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "Each figure is one run in a fresh process; the machine may be shared, so take them as"
        " rough. Inputs: bench/generate.py (deterministic synthetic releases of DT_142N_G205,"
        f" {CELLS_PER_FILE:,} cells each, ~1 % `X`), added to the shipped archive.",
        "",
        "## Shipped data",
        "",
        "| run | wall s | peak MB | assets materialized |",
        "|---|---|---|---|",
    ]
    for name in ("first", "second"):
        run = shipped[name]
        lines.append(f"| {name} | {run['wall_s']} | {run['peak_mb']} | {run['materialized']} |")
    lines += [
        "",
        "## Synthetic inputs beside the hand-written DuckDB floor",
        "",
        "| size | form | files | cells | ok | pipeline wall s | peak MB | floor s | floor peak MB"
        " | pipeline / floor | unchanged re-run s | assets rebuilt | one new release s"
        " | its peak MB | assets rebuilt |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        first, second, third, floor = r["first"], r["second"], r["third"], r["floor"]
        ratio = first["wall_s"] / floor["wall_s"] if floor["wall_s"] else float("nan")
        lines.append(
            f"| {r['label']} | {r['form']} | {r['files']} | {r['cells']:,} | {first['success']}"
            f" | {first['wall_s']} | {first['peak_mb']} | {floor['wall_s']} | {floor['peak_mb']}"
            f" | {ratio:.1f} | {second['wall_s']} | {second['materialized']}"
            f" | {third['wall_s']} | {third['peak_mb']} | {third['materialized']} |"
        )
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
