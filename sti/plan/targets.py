"""The KPI targets file (data/raw/targets/kpi_targets.csv): read, typed and checked.

Analysts edit this file; every rule below names the row and column it rejects.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.errors import InputProblem
from sti.ingest.tabular_input import cast_columns, model_problems, read_text_csv
from sti.plan.kpi_rules import BASELINE_KINDS, TARGET_KINDS
from sti.reference.indicators import catalogue
from sti.reference.industries import default_industries
from sti.reference.regions import default_resolver

TARGETS_FILE = Path("targets") / "kpi_targets.csv"
NATIONAL_STRATEGY_TASK = "NS2030"  # KPIs of the 2026 national strategy, outside the plan's tasks
# One row is one goal the documents state (sti/plan/kpi_rules.py has the rules and the target and baseline
# kinds). A derived trajectory is never a KPI of its own: it is the KPI's `benchmark`, labelled
# as not from the plan.
TARGET_BASES = ("level", "cumulative")
INTERPOLATIONS = ("linear", "compound", "constant", "none")
BENCHMARKS = ("none", "pre_plan_trend")
DOCUMENTS = {
    "plan2023": "../shared/seeds/000_00b146303ecfd9b5.txt (대전과학기술진흥종합계획 2023~2027)",
    "strategy2026": "../shared/seeds/004_6687d36b5cb42c35.txt (과학기술을 통한 지역 혁신성장 전략, 2026-04-16)",
}
# The day each document was published: its targets and baselines exist from then on, and an
# as-of view before it must not judge the city on them.
DOCUMENT_PUBLISHED = {
    # the plan's release date recorded with its transcriptions (data/raw/plan_2023/*.yaml)
    "plan2023": dt.date(2023, 5, 1),
    # 004_6687d36b5cb42c35.txt line 10: announced at the 7th S&T ministers' meeting of
    # 4월 16일(목), 2026 (data/raw/strategy_2026/*.yaml release_date)
    "strategy2026": dt.date(2026, 4, 16),
}
FLOAT_COLUMNS = ("baseline_value", "published_baseline_value", "target_value")
INT_COLUMNS = (
    "baseline_year",
    "published_baseline_year",
    "target_year",
    "cumulative_from",
    "document_line",
)


def read_targets(root: Path) -> pl.DataFrame:
    """The targets, typed, with the region resolved and `source_row`; InputError on bad numbers."""
    file, frame = read_text_csv(root / TARGETS_FILE, root)
    types = {**dict.fromkeys(FLOAT_COLUMNS, pl.Float64), **dict.fromkeys(INT_COLUMNS, pl.Int64)}
    frame = cast_columns(frame, file, types, "must be a number without separators")
    resolver = default_resolver()
    region = pl.col("region").map_elements(
        lambda name: resolver.by_name(name) or "", return_dtype=pl.String
    )
    return frame.with_columns(region.alias("region_id"))


def _catalogue_column(attribute: str) -> dict[str, str]:
    return {key: getattr(ind, attribute) for key, ind in catalogue().items()}


class TargetRow(pa.DataFrameModel):
    kpi_id: str = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$")
    indicator_id: str = pa.Field(isin=list(catalogue()))
    region_id: str = pa.Field(
        str_matches=r"^KR", description="region name must be known (region_names.csv)"
    )
    industry_code: str = pa.Field(isin=list(default_industries().industries))
    baseline_year: int = pa.Field(ge=2000, le=2030)
    target_year: int = pa.Field(ge=2023, le=2040)
    target_kind: str = pa.Field(isin=list(TARGET_KINDS))
    baseline_kind: str = pa.Field(isin=list(BASELINE_KINDS))
    target_basis: str = pa.Field(isin=list(TARGET_BASES))
    interpolation: str = pa.Field(isin=list(INTERPOLATIONS))
    task_code: str = pa.Field(nullable=True, str_matches=r"^([1-4]-[1-9]|NS2030)$")
    benchmark: str = pa.Field(isin=list(BENCHMARKS))
    document: str = pa.Field(isin=list(DOCUMENTS))
    document_line: int = pa.Field(ge=1)
    document_figure: str
    plan_reference: str

    @pa.dataframe_check(name="target year after baseline year")
    def target_after_baseline(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("target_year") > pl.col("baseline_year"))

    @pa.dataframe_check(
        name="official_numeric and milestone need target_value; direction_only has none"
    )
    def kind_has_its_numbers(cls, data: PolarsData) -> pl.LazyFrame:
        kind = pl.col("target_kind")
        return data.lazyframe.select(
            (kind.is_in(["official_numeric", "milestone"]) & pl.col("target_value").is_not_null())
            | ((kind == "direction_only") & pl.col("target_value").is_null())
        )

    @pa.dataframe_check(
        name="a milestone is an event: from a defined 0 to 1 in its due year, not interpolated"
    )
    def milestone_is_an_event(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("target_kind") != "milestone")
            | (
                (pl.col("baseline_kind") == "defined")
                & (pl.col("target_value") == 1)
                & (pl.col("interpolation") == "none")
                & (pl.col("target_basis") == "level")
            )
        )

    @pa.dataframe_check(name="a defined baseline is 0 (a count that starts with the plan)")
    def defined_is_zero(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("baseline_kind") != "defined") | (pl.col("baseline_value") == 0)
        )

    @pa.dataframe_check(name="a direction-only KPI is judged on its pre-plan baseline")
    def direction_only_on_pre_plan(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("target_kind") != "direction_only") | (pl.col("baseline_kind") == "pre_plan")
        )

    @pa.dataframe_check(
        name="baseline_value is given unless the baseline is rebased, pre-plan or not stated"
    )
    def baseline_present(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("baseline_kind").is_in(["rebased", "pre_plan", "not_stated"])
            | pl.col("baseline_value").is_not_null()
        )

    @pa.dataframe_check(
        name="a cumulative target sums flows: not a rate, stock or index, and needs cumulative_from"
    )
    def cumulative_only_for_flows(cls, data: PolarsData) -> pl.LazyFrame:
        aggregation = pl.col("indicator_id").replace_strict(
            _catalogue_column("aggregation"), default=None
        )
        return data.lazyframe.select(
            (pl.col("target_basis") != "cumulative")
            | ((aggregation == "flow") & pl.col("cumulative_from").is_not_null())
        )

    @pa.dataframe_check(
        name="target_unit and baseline_unit are the catalogue unit of the indicator"
    )
    def catalogue_units(cls, data: PolarsData) -> pl.LazyFrame:
        unit = pl.col("indicator_id").replace_strict(_catalogue_column("unit"), default=None)
        return data.lazyframe.select(
            (pl.col("target_unit") == unit) & (pl.col("baseline_unit") == unit)
        )

    @pa.dataframe_check(name="compound interpolation needs positive baseline and target")
    def compound_positive(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("interpolation") != "compound")
            | pl.col("baseline_kind").is_in(["rebased", "pre_plan"])
            | (
                (pl.col("baseline_value") > 0)
                & ((pl.col("target_value") > 0) | pl.col("target_value").is_null())
            )
        )


def validate_targets(frame: pl.DataFrame, tasks: set[str] | None = None) -> list[InputProblem]:
    """Every rule the targets break; `tasks` (the plan's task codes) adds the reference check."""
    known = (tasks or set()) | {NATIONAL_STRATEGY_TASK}
    unknown = (
        []
        if tasks is None
        else [
            InputProblem(
                r["source_file"],
                "task_code is not a key task of the plan (or NS2030)",
                row=r["source_row"],
                column="task_code",
                value=r["task_code"],
            )
            for r in frame.filter(
                pl.col("task_code").is_not_null() & ~pl.col("task_code").is_in(list(known))
            ).iter_rows(named=True)
        ]
    )
    return unknown + _model_problems(frame)


def _model_problems(frame: pl.DataFrame) -> list[InputProblem]:
    return model_problems(TargetRow, frame, str(TARGETS_FILE), label="kpi_id")
