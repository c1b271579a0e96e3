"""Cells -> observations: apply a sidecar's declared mapping to the cells a reader produced.

An observation is one value of one indicator for one region and period, in the catalogue's
canonical unit, with its status and the exact place in the raw file it came from. Problems are
not raised here: each row carries a `problem` text (null when fine) so the staging check can
report every broken cell of a file at once, each with its file, row and column.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from sti.catalogue import catalogue
from sti.readers.cells import parse_cell
from sti.readers.periods import parse_period
from sti.regions import RegionResolver, default_resolver
from sti.units import CONVERTED_DECIMALS, conversion_factor

OBSERVATION_SCHEMA = {
    "indicator_id": pl.String,
    "region_id": pl.String,
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


def _period_end(year: int, month: int | None) -> dt.date:
    """The date on which a period's region set is judged (its last day)."""
    if month is None:
        return dt.date(year, 12, 31)
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def _row_rule(rows: dict[str, Any], label: str) -> dict[str, Any] | None:
    return rows.get(label) or rows.get(label.strip())


def observations_from_cells(
    cells: pl.DataFrame,
    source: dict[str, Any],
    resolver: RegionResolver | None = None,
) -> pl.DataFrame:
    """Interpret the cells of one raw file. `source` is its raw.files row (sidecar fields)."""
    resolver = resolver or default_resolver()
    indicators = catalogue()
    mapping = source["mapping"] or {}
    rows_rule: dict[str, Any] = mapping.get("rows", {})
    preliminary_periods = set(source.get("preliminary_periods") or [])
    records = []
    for cell in cells.iter_rows(named=True):
        problems: list[str] = []
        rule = _row_rule(rows_rule, cell["row_labels"])
        period = parse_period(cell["period_label"])
        if rule is None:
            problems.append(
                f"row label {cell['row_labels']!r} is not declared in the sidecar mapping"
            )
            rule = {}
        if period is None:
            problems.append(f"column {cell['period_label']!r} is not a period")
        preliminary = bool(period and (period.preliminary or period.key in preliminary_periods))
        parsed = parse_cell(cell["value_raw"], preliminary=preliminary)
        if period and period.estimate and parsed.status == "final":
            parsed = type(parsed)(parsed.value, "estimate", parsed.problem)
        if parsed.problem:
            problems.append(parsed.problem)
        indicator = indicators.get(rule.get("indicator", ""))
        if rule and indicator is None:
            problems.append(f"indicator {rule.get('indicator')!r} is not in the catalogue")
        region_label = rule.get("region")
        region_id = resolver.by_name(region_label) if region_label else None
        if rule and region_id is None:
            problems.append(f"region {region_label!r} is not a known region name")
        value = parsed.value
        unit = rule.get("unit")
        if indicator is not None:
            factor = conversion_factor(unit or "", indicator.unit)
            if factor is None:
                problems.append(
                    f"unit {unit!r} cannot be converted to the catalogue unit {indicator.unit!r} of {indicator.indicator_id}"
                )
            elif value is not None:
                value = round(value * factor, CONVERTED_DECIMALS)
        if period and region_id:
            region = resolver.regions[region_id]
            on = _period_end(period.year, period.month)
            if region.valid_from and on < region.valid_from:
                problems.append(
                    f"region {region_id} did not exist yet in {period.key} (from {region.valid_from})"
                )
        records.append(
            {
                "indicator_id": rule.get("indicator"),
                "region_id": region_id,
                "period": period.key if period else None,
                "year": period.year if period else None,
                "month": period.month if period else None,
                "value": value,
                "unit": indicator.unit if indicator else unit,
                "status": parsed.status,
                "series": rule.get("series", source.get("series")),
                "edition": rule.get("edition", mapping.get("edition")),
                "vintage": source["vintage"],
                "source_id": source["source_id"],
                "source_file": cell["source_file"],
                "source_sha256": source["sha256"],
                "source_row": cell["source_row"],
                "source_column": cell["source_column"],
                "value_raw": cell["value_raw"],
                "problem": "; ".join(problems) or None,
            }
        )
    return pl.DataFrame(records, schema=OBSERVATION_SCHEMA)
