"""Cells -> observations: apply a sidecar's declared mapping to the cells a reader produced.

An observation is one value of one indicator for one region, industry and period, in the
catalogue's canonical unit, with its status and the exact place in the raw file it came from.
Problems are not raised here: each row carries a `problem` text (null when fine) so the staging
check reports every broken cell of a file at once, each with its file, row and column.

The sidecar's `mapping` declares how labels become dimensions:

    key_columns: [ITM_NM, C2_NM]    # label columns whose joined text selects a rule (default: all)
    region_column: C1_NM            # region from a label (names), or
    region_code_column: C1          # from a code of the sidecar's code_system
    industry_column: C2_NM          # industry from a label (industry_names.csv)
    rows:                           # rule per key: indicator, unit, and optionally region,
      "명목 | 지역내총생산(시장가격)": {indicator: grdp_nominal, unit: 백만원}  # industry, series
    ignore:                         # keys deliberately not loaded, each with its reason
      "...": "reason"
    ignore_columns: {name: reason}  # header columns that are not data (read by the reader)
    restated_regions: {KR-GJN: reason}  # regions the source restates before they existed
    blank_cells: skip               # transcriptions: a blank cell is a year not stated, not a value
    unit_column: UNIT_NM            # each row's unit label must equal its rule's unit, or
    unit_label: "백만원 %p"          # the one table-wide unit text of the file (when declared)
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from sti.catalogue import Indicator, catalogue
from sti.industries import ALL_INDUSTRIES, IndustryResolver, default_industries
from sti.readers.cell_table import ROW_LABEL_SEPARATOR
from sti.readers.cells import ParsedCell, parse_cell
from sti.readers.periods import Period, parse_period
from sti.regions import RegionResolver, default_resolver
from sti.units import CONVERTED_DECIMALS, conversion_factor

# The unit text column of KOSIS OpenAPI-style exports.
UNIT_COLUMN = "UNIT_NM"

OBSERVATION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "indicator_id": pl.String,
    "region_id": pl.String,
    "industry_code": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "month": pl.Int32,
    "value": pl.Float64,
    "unit": pl.String,
    "status": pl.String,
    "series": pl.String,
    "edition": pl.String,
    "vintage": pl.Date,
    "source_id": pl.String,
    "source_file": pl.String,
    "source_sha256": pl.String,
    "source_row": pl.Int64,
    "source_column": pl.String,
    "value_raw": pl.String,
    "problem": pl.String,
}


def period_end(year: int, month: int | None) -> dt.date:
    """The date on which a period's regions and codes are judged (its last day)."""
    if month is None:
        return dt.date(year, 12, 31)
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


