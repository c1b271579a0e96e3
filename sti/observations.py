"""Cells -> observations: apply a sidecar's declared mapping to the cells a reader produced.

An observation is one value of one indicator for one region, industry and period, in the
catalogue's canonical unit, with its status and the exact place in the raw file it came from.
Problems are not raised here: each row carries a `problem` text (null when fine) so the staging
check reports every broken cell of a file at once, each with its file, row and column.

The sidecar's `mapping` declares how labels become dimensions:

    key_columns: [ITM_NM, C2_NM]    # label columns whose joined text selects a rule (default: all)
    region_column: C1_NM            # region from a label (names), or
    region_code_column: C1          # from a code of the sidecar's code_system
    industry_column: C2_NM          # industry from a label (industry_names.csv), or
    industry_code_column: 산업대분류  # from a code of industries.csv (microdata roll-ups)
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
from sti.readers.cells import NUMBER_PATTERN, parse_cell
from sti.readers.periods import parse_period
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
    ctx: _Context, rule: dict[str, Any], labels: dict[str, str]
) -> tuple[str | None, str | None]:
    """(region id, problem) from the rule or a name label; codes are dated (_region_codes)."""
    if rule.get("region"):
        label = rule["region"]
        return ctx.regions.by_name(label), f"region {label!r} is not a known region name"
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
    if ctx.mapping.get("industry_code_column"):
        column = ctx.mapping["industry_code_column"]
        code = labels.get(column, "")
        return (code if code in ctx.industries.industries else None), (
            f"industry {code!r} is not a code of reference/industries.csv (column {column})"
        )
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


# What one distinct label set of a file means: its rule and the dimensions it resolves to.
_LABEL_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "labels": pl.String,
    "ignored": pl.Boolean,
    "has_rule": pl.Boolean,
    "indicator_id": pl.String,
    "unit": pl.String,
    "factor": pl.Float64,
    "series": pl.String,
    "edition": pl.String,
    "region_id": pl.String,
    "region_code": pl.String,
    "industry_code": pl.String,
    "p_rule": pl.String,
    "p_indicator": pl.String,
    "p_region": pl.String,
    "p_industry": pl.String,
    "p_unit_label": pl.String,
    "p_conversion": pl.String,
}
_PERIOD_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "period_label": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "month": pl.Int32,
    "period_end": pl.Date,
    "preliminary": pl.Boolean,
    "estimate": pl.Boolean,
    "p_period": pl.String,
}
_VALUE_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "value_raw": pl.String,
    "preliminary": pl.Boolean,
    "parsed": pl.Float64,
    "status": pl.String,
    "p_value": pl.String,
}
# The order in which a cell's problems are listed (the order they are found in).
_PROBLEM_ORDER = (
    "p_rule", "p_period", "p_value", "p_indicator", "p_region", "p_region_code", "p_industry",
    "p_unit_label", "p_conversion", "p_existence",
)  # fmt: skip


def _label_facts(ctx: _Context, text: str) -> dict[str, Any]:
    """Everything that depends on a cell's labels alone, worked out once per label set."""
    labels: dict[str, str] = json.loads(text)
    rule, key = _rule(ctx, labels)
    facts: dict[str, Any] = {"labels": text, "ignored": False, "has_rule": bool(rule)}
    if rule is None and key in (ctx.mapping.get("ignore") or {}):
        return {**facts, "ignored": True}
    if rule is None:
        facts["p_rule"] = f"row label {key!r} is not declared in the sidecar mapping"
        rule = {}
    indicator = ctx.indicators.get(rule.get("indicator", ""))
    unit = rule.get("unit")
    facts |= {
        "indicator_id": rule.get("indicator"),
        "unit": indicator.unit if indicator else unit,
        "series": rule.get("series", ctx.source.get("series")),
        "edition": rule.get("edition", ctx.mapping.get("edition")),
    }
    if rule and indicator is None:
        facts["p_indicator"] = f"indicator {rule.get('indicator')!r} is not in the catalogue"
    if rule:
        _label_region(ctx, rule, labels, facts)
        facts["p_unit_label"] = "; ".join(_unit_label_problems(ctx, labels, unit)) or None
    facts["industry_code"], industry_problem = _industry(ctx, rule, labels)
    if facts["industry_code"] is None:
        facts["p_industry"] = industry_problem
    if indicator is not None:
        facts["factor"] = conversion_factor(unit or "", indicator.unit)
        if facts["factor"] is None:
            facts["p_conversion"] = (
                f"unit {unit!r} cannot be converted to {indicator.unit!r}, the catalogue unit "
                f"of {indicator.indicator_id}"
            )
    return facts


