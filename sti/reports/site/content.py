"""What the progress site shows, read once from the published warehouse as known on a date.

The site reads exactly what the evaluation packages read (the same extracts, through the same
`Scope`, so a KPI's status on the site and in the package of the same as-of date are one
number), plus the plan's tree and each KPI's chart rows (sql/extracts/site_kpi_chart.sql). It
covers the plan's years and the national strategy's (to 2030). Nothing here formats: the pages
do (sti/reports/site/pages.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb

from sti.ingest.freshness import calendar_basis, calendar_release_date, freshness_frame
from sti.ingest.kosis_refresh import warehouse_periods
from sti.plan.implementation_rules import rollup_light
from sti.plan.kpi_rules import PLAN_FIRST_YEAR
from sti.reference.vocabulary import codes_by_korean
from sti.reports.evaluation.sheets import Scope, Sheet, build_sheets, current_status, query

# The 2026 national strategy sets targets for 2030 (seeds/004 line 23): the site covers the
# plan's years and the strategy's.
LAST_TARGET_YEAR = 2030
SITE_KIND = "progress_site"
MANIFEST = "manifest.json"


@dataclasses.dataclass(frozen=True)
class Package:
    """An evaluation package folder whose as-of date is not after the site's."""

    name: str
    folder: Path
    kind: str
    year: int
    as_of: str
    draft: bool
    files: dict[str, str]  # relative path -> sha256 (its manifest)


@dataclasses.dataclass(frozen=True)
class SiteData:
    as_of: dt.date
    release: dict[str, str]
    strategies: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    subtasks: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    kpis: list[dict[str, Any]]  # one per KPI known on the as-of date, with its current row
    chart: dict[str, list[dict[str, Any]]]  # kpi_id -> its chart rows
    sheets: dict[str, Sheet]
    freshness: list[dict[str, Any]]
    packages: list[Package]
    check_year: int | None  # the newest year whose department reports were due by the as-of

    def subtask_light(self, subtask_code: str) -> dict[str, Any]:
        """The sub-task's light in the newest year due (자료 없음 when nothing was due yet)."""
        for row in self.sheets["subtask_progress"].records():
            if row["subtask_code"] == subtask_code and row["year"] == self.check_year:
                return {
                    "code": _light_code(row["traffic_light_ko"]),
                    "reason": row["traffic_light_reason"],
                }
        return {"code": "no_report", "reason": None}

    def rolled_light(self, subtask_codes: list[str]) -> str:
        return rollup_light([self.subtask_light(code)["code"] for code in subtask_codes])


def _light_code(label_ko: str | None) -> str:
    return codes_by_korean("traffic_light").get(label_ko or "", "no_report")


def site_scope(as_of: dt.date) -> Scope:
    return Scope(
        SITE_KIND,
        as_of.year,
        as_of,
        PLAN_FIRST_YEAR,
        LAST_TARGET_YEAR,
        "과학기술진흥종합계획 추진 현황",
        "Progress of the S&T promotion master plan",
    )


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _kpis(
    conn: duckdb.DuckDBPyConnection, scope: Scope, kpi_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    meta = conn.execute(
        "select kpi_id, any_value(indicator_id), any_value(direction), any_value(target_kind),"
        " any_value(baseline_kind), any_value(interpolation), any_value(document),"
        " any_value(document_line), any_value(name_en)"
        " from marts.kpi_progress_as_of(?) group by kpi_id",
        [scope.as_of],
    ).fetchall()
    sources = {
        r["kpi_id"]: r
        for r in _rows(
            conn,
            "select kpi_id, subtask_code, departments_ko, departments_en, source_id,"
            " source_ko, source_en, replaced_by from marts.kpi_sources",
        )
    }
    current = current_status(kpi_rows)
    kpis = []
    for (
        kpi_id,
        indicator,
        direction,
        kind,
        baseline_kind,
        interpolation,
        doc,
        line,
        name_en,
    ) in sorted(meta):
        source = sources.get(kpi_id, {})
        kpis.append(
            {
                **current[kpi_id],
                "name_en": name_en,
                "indicator_id": indicator,
                "direction": direction,
                "target_kind": kind,
                "baseline_kind": baseline_kind,
                "interpolation": interpolation,
                "document": doc,
                "document_line": line,
                **{k: v for k, v in source.items() if k != "kpi_id"},
            }
        )
    order = {row["kpi_id"]: i for i, row in enumerate(kpi_rows)}
    return sorted(kpis, key=lambda k: order[k["kpi_id"]])


def next_release(kpi: dict[str, Any], chart: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The release that should bring the KPI's next year: the year after its newest actual (or
    after its baseline), dated by the release calendar of its source."""
    source = kpi.get("source_id")
    if not source:
        return None
    held = [r["year"] for r in chart if r["phase"] == "plan_year" and r["value"] is not None]
    year = (max(held) if held else max(PLAN_FIRST_YEAR - 1, int(kpi["baseline_year"] or 0))) + 1
    date = calendar_release_date(source, str(year))
    if date is None:
        return None
    return {"year": year, "date": date, "basis": calendar_basis(source)}


def _packages(extracts: Path | None, as_of: dt.date) -> list[Package]:
    if extracts is None or not extracts.is_dir():
        return []
    found = []
    for manifest_file in sorted(extracts.glob(f"*/{MANIFEST}")):
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        data = manifest["data"]
        if dt.date.fromisoformat(data["as_of"]) > as_of:
            continue
        folder = manifest_file.parent
        found.append(
            Package(
                folder.name,
                folder,
                data["kind"],
                int(data["year"]),
                data["as_of"],
                folder.name.endswith("_draft"),
                {**manifest["files"], MANIFEST: ""},
            )
        )
    return found


def _check_year(sheets: dict[str, Sheet], as_of: dt.date) -> int | None:
    due = [
        row["year"]
        for row in sheets["reporting_completeness"].records()
        if row["due_date"] is not None and row["due_date"] <= as_of
    ]
    return max(due) if due else None


def read_site(conn: duckdb.DuckDBPyConnection, as_of: dt.date, extracts: Path | None) -> SiteData:
    """Everything the pages show, as known on `as_of`."""
    scope = site_scope(as_of)
    sheets = {sheet.slug: sheet for sheet in build_sheets(conn, scope)}
    kpi_rows = sheets["kpi_achievement"].records()
    chart: dict[str, list[dict[str, Any]]] = {}
    for row in query(conn, "site_kpi_chart", scope):
        chart.setdefault(row["kpi_id"], []).append(row)
    held, reported = warehouse_periods(conn, as_of)
    freshness = list(freshness_frame(held, as_of, reported=reported).iter_rows(named=True))
    release = conn.execute(
        "select run_id, cast(published_at as varchar) from meta.build_info"
    ).fetchone()
    return SiteData(
        as_of=as_of,
        release={"run_id": release[0], "published_at": release[1]} if release else {},
        strategies=_rows(conn, "select * from marts.plan_strategy order by strategy_code"),
        tasks=_rows(conn, "select * from marts.plan_task order by task_code"),
        subtasks=_rows(conn, "select * from marts.plan_subtask order by subtask_code"),
        actions=_rows(conn, "select * from marts.plan_action order by subtask_code, action_no"),
        kpis=_kpis(conn, scope, kpi_rows),
        chart=chart,
        sheets=sheets,
        freshness=freshness,
        packages=_packages(extracts, as_of),
        check_year=_check_year(sheets, as_of),
    )