@dataclass
class _Context:
    source: dict[str, Any]
    mapping: dict[str, Any]
    regions: RegionResolver
    industries: IndustryResolver
    indicators: dict[str, Indicator]


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _rule(ctx: _Context, labels: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
    columns = ctx.mapping.get("key_columns") or list(labels)
    key = ROW_LABEL_SEPARATOR.join(labels.get(c, "") for c in columns)
    rows: dict[str, Any] = ctx.mapping.get("rows", {})
    if key in rows:
        return rows[key], key
    wanted = _normalise(key)
    for candidate, rule in rows.items():
        if _normalise(candidate) == wanted:
            return rule, key
    return None, key


def _region(
    ctx: _Context, rule: dict[str, Any], labels: dict[str, str], period: Period | None
) -> tuple[str | None, str | None]:
    """(region id, problem)."""
    if rule.get("region"):
        label = rule["region"]
        return ctx.regions.by_name(label), f"region {label!r} is not a known region name"
    if ctx.mapping.get("region_code_column"):
        column = ctx.mapping["region_code_column"]
        code = labels.get(column, "")
        system = ctx.source.get("code_system") or "name"
        if period is None:
            return None, None
        found = ctx.regions.by_code(system, code, period_end(period.year, period.month))
        return found, (
            f"region code {code!r} is not a {system} code valid in {period.key} (column {column})"
        )
    if ctx.mapping.get("region_column"):
        column = ctx.mapping["region_column"]
        label = labels.get(column, "")
        return ctx.regions.by_name(label), (
            f"region {label!r} is not a known region name (column {column})"
        )
    return None, "the mapping names no region (rule region, region_column or region_code_column)"


def _industry(
    ctx: _Context, rule: dict[str, Any], labels: dict[str, str]
) -> tuple[str | None, str | None]:
    if rule.get("industry"):
        code = rule["industry"]
        return (
            code if code in ctx.industries.industries else None
        ), f"industry {code!r} is not a known industry code"
    if ctx.mapping.get("industry_column"):
        column = ctx.mapping["industry_column"]
        label = labels.get(column, "")
        return ctx.industries.by_name(label), (
            f"industry {label!r} is not a known industry label (column {column})"
        )
    return ALL_INDUSTRIES, None


def _unit_label_problems(ctx: _Context, labels: dict[str, str], unit: str | None) -> list[str]:
    """The file's own unit text must be the one declared, so a change of unit is never loaded
    silently (a release in 천원 instead of 백만원 would be 1,000 times too large)."""
    column = ctx.mapping.get("unit_column")
    if column is None:
        if UNIT_COLUMN in labels:
            return [
                f"the file has a {UNIT_COLUMN} column but the sidecar mapping declares no "
                f"unit_column: declare `unit_column: {UNIT_COLUMN}` (and `unit_label` when the "
                "column holds one table-wide text) so that a change of unit is caught"
            ]
        return []
    expected = ctx.mapping.get("unit_label", unit)
    found = labels.get(column)
    if found == expected:
        return []
    declared = "unit_label" if "unit_label" in ctx.mapping else "rule's unit"
    return [
        f"unit {found!r} in column {column} differs from the declared {expected!r} ({declared}); "
        "a release in another unit must be declared as such, not loaded as if it were the same"
    ]


def _observation(ctx: _Context, cell: dict[str, Any]) -> dict[str, Any] | None:
    labels: dict[str, str] = json.loads(cell["labels"])
    problems: list[str] = []
    rule, key = _rule(ctx, labels)
    if rule is None and key in (ctx.mapping.get("ignore") or {}):
        return None
    if ctx.mapping.get("blank_cells") == "skip" and not (cell["value_raw"] or "").strip():
        return None  # a transcription's blank cell is a year the document does not state
    period = parse_period(cell["period_label"])
    if rule is None:
        problems.append(f"row label {key!r} is not declared in the sidecar mapping")
        rule = {}
    if period is None:
        problems.append(f"{cell['period_label']!r} is not a period")
    preliminary = bool(
        period and (period.preliminary or period.key in ctx.source.get("preliminary_periods", []))
    )
    parsed = parse_cell(cell["value_raw"], preliminary=preliminary)
    if period and period.estimate and parsed.status == "final":
        parsed = ParsedCell(parsed.value, "estimate", parsed.problem)
    if parsed.problem:
        problems.append(parsed.problem)
    indicator = ctx.indicators.get(rule.get("indicator", ""))
    if rule and indicator is None:
        problems.append(f"indicator {rule.get('indicator')!r} is not in the catalogue")
    region_id, region_problem = _region(ctx, rule, labels, period) if rule else (None, None)
    if rule and region_id is None and region_problem:
        problems.append(region_problem)
    industry_code, industry_problem = _industry(ctx, rule, labels)
    if industry_code is None and industry_problem:
        problems.append(industry_problem)
    value, unit = parsed.value, rule.get("unit")
    if rule:
        problems += _unit_label_problems(ctx, labels, unit)
    if indicator is not None:
        factor = conversion_factor(unit or "", indicator.unit)
        if factor is None:
            problems.append(
                f"unit {unit!r} cannot be converted to {indicator.unit!r}, the catalogue unit of {indicator.indicator_id}"
            )
        elif value is not None:
            value = round(value * factor, CONVERTED_DECIMALS)
    if period and region_id:
        region = ctx.regions.regions[region_id]
        restated = region_id in (ctx.mapping.get("restated_regions") or {})
        if (
            region.valid_from
            and period_end(period.year, period.month) < region.valid_from
            and not restated
        ):
            problems.append(
                f"region {region_id} did not exist yet in {period.key} (from {region.valid_from})"
            )
    return {
        "indicator_id": rule.get("indicator"),
        "region_id": region_id,
        "industry_code": industry_code,
        "period": period.key if period else None,
        "year": period.year if period else None,
        "month": period.month if period else None,
        "value": value,
        "unit": indicator.unit if indicator else unit,
        "status": parsed.status,
        "series": rule.get("series", ctx.source.get("series")),
        "edition": rule.get("edition", ctx.mapping.get("edition")),
        "vintage": ctx.source["vintage"],
        "source_id": ctx.source["source_id"],
        "source_file": cell["source_file"],
        "source_sha256": ctx.source["sha256"],
        "source_row": cell["source_row"],
        "source_column": cell["source_column"],
        "value_raw": cell["value_raw"],
        "problem": "; ".join(problems) or None,
    }


def observations_from_cells(
    cells: pl.DataFrame,
    source: dict[str, Any],
    regions: RegionResolver | None = None,
    industries: IndustryResolver | None = None,
) -> pl.DataFrame:
    """Interpret the cells of one raw file. `source` is its raw.source_files row, mapping parsed."""
    ctx = _Context(
        source=source,
        mapping=source.get("mapping") or {},
        regions=regions or default_resolver(),
        industries=industries or default_industries(),
        indicators=catalogue(),
    )
    records = [
        obs for cell in cells.iter_rows(named=True) if (obs := _observation(ctx, cell)) is not None
    ]
    return pl.DataFrame(records, schema=OBSERVATION_SCHEMA)
