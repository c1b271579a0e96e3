"""Where each KPI's actuals come from (data/raw/targets/kpi_sources.csv): a department's yearly
report (which sub-task, hence which department) or an official release (which source, and so,
through sti/ingest/release_calendar.yaml, when its next release is due)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.errors import InputProblem
from sti.ingest.freshness import (
    calendar,
    calendar_basis,
    calendar_release_date,
    expected_latest,
)
from sti.ingest.tabular_input import model_problems, read_text_csv

SOURCES_FILE = Path("targets") / "kpi_sources.csv"
ACTUALS_FROM = ("department_report", "official_release")
DEPARTMENT_SOURCE = "department_reports"


def read_kpi_sources(root: Path) -> pl.DataFrame:
    file, frame = read_text_csv(root / SOURCES_FILE, root)
    return frame.with_columns(
        pl.col("document_line").cast(pl.Int32), pl.lit(file).alias("source_file")
    )


class KpiSourceRow(pa.DataFrameModel):
    kpi_id: str = pa.Field(unique=True)
    actuals_from: str = pa.Field(isin=list(ACTUALS_FROM))
    subtask_code: str = pa.Field(nullable=True, str_matches=r"^[1-4]-[1-9]-[1-9]$")
    source_id: str
    source_ko: str
    source_en: str

    @pa.dataframe_check(name="a department report names its sub-task; an official release none")
    def subtask_for_departments(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("actuals_from") == "department_report") == pl.col("subtask_code").is_not_null()
        )

    @pa.dataframe_check(name="department reports come from the source department_reports")
    def department_source(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("actuals_from") == "department_report")
            == (pl.col("source_id") == DEPARTMENT_SOURCE)
        )


def validate_kpi_sources(
    frame: pl.DataFrame, kpis: set[str], subtasks: set[str]
) -> list[InputProblem]:
    """Model rules, plus: every KPI has exactly one row, every sub-task is the plan's, and every
    source has a release calendar entry (so the KPI can say when its next figure is due)."""
    file = str(SOURCES_FILE)
    problems = model_problems(KpiSourceRow, frame, file, label="kpi_id")
    listed = set(frame["kpi_id"])
    problems += [
        InputProblem(file, f"KPI {k} of kpi_targets.csv has no source row", column="kpi_id")
        for k in sorted(kpis - listed)
    ]
    known = calendar()
    for row in frame.iter_rows(named=True):
        where = {"row": row["source_row"], "value": None}
        if row["kpi_id"] not in kpis:
            problems.append(
                InputProblem(file, "not a KPI of kpi_targets.csv", column="kpi_id", **where)
            )
        if row["subtask_code"] and row["subtask_code"] not in subtasks:
            problems.append(
                InputProblem(file, "not a sub-task of the plan", column="subtask_code", **where)
            )
        if row["source_id"] not in known:
            problems.append(
                InputProblem(
                    file,
                    "no entry in sti/ingest/release_calendar.yaml: add when it publishes",
                    column="source_id",
                    **where,
                )
            )
    return problems


KPI_SOURCE_SCHEMA: dict[str, Any] = {
    "kpi_id": pl.String,
    "name_ko": pl.String,
    "name_en": pl.String,
    "actuals_from": pl.String,
    "subtask_code": pl.String,
    "departments_ko": pl.String,
    "departments_en": pl.String,
    "source_id": pl.String,
    "source_ko": pl.String,
    "source_en": pl.String,
    "latest_actual_year": pl.Int32,
    "latest_actual_source": pl.String,
    "latest_actual_tier": pl.String,
    "replaced_by": pl.String,
    "awaiting_year": pl.Int32,
    "awaiting_release_date": pl.Date,
    "release_date_basis": pl.String,
    "awaiting_overdue": pl.Boolean,
    "missing_years": pl.List(pl.Int32),
    "note": pl.String,
    "checked_on": pl.Date,
}


def _last_due_year(source_id: str, today: dt.date) -> int | None:
    """The newest whole year the source should have released by `today` (with its grace
    days), as checks.freshness says it: a monthly source's year is whole with its December."""
    expectation = expected_latest(source_id, today)
    if expectation is None:
        return None
    period = expectation.expected_latest
    if len(period) == 7:  # YYYY-MM
        year, month = int(period[:4]), int(period[5:])
        return year if month == 12 else year - 1
    return int(period[:4])


