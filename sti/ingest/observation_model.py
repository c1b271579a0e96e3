"""The pandera model every staging observation table must satisfy, and its failure report.

Validation is lazy (every failure of a file is collected) and always on a collected
`pl.DataFrame`: on a LazyFrame pandera checks only the schema unless asked for data checks
(stack.md §5), which would let bad values through silently.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

import duckdb
import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.db.warehouse_tables import checked_table
from sti.errors import InputProblem
from sti.ingest.readers.cell_values import STATUSES
from sti.reference.indicators import catalogue
from sti.reference.industries import default_industries
from sti.reference.regions import default_resolver

T = TypeVar("T")
MARKER_STATUSES = ("suppressed", "not_available")
OBSERVATION_KEY = [
    "indicator_id",
    "region_id",
    "industry_code",
    "period",
    "series",
    "edition",
    "vintage",
]


def by_indicator(attribute: str) -> dict[str, object]:
    """indicator id -> one attribute of its catalogue entry (unit, value_min, ...)."""
    return {key: getattr(ind, attribute) for key, ind in catalogue().items()}


def within_catalogue_range() -> pl.Expr:
    """`value` is null or within its indicator's catalogue range (an open end unchecked)."""
    low = pl.col("indicator_id").replace_strict(
        by_indicator("value_min"), default=None, return_dtype=pl.Float64
    )
    high = pl.col("indicator_id").replace_strict(
        by_indicator("value_max"), default=None, return_dtype=pl.Float64
    )
    value = pl.col("value")
    return value.is_null() | ((low.is_null() | (value >= low)) & (high.is_null() | (value <= high)))


class Observation(pa.DataFrameModel):
    """One value of one indicator, region and period, from one release of one source."""

    indicator_id: str = pa.Field(nullable=True)
    region_id: str = pa.Field(nullable=True)
    industry_code: str = pa.Field(nullable=True)
    period: str = pa.Field(nullable=True, str_matches=r"^\d{4}(-\d{2})?$")
    year: pl.Int32 = pa.Field(nullable=True, ge=1900)
    month: pl.Int32 = pa.Field(nullable=True, ge=1, le=12)
    value: float = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True)
    status: str = pa.Field(isin=list(STATUSES))
    series: str = pa.Field(nullable=True)
    edition: str = pa.Field(nullable=True)
    vintage: pl.Date
    source_id: str
    source_file: str
    source_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    source_row: pl.Int64 = pa.Field(ge=1)
    source_column: str
    value_raw: str = pa.Field(nullable=True)
    problem: str = pa.Field(nullable=True)

    class Config:
        strict = True
        unique = OBSERVATION_KEY

    @pa.check("problem", name="cell is readable as declared", element_wise=False)
    def no_input_problem(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_null())

    @pa.dataframe_check(name="indicator, region and period are identified")
    def identified(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("problem").is_not_null()
            | (
                pl.col("indicator_id").is_not_null()
                & pl.col("region_id").is_not_null()
                & pl.col("period").is_not_null()
            )
        )

    @pa.dataframe_check(name="value is present unless the cell is a marker (-, X, …)")
    def value_present(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("problem").is_not_null()
            | pl.col("value").is_not_null()
            | pl.col("status").is_in(MARKER_STATUSES)
        )

    @pa.dataframe_check(name="a marker (-, X, …) carries no value")
    def marker_has_no_value(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            ~pl.col("status").is_in(MARKER_STATUSES) | pl.col("value").is_null()
        )

    @pa.dataframe_check(name="indicator is in the catalogue")
    def known_indicator(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("indicator_id").is_null() | pl.col("indicator_id").is_in(list(catalogue()))
        )

    @pa.dataframe_check(name="unit is the catalogue unit of the indicator")
    def catalogue_unit(cls, data: PolarsData) -> pl.LazyFrame:
        units = by_indicator("unit")
        expected = pl.col("indicator_id").replace_strict(
            units, default=None, return_dtype=pl.String
        )
        return data.lazyframe.select(expected.is_null() | (pl.col("unit") == expected))

    @pa.dataframe_check(
        name="value within the catalogue range of the indicator (counts >= 0, shares 0-100)"
    )
    def catalogue_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(within_catalogue_range())

    @pa.dataframe_check(name="region is a known region")
    def known_region(cls, data: PolarsData) -> pl.LazyFrame:
        regions = list(default_resolver().regions)
        return data.lazyframe.select(
            pl.col("region_id").is_null() | pl.col("region_id").is_in(regions)
        )

    @pa.dataframe_check(name="industry is a known industry code")
    def known_industry(cls, data: PolarsData) -> pl.LazyFrame:
        codes = list(default_industries().industries)
        return data.lazyframe.select(
            pl.col("industry_code").is_null() | pl.col("industry_code").is_in(codes)
        )

    @pa.dataframe_check(name="period is not after the release it came from")
    def not_future(cls, data: PolarsData) -> pl.LazyFrame:
        # a period that begins after the release date cannot be in it (monthly rows included)
        start = pl.date(pl.col("year"), pl.col("month").fill_null(1), 1)
        return data.lazyframe.select(pl.col("year").is_null() | (start <= pl.col("vintage")))


