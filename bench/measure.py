"""One measurement, in its own process so that peak memory is this run's alone.

    python -m bench.measure pipeline <archive> <warehouse>   # the whole job, as `sti run`
    python -m bench.measure floor <archive> <form>           # the hand-written DuckDB floor
    python -m bench.measure site <warehouse> <folder>        # `sti site` on a published release

Prints one JSON object: wall seconds, peak RSS (MB; a run's counts the GX process it starts,
bench/process_memory.py) and, for the pipeline, seconds per step and the number of assets
materialized.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.process_memory import RunMemory, own_peak_mb

# The same work written by hand: read the synthetic files, unpivot the months (web), resolve the
# region and industry names, store the table. Identifiers are this module's constants.
FLOOR_SQL = {
    "web": """
        create or replace table floor as
        with cells as (
            unpivot (select * from read_csv(?, all_varchar = true, header = true, filename = true))
            on columns(* exclude (항목, 업종별, 시도별, filename))
            into name period_label value value_raw
        ),
        names as (select name, industry_code from read_csv(?)),
        regions as (select name, region_id from read_csv(?))
        select c.filename, r.region_id, n.industry_code, c.period_label,
               try_cast(c.value_raw as double) as value
        from cells as c
        join regions as r on r.name = c.시도별
        join names as n on n.name = trim(c.업종별)
    """,
    "long": """
        create or replace table floor as
        with cells as (
            select * from read_csv(?, all_varchar = true, header = true, filename = true)
        ),
        names as (select name, industry_code from read_csv(?)),
        regions as (select name, region_id from read_csv(?))
        select c.filename, r.region_id, n.industry_code, c.PRD_DE as period_label,
               try_cast(c.DT as double) as value
        from cells as c
        join regions as r on r.name = c.C2_NM
        join names as n on n.name = trim(c.C1_NM)
    """,
    # year x region x performer type (and the performer and national totals) of R&D project
    # rows: projects and the sum of government funding, what the rnd_projects form produces
    "rnd": """
        create or replace table floor as
        with projects as (
            select 기준연도 as year, 연구수행지역코드 as region_code, 연구수행주체 as performer,
                   cast(정부연구비 as bigint) as funding
            from read_csv(?, header = true, all_varchar = true)
        )
        select p.year, coalesce(p.region_code, '00') as region_code,
               coalesce(p.performer, '계') as performer,
               count(*) as projects, sum(p.funding) as funding
        from projects as p
        group by grouping sets ((p.year, p.region_code, p.performer), (p.year, p.region_code),
                                (p.year, p.performer), (p.year))
    """,
    # year x region x KSIC section (and the region and national totals) of establishment rows:
    # what the census_microdata reader and staging produce
    "census": """
        create or replace table floor as
        with establishments as (
            select 조사기준연도 as year, 시도코드 as region_code,
                   substr(산업분류코드, 1, 2) as division,
                   cast(남자종사자수 as bigint) + cast(여자종사자수 as bigint) as workers
            from read_csv(?, header = true, all_varchar = true)
        )
        select e.year, coalesce(e.region_code, '00') as region_code,
               coalesce(d.section, '_T') as section,
               count(*) as establishments, sum(e.workers) as workers
        from establishments as e
        join divisions as d on d.division = e.division
        group by grouping sets ((e.year, e.region_code, d.section), (e.year, e.region_code),
                                (e.year, d.section), (e.year))
    """,
}


def pipeline(archive: Path, warehouse: Path) -> dict:
    """As `sti run`: plan against the published release, then build what changed (or nothing)."""
    start = time.perf_counter()
    from pipelines.run_plans import next_plan

    plan = next_plan(warehouse, archive)
    if plan.nothing_to_do:
        wall = time.perf_counter() - start
        return {"success": True, "failures": [], "wall_s": round(wall, 2),
                "peak_mb": round(own_peak_mb()), "materialized": 0, "steps": {},
                "plan": plan.reason}  # fmt: skip
    from pipelines.run_in_process import execute, load_definitions, run_config

    load_definitions()  # as `sti run` does: before anything else imports Dagster
    import dagster as dg

    from sti.operations.run_report import check_lines, failure_lines

    config = run_config(warehouse, archive)
    with RunMemory() as memory:
        result = execute(plan, dg.DagsterInstance.ephemeral(), run_config=config)
    assert result is not None
    wall = time.perf_counter() - start
    steps = {
        event.step_key: round(event.step_success_data.duration_ms / 1000, 2)
        for event in result.all_events
        if event.event_type_value == "STEP_SUCCESS" and event.step_key
    }
    return {
        "success": result.success,
        "failures": failure_lines(result.all_events) + check_lines(result.all_events, "ERROR"),
        "wall_s": round(wall, 2),
        "peak_mb": round(memory.peak_mb()),
        "materialized": len(result.get_asset_materialization_events()),
        "steps": steps,
        "plan": plan.reason,
    }


def _utf8_copy(path: Path, folder: Path) -> str:
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    target.write_text(path.read_bytes().decode("cp949"), encoding="utf-8")
    return str(target)


def floor(archive: Path, form: str) -> dict:
    import duckdb

    from sti.paths import RAW_DIR

    if form in ("census", "rnd"):
        return _microdata_floor(archive, form)
    files = sorted(str(p) for p in (archive / "kosis" / f"bench_{form}").glob("*.csv"))
    start = time.perf_counter()
    if form == "web":  # DuckDB reads no CP949 without an extension from the network: transcode
        files = [_utf8_copy(Path(f), archive.parent / "floor_utf8") for f in files]
    conn = duckdb.connect(str(archive.parent / f"floor_{form}.duckdb"))
    conn.execute(
        FLOOR_SQL[form],
        [
            files,
            str(RAW_DIR / "reference" / "industry_names.csv"),
            str(RAW_DIR / "reference" / "region_names.csv"),
        ],
    )
    rows = conn.execute("select count(*) from floor").fetchone()[0]  # type: ignore[index]
    conn.close()
    return {"wall_s": round(time.perf_counter() - start, 2), "peak_mb": round(own_peak_mb()),
            "rows": rows}  # fmt: skip


def _microdata_floor(archive: Path, form: str) -> dict:
    """The floor of a microdata form: one aggregate over its yearly files (census: the KSIC
    divisions of the archive's industries.csv joined as `divisions`)."""
    import duckdb
    import polars as pl

    from bench import census_microdata, rnd_projects
    from sti.reference.industries import IndustryResolver

    folder = {"census": census_microdata.FOLDER, "rnd": rnd_projects.FOLDER}[form]
    files = sorted(str(p) for p in (archive / folder).glob("*.csv"))
    start = time.perf_counter()
    conn = duckdb.connect(str(archive.parent / f"floor_{form}.duckdb"))
    if form == "census":
        sections = IndustryResolver(archive / "reference").section_of_division()
        conn.register(
            "divisions",
            pl.DataFrame({"division": list(sections), "section": list(sections.values())}),
        )
    conn.execute(FLOOR_SQL[form], [files])
    rows = conn.execute("select count(*) from floor").fetchone()[0]  # type: ignore[index]
    conn.close()
    return {"wall_s": round(time.perf_counter() - start, 2), "peak_mb": round(own_peak_mb()),
            "rows": rows}  # fmt: skip


def site(warehouse: Path, folder: Path) -> dict:
    """As `sti site`: the progress site of the published release as known today (imports
    included: the command starts a process of its own)."""
    start = time.perf_counter()
    import datetime as dt

    from sti.reports.site.build import build_site

    built = build_site(warehouse, folder, dt.date.today(), warehouse.parent / "extracts")
    return {"wall_s": round(time.perf_counter() - start, 2), "peak_mb": round(own_peak_mb()),
            "pages": built.pages, "files": built.files, "home_bytes": built.home_bytes,
            "changed": built.changed}  # fmt: skip


def main() -> None:
    kind, first, second = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if kind == "pipeline":
        out = pipeline(first, Path(second))
    elif kind == "site":
        out = site(first, Path(second))
    else:
        out = floor(first, second)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
