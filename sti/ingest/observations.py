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

import duckdb
import polars as pl

from sti.db.enum_columns import retype
from sti.db.sql_files import load_sql
from sti.ingest.cell_storage import LABEL_SET_NUMBER
from sti.ingest.readers.cell_table import ROW_LABEL_SEPARATOR
from sti.ingest.readers.cell_values import NUMBER_PATTERN, parse_cell
from sti.ingest.readers.periods import parse_period
from sti.reference.indicators import Indicator, catalogue
from sti.reference.industries import ALL_INDUSTRIES, IndustryResolver, default_industries
from sti.reference.regions import RegionResolver, default_resolver
from sti.reference.units import CONVERTED_DECIMALS, conversion_factor

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
# The text columns of few distinct values (a handful per file), stored as ENUMs in the staging
# tables (sti/db/enum_columns.py); value_raw and problem hold a text per cell and stay VARCHAR.
OBSERVATION_ENUM_COLUMNS = (
    "indicator_id",
    "region_id",
    "industry_code",
    "period",
    "unit",
    "status",
    "series",
    "edition",
    "source_id",
    "source_file",
    "source_sha256",
    "source_column",
)


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
    "source_file": pl.String,
    "label_set": pl.Int32,
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
    "source_file": pl.String,
    "period_label": pl.String,
    "period": pl.String,
    "year": pl.Int32,
    "month": pl.Int32,
    "period_end": pl.Date,
    "preliminary": pl.Boolean,
    "estimate": pl.Boolean,
    "p_period": pl.String,
}
# The texts that are not plain numbers (markers, estimates, broken cells), under both statuses.
_VALUE_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "value_raw": pl.String,
    "preliminary": pl.Boolean,
    "blank": pl.Boolean,
    "parsed": pl.Float64,
    "status": pl.String,
    "p_value": pl.String,
}
_REGION_CODE_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "region_code": pl.String,
    "period": pl.String,
    "code_region": pl.String,
    "p_region_code": pl.String,
}
_EXISTENCE_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "source_file": pl.String,
    "region_id": pl.String,
    "period": pl.String,
    "p_existence": pl.String,
}
_FILE_FACTS: dict[str, pl.DataType | type[pl.DataType]] = {
    "raw_file": pl.String,
    "source_id": pl.String,
    "sha256": pl.String,
    "vintage": pl.Date,
    "skip_blank": pl.Boolean,
}
# The relations sql/staging/observations.sql reads, made for one statement (temp tables): the
# cells (the columns of sql/staging/observation_cells.sql: file, row, column, label set, period
# header, text and `cell_order`), their files' label sets (raw.table_cell_label_sets columns)
# and their files' distinct period headers (source_file, period_label) are views the caller
# makes.
CELLS_VIEW = "_obs_cells"
LABEL_SETS_VIEW = "_obs_label_sets"
PERIOD_HEADERS_VIEW = "_obs_period_headers"
_FACT_TABLES = ("_obs_files", "_obs_labels", "_obs_periods", "_obs_values",
               "_obs_region_codes", "_obs_existence")  # fmt: skip


def _label_facts(ctx: _Context, label_set: int, text: str) -> dict[str, Any]:
    """Everything that depends on a cell's labels alone, worked out once per label set."""
    labels: dict[str, str] = json.loads(text)
    rule, key = _rule(ctx, labels)
    facts: dict[str, Any] = {"label_set": label_set, "ignored": False, "has_rule": bool(rule)}
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


def _value_facts(text: str, preliminary: bool) -> dict[str, Any]:
    parsed = parse_cell(text, preliminary=preliminary)
    return {
        "value_raw": text,
        "preliminary": preliminary,
        "blank": not text.strip(),
        "parsed": parsed.value,
        "status": parsed.status,
        "p_value": parsed.problem,
    }