_RULE_TEXT = {
    "multiple_fields_uniqueness": "one value per key (indicator, region, industry, period, series, "
    "edition, vintage): this key appears more than once",
}


def describe_failures(
    errors: pa.errors.SchemaErrors, frame: pl.DataFrame, table: str
) -> list[InputProblem]:
    """Turn pandera failure cases into problems naming the raw file, row, column and rule."""
    problems = []
    for case in errors.failure_cases.iter_rows(named=True):
        rule = _RULE_TEXT.get(case["check"], case["check"])
        index = case["index"]
        if index is None or index >= frame.height:
            problems.append(
                InputProblem(
                    f"staging table {table}",
                    f"{case['column']}: {rule}",
                    value=case["failure_case"],
                )
            )
            continue
        row = frame.row(index, named=True)
        if case["column"] == "problem":
            rule, value = case["failure_case"], row["value_raw"]
        elif case["schema_context"] == "Column":
            rule, value = f"{case['column']}: {rule}", case["failure_case"]
        else:
            value = row["value_raw"]
        problems.append(
            InputProblem(
                row["source_file"],
                rule,
                row=row["source_row"],
                column=row["source_column"],
                value=value,
            )
        )
    return problems


def validate_observations(frame: pl.DataFrame, table: str) -> list[InputProblem]:
    """Every rule the frame breaks (empty when valid)."""
    try:
        Observation.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return describe_failures(errors, frame, table)
    return []


@functools.cache
def observation_rows_schema() -> pa.DataFrameSchema:
    """The Observation model without its table-wide key rule: what one file's rows can be
    checked against alone (the key is checked over the whole table, duplicate_keys). A copy of
    the model's schema, not a subclass: a subclass renames the parent's checks (pandera 0.35)."""
    schema = copy.deepcopy(Observation.to_schema())
    schema.unique = None
    return schema


def _on_categories(check: pa.Check) -> pa.Check:
    """`check`, a `str_matches`, for a categorical column: polars matches no pattern on a
    categorical, and casting every row to text costs more than matching its few distinct texts
    (with the same expression as pandera's) and flagging the rows holding a text that fails."""
    statistics = check.statistics or {}
    pattern = statistics["pattern"]
    pattern = pattern if pattern.startswith("^") else f"^{pattern}"

    def matches(data: PolarsData) -> pl.LazyFrame:
        texts = data.lazyframe.select(pl.col(data.key).unique().cast(pl.String)).collect()
        broken = texts.filter(~pl.col(data.key).str.contains(pattern)).to_series().to_list()
        return data.lazyframe.select(~pl.col(data.key).is_in(broken))

    return pa.Check(matches, name=check.name, error=check.error)


@functools.cache
def stored_rows_schema(categorical: frozenset[str]) -> pa.DataFrameSchema:
    """observation_rows_schema for rows read from a staging table, whose ENUM columns (text of
    few values, sti/db/enum_columns.py) reach polars as the categoricals `categorical`: the same
    rules, with those columns' type checked as categorical instead of text. Casting them to text
    first cost as much as the rules (10M rows, 2026-11-24: 1.6 s against 3.7 s), and every rule
    but `str_matches` reads a categorical as its text."""
    schema = copy.deepcopy(observation_rows_schema())
    for name in sorted(categorical):
        checks = [
            _on_categories(check) if check.name == "str_matches" else check
            for check in schema.columns[name].checks
        ]
        schema = schema.update_column(name, dtype=pl.Categorical, checks=checks)
    return schema


# Rows whose key (OBSERVATION_KEY) occurs more than once in the table, nulls compared as equal
# (as pandera's `unique` does); the key columns are this module's constants, not input.
_KEY_MATCH = " and ".join(f"t.{c} is not distinct from d.{c}" for c in OBSERVATION_KEY)
_DUPLICATES_SQL = f"""
with duplicated as (
    select {", ".join(OBSERVATION_KEY)},
    from {{table}}
    group by all
    having count(*) > 1
)
select t.source_file, t.source_row, t.source_column, t.value_raw,
from {{table}} as t
semi join duplicated as d on {_KEY_MATCH}
order by t.source_file, t.source_row, t.source_column
"""


def duplicate_keys(conn: duckdb.DuckDBPyConnection, table: str) -> list[InputProblem]:
    """Every row whose key another row of `table` also has: the unique rule, in SQL."""
    rule = _RULE_TEXT["multiple_fields_uniqueness"]
    rows = conn.execute(_DUPLICATES_SQL.format(table=checked_table(table))).fetchall()
    return [
        InputProblem(file, rule, row=row, column=column, value=raw)
        for file, row, column, raw in rows
    ]