def _awaiting(
    source_id: str, years: list[int], with_actual: set[int], today: dt.date
) -> tuple[int | None, dt.date | None, bool | None, list[int]]:
    """(awaited year, its due date, overdue, the KPI years due by today without an actual).
    The awaited year is the newest one due and missing, the year checks.freshness expects,
    so the two never name different reports; with none missing, the first year still to come."""
    last_due = _last_due_year(source_id, today)
    missing = [y for y in years if y not in with_actual and last_due is not None and y <= last_due]
    later = [y for y in years if y not in with_actual and y > max(with_actual, default=0)]
    awaited = missing[-1] if missing else (later[0] if later else None)
    if awaited is None:
        return None, None, None, missing
    due = calendar_release_date(source_id, str(awaited))
    if due is None:
        return awaited, None, None, missing
    grace = dt.timedelta(days=int(calendar()[source_id].get("grace_days", 0)))
    return awaited, due, due + grace < today, missing


def _replaced_by(latest: dict | None, successors: dict[str, str]) -> str | None:
    """For a reported actual, the release that will take over from it (its sidecar's
    citation.replaced_by), else why none is named."""
    if latest is None or "reported" not in (latest["actual_tier"] or ""):
        return None
    named = [successors[s] for s in sorted(successors) if s in (latest["actual_source"] or "")]
    return "; ".join(named) or "the producer's release (not named in the press file's sidecar)"


def _before_follow_up(series: pl.DataFrame, kpi_id: str) -> dict | None:
    """The newest value of the KPI's series, as an actual row (year, actual_source, actual_tier)."""
    own = series.filter(pl.col("kpi_id") == kpi_id).sort("year")
    if own.is_empty():
        return None
    row = own.row(-1, named=True)
    return {
        "year": row["year"],
        "actual_source": f"{row['source']} ({row['phase']})",
        "actual_tier": row["tier"],
    }


def kpi_source_rows(
    sources: pl.DataFrame,
    progress: pl.DataFrame,
    departments: pl.DataFrame,
    today: dt.date,
    successors: dict[str, str] | None = None,
    series: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per KPI: who or what fills it, its latest actual (and its tier: a reported one
    names the release that will replace it, `successors`: source id -> that release), and the
    release awaited next. A KPI with no actual in its followed years shows the newest value of
    its series before them (`series`: marts.kpi_series), e.g. a year before its baseline."""
    owners = departments.group_by("subtask_code").agg(
        pl.col("department_ko").sort().str.join(", ").alias("departments_ko"),
        pl.col("department_en").sort().str.join(", ").alias("departments_en"),
    )
    owned = {r["subtask_code"]: r for r in owners.iter_rows(named=True)}
    rows = []
    for src in sources.iter_rows(named=True):
        kpi = progress.filter(pl.col("kpi_id") == src["kpi_id"]).sort("year")
        with_actual = kpi.filter(pl.col("actual").is_not_null())
        latest = with_actual.row(-1, named=True) if with_actual.height else None
        if latest is None and series is not None:
            latest = _before_follow_up(series, src["kpi_id"])
        year, due, overdue, missing = _awaiting(
            src["source_id"], kpi["year"].to_list(), set(with_actual["year"].to_list()), today
        )
        dept = owned.get(src["subtask_code"], {})
        rows.append(
            {
                **{k: src[k] for k in ("kpi_id", "actuals_from", "subtask_code", "source_id")},
                **{k: src[k] for k in ("source_ko", "source_en", "note")},
                "name_ko": kpi["name_ko"][0] if kpi.height else None,
                "name_en": kpi["name_en"][0] if kpi.height else None,
                "departments_ko": dept.get("departments_ko"),
                "departments_en": dept.get("departments_en"),
                "latest_actual_year": latest["year"] if latest else None,
                "latest_actual_source": latest["actual_source"] if latest else None,
                "latest_actual_tier": latest["actual_tier"] if latest else None,
                "replaced_by": _replaced_by(latest, successors or {}),
                "awaiting_year": year,
                "awaiting_release_date": due,
                "release_date_basis": calendar_basis(src["source_id"]),
                "awaiting_overdue": overdue,
                "missing_years": missing,
                "checked_on": today,
            }
        )
    return pl.DataFrame(rows, schema=KPI_SOURCE_SCHEMA)