def _region_codes(
    ctx: _Context, labels: list[dict[str, Any]], periods: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Region ids of a file's (code, period) pairs: a code's meaning depends on the date
    (sources.md). Every code with every period of the file: both are few."""
    if not ctx.mapping.get("region_code_column"):
        return []
    system = ctx.source.get("code_system") or "name"
    column = ctx.mapping["region_code_column"]
    codes = {f["region_code"] for f in labels if f.get("region_code") is not None}
    rows = []
    for code in sorted(codes):
        for period in (p for p in periods if p.get("period") is not None):
            found = ctx.regions.by_code(system, code, period["period_end"])
            problem = (
                f"region code {code!r} is not a {system} code valid in {period['period']} "
                f"(column {column})"
            )
            rows.append({"region_code": code, "period": period["period"], "code_region": found,
                         "p_region_code": None if found else problem})  # fmt: skip
    return rows


def _existence(
    ctx: _Context, region_ids: set[str], periods: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A region used for a period before it existed (unless the source restates it)."""
    restated = ctx.mapping.get("restated_regions") or {}
    rows = []
    for region_id in sorted(region_ids - set(restated)):
        valid_from = ctx.regions.regions[region_id].valid_from
        for period in (p for p in periods if p.get("period") is not None):
            if valid_from and period["period_end"] < valid_from:
                problem = f"region {region_id} did not exist yet in {period['period']} (from {valid_from})"
                rows.append({"region_id": region_id, "period": period["period"], "p_existence": problem})  # fmt: skip
    return rows


def _context(
    source: dict[str, Any], regions: RegionResolver, industries: IndustryResolver
) -> _Context:
    """A raw.source_files row (its mapping as JSON text) and what its labels resolve against."""
    mapping = json.loads(source.get("mapping") or "{}")
    return _Context(
        source={**source, "mapping": mapping},
        mapping=mapping,
        regions=regions,
        industries=industries,
        indicators=catalogue(),
    )


def _by_file(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, list[tuple]]:
    """Rows of `sql` (source file first) per source file, in the query's order."""
    found: dict[str, list[tuple]] = {}
    for file, *rest in conn.execute(sql).fetchall():
        found.setdefault(file, []).append(tuple(rest))
    return found


def _file_facts(
    conn: duckdb.DuckDBPyConnection, ctx: dict[str, _Context]
) -> dict[str, pl.DataFrame]:
    """The facts of every distinct label set and period header of each file, worked out once."""
    labels = _by_file(
        conn, f"select source_file, label_set, labels from {LABEL_SETS_VIEW} order by all"
    )
    headers = _by_file(
        conn, f"select source_file, period_label from {PERIOD_HEADERS_VIEW} order by all"
    )
    facts: dict[str, list[dict[str, Any]]] = {name: [] for name in _FACT_TABLES}
    # A label set means the same in every file of the same mapping and series: the releases of
    # one table are interpreted once (100 releases of 396 label sets: 0.66 -> 0.2 s).
    meanings: dict[tuple[str, str | None, str], dict[str, Any]] = {}
    for file, context in ctx.items():
        declared = json.dumps(context.mapping, sort_keys=True), context.source.get("series")
        file_labels = []
        for label_set, text in labels.get(file, []):
            meaning = meanings.get((*declared, text))
            if meaning is None:
                meaning = meanings[(*declared, text)] = _label_facts(context, 0, text)
            file_labels.append({**meaning, "label_set": label_set})
        periods = [_period_facts(context, text) for (text,) in headers.get(file, [])]
        regions = {f["region_id"] for f in file_labels if f.get("region_id")}
        codes = _region_codes(context, file_labels, periods)
        regions |= {c["code_region"] for c in codes if c["code_region"]}
        for name, rows in (("_obs_labels", file_labels), ("_obs_periods", periods),
                           ("_obs_region_codes", codes),
                           ("_obs_existence", _existence(context, regions, periods))):  # fmt: skip
            facts[name] += [{**row, "source_file": file} for row in rows]
    schemas = {"_obs_labels": _LABEL_FACTS, "_obs_periods": _PERIOD_FACTS,
               "_obs_region_codes": _REGION_CODE_FACTS, "_obs_existence": _EXISTENCE_FACTS}  # fmt: skip
    return {name: pl.DataFrame(facts[name], schema=schema) for name, schema in schemas.items()}


def _value_frame(conn: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Facts of each distinct text that is not a plain number (a null cell reads as '')."""
    texts = conn.execute(
        f"select distinct coalesce(value_raw, '') from {CELLS_VIEW} "
        "where not coalesce(regexp_full_match(value_raw, $pattern) "
        "and try_cast(value_raw as double) is not null, false)",
        {"pattern": NUMBER_PATTERN},
    ).fetchall()
    rows = [_value_facts(text, prelim) for (text,) in sorted(texts) for prelim in (False, True)]
    return pl.DataFrame(rows, schema=_VALUE_FACTS)


def register_facts(
    conn: duckdb.DuckDBPyConnection,
    files: pl.DataFrame,
    regions: RegionResolver | None = None,
    industries: IndustryResolver | None = None,
) -> None:
    """Work out the facts of each distinct label set, period header and text of the cells in the
    view `_obs_cells` (sql/staging/observation_cells.sql's columns) of `files` (raw.source_files
    rows), whose label sets are in the view `_obs_label_sets` and period headers in
    `_obs_period_headers`, and store them in temp tables
    (`_obs_*`) for `observation_rows`: a file of millions of cells has a few thousand distinct
    ones, interpreted once in Python. The fact tables stay until `forget_facts`."""
    regions, industries = regions or default_resolver(), industries or default_industries()
    ctx = {
        row["raw_file"]: _context(row, regions, industries) for row in files.iter_rows(named=True)
    }
    frames = _file_facts(conn, ctx)
    frames["_obs_values"] = _value_frame(conn)
    frames["_obs_files"] = pl.DataFrame(
        [{"raw_file": file, "source_id": c.source["source_id"], "sha256": c.source["sha256"],
          "vintage": c.source["vintage"], "skip_blank": c.mapping.get("blank_cells") == "skip"}
         for file, c in ctx.items()],
        schema=_FILE_FACTS,
    )  # fmt: skip
    for name, frame in frames.items():
        # temp tables, not registered frames: DuckDB then knows their sizes and builds its hash
        # tables on them, never on the cells
        conn.register("_facts_frame", frame)
        conn.execute(f"create or replace temp table {name} as select * from _facts_frame")
        conn.unregister("_facts_frame")


def observation_rows(conn: duckdb.DuckDBPyConnection, statement: str) -> None:
    """Run `statement` over the observations of the cells whose facts `register_facts` stored.

    `statement` names the rows `{rows}` (`insert into t select ... from ({rows})`): they have
    OBSERVATION_SCHEMA's columns and `cell_order`, the facts joined to the cells in DuckDB
    (sql/staging/observations.sql)."""
    # The joins run as written, every fact table a hash table probed by the cells: left to
    # itself the optimizer joins the label and period facts first on their file (as many rows as
    # cells, 10 million at 10M) and builds a hash table of that.
    conn.execute("set disabled_optimizers = 'join_order'")
    try:
        conn.execute(
            statement.format(rows=load_sql("staging", "observations")),
            {"decimals": CONVERTED_DECIMALS, "pattern": NUMBER_PATTERN},
        )
    finally:
        conn.execute("reset disabled_optimizers")


# Fact columns that become observation columns as they are (sql/staging/observations.sql):
# fact table -> {fact column: observation column}. Typed with the staging table's ENUMs
# (`type_facts`), the joins hand their values over with no cast (10M rows: 5.05 -> 4.47 s).
FACT_ENUM_COLUMNS = {
    "_obs_labels": {
        "indicator_id": "indicator_id",
        "unit": "unit",
        "series": "series",
        "edition": "edition",
        "industry_code": "industry_code",
        "region_id": "region_id",
    },
    "_obs_region_codes": {"code_region": "region_id"},
    "_obs_periods": {"period": "period"},
    "_obs_files": {"source_id": "source_id", "sha256": "source_sha256"},
}


def type_facts(conn: duckdb.DuckDBPyConnection, types: dict[str, str]) -> None:
    """Type the fact columns of FACT_ENUM_COLUMNS with the types `types` names for their
    observation columns (observation column -> type; a column without one stays text)."""
    for table, columns in FACT_ENUM_COLUMNS.items():
        typed = {fact: types[column] for fact, column in columns.items() if column in types}
        retype(conn, f"temp.{table}", typed)


def forget_facts(conn: duckdb.DuckDBPyConnection) -> None:
    """Drop the fact tables observation_rows made and the cells and label set views."""
    for name in _FACT_TABLES:
        conn.execute(f"drop table if exists temp.{name}")
    conn.execute(f"drop view if exists {CELLS_VIEW}")
    conn.execute(f"drop view if exists {LABEL_SETS_VIEW}")
    conn.execute(f"drop view if exists {PERIOD_HEADERS_VIEW}")


def observations_from_cells(
    cells: pl.DataFrame,
    source: dict[str, Any],
    regions: RegionResolver | None = None,
    industries: IndustryResolver | None = None,
) -> pl.DataFrame:
    """Interpret the cells of one raw file. `source` is its raw.source_files row, mapping parsed."""
    files = pl.DataFrame([{**source, "mapping": json.dumps(source.get("mapping") or {})}])
    return observations_of_frame(files, cells, regions, industries)


def observations_of_frame(
    files: pl.DataFrame,
    cells: pl.DataFrame,
    regions: RegionResolver | None = None,
    industries: IndustryResolver | None = None,
) -> pl.DataFrame:
    """Observations of cells held in memory of `files` (raw.source_files rows), in the cells'
    order: the same statement as staging (`observation_rows`), on a connection of their own."""
    if cells.is_empty():
        return pl.DataFrame(schema=OBSERVATION_SCHEMA)
    numbered = cells.with_row_index("cell_order").with_columns(LABEL_SET_NUMBER)
    label_sets = numbered.select("source_file", "label_set", "labels").unique()
    with duckdb.connect() as conn:
        conn.register("_cells_frame", numbered.drop("labels", "row_labels"))
        conn.register("_label_sets_frame", label_sets)
        conn.execute(f"create temp view {CELLS_VIEW} as select * from _cells_frame")
        conn.execute(f"create temp view {LABEL_SETS_VIEW} as select * from _label_sets_frame")
        conn.execute(
            f"create temp view {PERIOD_HEADERS_VIEW} as "
            "select distinct source_file, period_label from _cells_frame"
        )
        columns = ", ".join(OBSERVATION_SCHEMA)
        statement = f"create temp table _obs_out as select {columns} from ({{rows}})"
        register_facts(conn, files, regions, industries)
        observation_rows(conn, statement + " order by cell_order")
        rows = conn.sql("select * from _obs_out").pl()
        return rows.cast(OBSERVATION_SCHEMA)  # type: ignore[arg-type]