# Rows the pandera model checks at once: memory holds one batch, and each validation's fixed
# cost is paid per batch, not per file. 10M staging rows (100 files), measured 2026-11-24 with
# text columns: one file at a time 17.7 s; batches of 250k 8.6 s and 0.8 GB peak; of 1M 8.5 s
# and 1.6 GB. With the next batch read ahead (`read_ahead`), two are held: 10.2 s -> 8.0 s.
# With the ENUM columns read as categoricals (a batch is a fraction of the size), the whole
# check: batches of 250k 5.7 s, 500k 4.6 s, 1M 4.5 s, each at 0.9 GB peak.
VALIDATION_BATCH_ROWS = 500_000


def _problem_order(problem: InputProblem) -> tuple:
    """Reports list problems by file, row and column: the table's row order is not the file's."""
    return (problem.file, problem.row or 0, problem.column or "", problem.rule)


_DONE = object()


def read_ahead(batches: Iterable[T]) -> Iterator[T]:
    """The items of `batches`, the next one produced in a thread while the caller works on the
    current one: DuckDB scanning the next batch of a staging table and pandera checking this
    one each take about half the time (10M rows, 2026-11-24: 4.4 s and 5.1 s) and both release
    the GIL, so on two cores they overlap. At most two batches are held. An error in the
    producer is raised here; the producer has finished when this generator returns."""
    handoff: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in batches:
                if stop.is_set():
                    return
                handoff.put(item)
        except BaseException as exc:  # handed to the consumer, raised there
            handoff.put(_Failed(exc))
        handoff.put(_DONE)

    producer = threading.Thread(target=produce, name="read-ahead", daemon=True)
    producer.start()
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        while producer.is_alive():  # unblock a producer waiting to hand over
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.05)
        producer.join()


@dataclasses.dataclass(frozen=True)
class _Failed:
    error: BaseException


def _frame(batch: object) -> pl.DataFrame:
    frame = pl.from_arrow(batch)  # type: ignore[arg-type]
    assert isinstance(frame, pl.DataFrame)
    return frame


def validate_observation_table(
    conn: duckdb.DuckDBPyConnection, table: str, batch_rows: int = VALIDATION_BATCH_ROWS
) -> tuple[list[InputProblem], int]:
    """(problems, rows) of a stored staging table: the pandera model on `batch_rows` rows at a
    time, so memory stays bounded whatever the table's size, and the key over the table (SQL)."""
    table = checked_table(table)
    problems: list[InputProblem] = []
    rows = 0
    reader = conn.execute(f"select * from {table}").to_arrow_reader(batch_rows)
    for frame in read_ahead(_frame(batch) for batch in reader):
        rows += frame.height
        categorical = frozenset(
            name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Categorical)
        )
        try:
            stored_rows_schema(categorical).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            problems += describe_failures(errors, frame, table)
    problems.sort(key=_problem_order)
    return problems + duplicate_keys(conn, table), rows


_FOREIGN_SQL = """
with domains as (
    select * from (values {pairs}) as dom(indicator_id, domain)
),
foreign_cells as (
    select
        t.source_file,
        cast(t.indicator_id as varchar) as indicator_id,
        dom.domain,
        min(t.source_row) as first_row,
        arg_min(t.source_column, t.source_row) as first_column,
        count(*) as cells,
    from {table} as t
    inner join domains as dom
        on dom.indicator_id = cast(t.indicator_id as varchar)
    where dom.domain <> ?
    group by all
)
select * from foreign_cells order by source_file, first_row
"""


def foreign_indicators(
    conn: duckdb.DuckDBPyConnection, table: str, domain: str
) -> list[InputProblem]:
    """Cells of `table` (the staging table of catalogue domain `domain`) mapped to another
    domain's indicator: one problem per file and indicator, at its first row. Each domain's table
    holding only its own indicators is what lets a mart that reads a few domains be rebuilt only
    when they change (sti/warehouse/change_detection.py)."""
    pairs = ", ".join("(?, ?)" for _ in catalogue())
    bound = [part for key, entry in catalogue().items() for part in (key, entry.domain)]
    rows = conn.execute(
        _FOREIGN_SQL.format(pairs=pairs, table=checked_table(table)), [*bound, domain]
    ).fetchall()
    return [
        InputProblem(
            file,
            f"indicator {indicator!r} belongs to domain {owner!r} in the catalogue "
            f"(sti/reference/indicators.yaml), not to {domain!r}, this file's sidecar domain "
            f"({cells} cell(s)): declare the file in {owner!r} or map its rows to {domain!r} "
            "indicators",
            row=row,
            column=column,
            value=indicator,
        )
        for file, indicator, owner, row, column, cells in rows
    ]