def _label_region(
    ctx: _Context, rule: dict[str, Any], labels: dict[str, str], facts: dict[str, Any]
) -> None:
    """A region named by the rule or a label; a code is resolved later, with its period."""
    if not rule.get("region") and ctx.mapping.get("region_code_column"):
        facts["region_code"] = labels.get(ctx.mapping["region_code_column"], "")
        return
    facts["region_id"], problem = _region(ctx, rule, labels)
    if facts["region_id"] is None:
        facts["p_region"] = problem


def _period_facts(ctx: _Context, label: str) -> dict[str, Any]:
    period = parse_period(label)
    if period is None:
        return {"period_label": label, "preliminary": False, "estimate": False,
                "p_period": f"{label!r} is not a period"}  # fmt: skip
    preliminary = period.preliminary or period.key in ctx.source.get("preliminary_periods", [])
    return {
        "period_label": label,
        "period": period.key,
        "year": period.year,
        "month": period.month,
        "period_end": period_end(period.year, period.month),
        "preliminary": preliminary,
        "estimate": period.estimate,
    }


def _value_facts(text: str | None, preliminary: bool) -> dict[str, Any]:
    parsed = parse_cell(text, preliminary=preliminary)
    return {
        "value_raw": text,
        "preliminary": preliminary,
        "parsed": parsed.value,
        "status": parsed.status,
        "p_value": parsed.problem,
    }


def _region_codes(ctx: _Context, frame: pl.DataFrame) -> pl.DataFrame:
    """Region ids of (code, period) pairs: a code's meaning depends on the date (sources.md)."""
    system = ctx.source.get("code_system") or "name"
    column = ctx.mapping["region_code_column"]
    pairs = frame.filter(pl.col("region_code").is_not_null() & pl.col("period").is_not_null())
    rows = []
    for code, period, end in (
        pairs.select("region_code", "period", "period_end").unique().iter_rows()
    ):
        found = ctx.regions.by_code(system, code, end)
        problem = f"region code {code!r} is not a {system} code valid in {period} (column {column})"
        rows.append({"region_code": code, "period": period, "code_region": found,
                     "p_region_code": None if found else problem})  # fmt: skip
    schema = {"region_code": pl.String, "period": pl.String, "code_region": pl.String,
              "p_region_code": pl.String}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def _existence(ctx: _Context, frame: pl.DataFrame) -> pl.DataFrame:
    """A region used for a period before it existed (unless the source restates it)."""
    restated = ctx.mapping.get("restated_regions") or {}
    rows = []
    pairs = frame.filter(pl.col("region_id").is_not_null() & pl.col("period").is_not_null())
    for region_id, period, end in (
        pairs.select("region_id", "period", "period_end").unique().iter_rows()
    ):
        region = ctx.regions.regions[region_id]
        if region.valid_from and end < region.valid_from and region_id not in restated:
            problem = f"region {region_id} did not exist yet in {period} (from {region.valid_from})"
            rows.append({"region_id": region_id, "period": period, "p_existence": problem})
    schema = {"region_id": pl.String, "period": pl.String, "p_existence": pl.String}
    return pl.DataFrame(rows, schema=schema)


