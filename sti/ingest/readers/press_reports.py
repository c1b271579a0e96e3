"""Press reports of official figures (form press_report): one row per figure, with the release
it comes from and the article that reported it.

Some releases the plan's KPIs need (연구개발활동조사, R-COSTII editions after 2021) reach us only
as PDF briefs whose headline figures newspapers reported. Such a file is the *reported* tier:
each row keeps the figure as printed (`as_published`), the release it names and the article, so
a reader can always go back to both. The sidecar's mapping declares what each indicator label and
each region label of the file means:

    period_column: year            # or edition (R-COSTII: an edition is its own period)
    indicators:                    # label in the file -> catalogue indicator and the file's unit
      researchers: {indicator: researchers, unit: 명}
      rcostii_total: {indicator: rcostii_total, unit: 점, rank_indicator: rcostii_total_rank}
      rcostii_total_mean: {indicator: rcostii_total_regional_mean, unit: 점, region: 전국}
    regions:                       # labels that are not region names, with the region they are
      "수도권 (서울·경기·인천)": 수도권

A figure's vintage is the release's publication date: the day the figure was public (the
article, often a day or two later, is recorded beside it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from sti.errors import InputError, InputProblem
from sti.ingest.readers.cell_values import NUMBER_PATTERN
from sti.ingest.readers.csv_records import csv_records, refuse_non_text
from sti.reference.indicators import Indicator
from sti.reference.regions import RegionResolver
from sti.reference.units import conversion_factor

FORM = "press_report"
REQUIRED_COLUMNS = (
    "indicator", "region", "value", "unit", "as_published",
    "source", "source_published", "reported_by", "reported_url", "reported_on",
)  # fmt: skip
PERIOD_COLUMNS = ("year", "edition")
URL_SCHEMES = ("https://", "http://")
SAVE_AGAIN = "save the transcription again as UTF-8 CSV"
_NUMBER = re.compile(NUMBER_PATTERN)
_WHOLE = re.compile(r"^\d+$")

PRESS_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_id": pl.String,
    "source_file": pl.String,
    "source_sha256": pl.String,
    "source_row": pl.Int64,
    "source_column": pl.String,
    "indicator_id": pl.String,
    "region_id": pl.String,
    "industry_code": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "edition": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "value_raw": pl.String,
    "half_unit": pl.Float64,
    "as_published": pl.String,
    "series": pl.String,
    "release_title": pl.String,
    "release_date": pl.Date,
    "reported_by": pl.String,
    "reported_url": pl.String,
    "reported_on": pl.Date,
    "vintage": pl.Date,
}


@dataclass(frozen=True)
class PressSource:
    """What the sidecar says of one press file."""

    raw_file: str
    source_id: str
    sha256: str
    series: str | None
    mapping: dict[str, Any]


@dataclass
class _Record:
    """One line of the file; its problems are collected, not raised, so one read names every
    broken cell of the file."""

    file: str
    line: int
    cells: dict[str, str]
    problems: list[InputProblem] = field(default_factory=list)

    def text(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def fail(self, column: str, rule: str) -> None:
        found = self.text(column)
        self.problems.append(InputProblem(self.file, rule, self.line, column, found or None))

    def number(self, column: str) -> float | None:
        if not _NUMBER.fullmatch(self.text(column)):
            self.fail(column, "not a number (digits with an optional sign and decimal point)")
            return None
        return float(self.text(column))

    def date(self, column: str, required: bool) -> dt.date | None:
        if not self.text(column) and not required:
            return None
        try:
            return dt.date.fromisoformat(self.text(column))
        except ValueError:
            self.fail(column, "not a date written YYYY-MM-DD")
            return None


def read_press_file(
    root: Path,
    source: PressSource,
    regions: RegionResolver,
    indicators: dict[str, Indicator],
) -> pl.DataFrame:
    """Every figure of one press file (a rank beside a score is a figure of its own), or an
    InputError naming each broken cell."""
    data = (root / source.raw_file).read_bytes()
    refuse_non_text(source.raw_file, data, SAVE_AGAIN)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            InputProblem(source.raw_file, f"not UTF-8 text (byte {error.start}): {SAVE_AGAIN}")
        ) from None
    records = csv_records(text, source.raw_file)
    header = [name.strip() for name in (records[0][1] if records else [])]
    period_column = source.mapping.get("period_column", "year")
    _check_header(source.raw_file, header, period_column)
    rows: list[dict[str, Any]] = []
    problems: list[InputProblem] = []
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        record = _Record(source.raw_file, line, dict(zip(header, cells, strict=False)))
        if len(cells) != len(header):
            record.problems.append(
                InputProblem(
                    source.raw_file,
                    f"{len(cells)} cells where the header has {len(header)}",
                    line,
                )
            )
        else:
            rows += _figures(record, source, period_column, regions, indicators)
        problems += record.problems
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError(InputProblem(source.raw_file, "holds no figure (only a header)"))
    return pl.DataFrame(rows, schema=PRESS_COLUMNS)


def _check_header(file: str, header: list[str], period_column: str) -> None:
    if period_column not in PERIOD_COLUMNS:
        raise InputError(
            InputProblem(
                file, f"the sidecar's mapping.period_column must be one of {PERIOD_COLUMNS}",
                value=period_column,
            )
        )  # fmt: skip
    missing = [c for c in (*REQUIRED_COLUMNS, period_column) if c not in header]
    if missing:
        raise InputError(
            InputProblem(file, f"the header lacks the column(s) {', '.join(missing)}", row=1)
        )


def _figures(
    record: _Record,
    source: PressSource,
    period_column: str,
    regions: RegionResolver,
    indicators: dict[str, Indicator],
) -> list[dict[str, Any]]:
    declared = (source.mapping.get("indicators") or {}).get(record.text("indicator"))
    if declared is None:
        record.fail("indicator", "this indicator label is not declared in the sidecar mapping")
        return []
    common = _common(record, source, period_column, declared, regions)
    figures = [_figure(record, "value", declared["indicator"], declared, common, indicators)]
    if declared.get("rank_indicator") and record.text("rank"):
        rank = {**declared, "unit": "위"}
        figures.append(
            _figure(record, "rank", declared["rank_indicator"], rank, common, indicators)
        )
    if record.problems:
        return []
    return [f for f in figures if f is not None]


def _common(
    record: _Record,
    source: PressSource,
    period_column: str,
    declared: dict[str, Any],
    regions: RegionResolver,
) -> dict[str, Any]:
    label = declared.get("region") or record.text("region")
    named = (source.mapping.get("regions") or {}).get(label, label)
    region = regions.by_name(named)
    if region is None:
        record.fail(
            "region", "not a known region name, nor a label the sidecar's mapping.regions declares"
        )
    period = record.text(period_column)
    if not _WHOLE.fullmatch(period):
        record.fail(period_column, "not a year (four digits)")
    if record.text("unit") != declared.get("unit"):
        record.fail("unit", f"the sidecar declares this indicator in {declared.get('unit')!r}")
    url = record.text("reported_url")
    if not url.startswith(URL_SCHEMES):
        record.fail("reported_url", "not a web address (https:// or http://)")
    release_date = record.date("source_published", required=True)
    return {
        "source_id": source.source_id,
        "source_file": source.raw_file,
        "source_sha256": source.sha256,
        "source_row": record.line,
        "region_id": region,
        "industry_code": "_T",
        "period": period,
        "year": int(period) if _WHOLE.fullmatch(period) else None,
        "edition": period if period_column == "edition" else None,
        "as_published": record.text("as_published"),
        "series": source.series,
        "release_title": record.text("source"),
        "release_date": release_date,
        "reported_by": record.text("reported_by"),
        "reported_url": url,
        "reported_on": record.date("reported_on", required=False),
        "vintage": release_date,
    }


def _figure(
    record: _Record,
    column: str,
    indicator_id: str,
    declared: dict[str, Any],
    common: dict[str, Any],
    indicators: dict[str, Indicator],
) -> dict[str, Any] | None:
    indicator = indicators.get(indicator_id)
    if indicator is None:
        record.fail("indicator", f"the sidecar maps it to {indicator_id!r}, not in the catalogue")
        return None
    factor = conversion_factor(declared["unit"], indicator.unit)
    if factor is None:
        record.fail("unit", f"cannot be converted to {indicator.unit!r}, the catalogue unit")
        return None
    value = record.number(column)
    if value is None:
        return None
    decimals = len(record.text(column).partition(".")[2])
    return {
        **common,
        "source_column": column,
        "indicator_id": indicator_id,
        "value": value * factor,
        "unit": indicator.unit,
        "value_raw": record.text(column),
        # two reports agree when they differ by less than half a unit of the coarser print
        "half_unit": 0.5 * 10**-decimals * factor,
    }