def _with_values(frame: pl.DataFrame) -> pl.DataFrame:
    """Each cell's value, status and problem. A plain number (most cells, and mostly distinct)
    is cast as a column; every other text (markers, estimates, broken cells) goes through
    parse_cell once per distinct text."""
    text = pl.col("value_raw").str.strip_chars()
    number = text.cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        (text.str.contains(NUMBER_PATTERN) & number.is_not_null()).fill_null(False).alias("_plain")
    )
    values = pl.DataFrame(
        [_value_facts(text, prelim) for text, prelim in
         frame.filter(~pl.col("_plain")).select("value_raw", "preliminary").unique().iter_rows()],
        schema=_VALUE_FACTS,
    )  # fmt: skip
    plain = pl.col("_plain")
    status = pl.when(pl.col("preliminary")).then(pl.lit("preliminary")).otherwise(pl.lit("final"))
    return frame.join(
        values, on=["value_raw", "preliminary"], how="left", nulls_equal=True
    ).with_columns(
        pl.when(plain).then(number).otherwise(pl.col("parsed")).alias("parsed"),
        pl.when(plain).then(status).otherwise(pl.col("status")).alias("status"),
    )


def _interpret(ctx: _Context, cells: pl.DataFrame) -> pl.DataFrame:
    """Join each cell to the facts of its label set, period header and text (each worked out
    once), then combine them: a file of millions of cells has a few thousand distinct ones."""
    frame = cells.select(
        "labels", "period_label", "value_raw", "source_file", "source_row", "source_column"
    ).with_row_index("_order")
    if ctx.mapping.get("blank_cells") == "skip":
        # a transcription's blank cell is a year the document does not state
        frame = frame.filter(pl.col("value_raw").fill_null("").str.strip_chars() != "")
    labels = pl.DataFrame(
        [_label_facts(ctx, text) for text in frame["labels"].unique()], schema=_LABEL_FACTS
    )
    periods = pl.DataFrame(
        [_period_facts(ctx, label) for label in frame["period_label"].unique()],
        schema=_PERIOD_FACTS,
    )
    frame = frame.join(labels.filter(~pl.col("ignored")), on="labels", how="inner").join(
        periods, on="period_label", how="left"
    )
    frame = _with_values(frame)
    if ctx.mapping.get("region_code_column"):
        frame = frame.join(
            _region_codes(ctx, frame), on=["region_code", "period"], how="left", nulls_equal=True
        ).with_columns(pl.coalesce("region_id", "code_region").alias("region_id"))
    else:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("p_region_code"))
    frame = frame.join(
        _existence(ctx, frame), on=["region_id", "period"], how="left", nulls_equal=False
    )
    return frame.sort("_order")


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
    if cells.is_empty():
        return pl.DataFrame(schema=OBSERVATION_SCHEMA)
    frame = _interpret(ctx, cells)
    factor = pl.col("factor")
    converted = pl.when(factor.is_not_null() & pl.col("parsed").is_not_null())
    problem = pl.concat_str([pl.col(c) for c in _PROBLEM_ORDER], separator="; ", ignore_nulls=True)
    return frame.select(
        "indicator_id",
        "region_id",
        "industry_code",
        "period",
        "year",
        "month",
        converted.then((pl.col("parsed") * factor).round(CONVERTED_DECIMALS))
        .otherwise(pl.col("parsed"))
        .alias("value"),
        "unit",
        pl.when(pl.col("estimate") & (pl.col("status") == "final"))
        .then(pl.lit("estimate"))
        .otherwise(pl.col("status"))
        .alias("status"),
        "series",
        "edition",
        pl.lit(ctx.source["vintage"]).cast(pl.Date).alias("vintage"),
        pl.lit(ctx.source["source_id"], pl.String).alias("source_id"),
        "source_file",
        pl.lit(ctx.source["sha256"], pl.String).alias("source_sha256"),
        "source_row",
        "source_column",
        "value_raw",
        pl.when(problem != "").then(problem).alias("problem"),
    ).cast(OBSERVATION_SCHEMA)  # type: ignore[arg-type]
