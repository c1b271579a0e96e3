"""The Great Expectations suites on the marts: what each expects of a mart's rows.

A suite is a function of the mart's rows (a pandas frame, with the columns it derives) to a list
of expectations, run in the GX process (sti/quality/gx_process.py): the run sends the mart's rows there
as an Arrow table and gets the outcome back (assets/checks/gx_suites.py makes them checks).

kpi_progress: every row has a baseline kind and a target kind; statuses from the documented
    vocabulary; statuses consistent with the actuals and achievement rates; no KPI loses a year
    that it had in the published warehouse (the previous run).
region_comparison: one row per key; ranks within 1..regions present; the full-coverage KOSIS
    series have a row (a value or a marker such as '-') for all 17 시도 every period; the 시도
    add up to the national total within rounding.
tech_industries: shares within 0-100, every 'sections' row built from all seven tech-based
    sections.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pyarrow as pa

from sti.plan.kpi_rules import BASELINE_KINDS, STATUSES, TARGET_KINDS
from sti.quality import gx_process
from sti.quality.gx_validation import Expectation, GxOutcome, expect, validate_here

KPI_SUITE = "kpi_progress_suite"
REGION_SUITE = "region_comparison_suite"
TECH_SUITE = "tech_industries_suite"
# Series from KOSIS tables that cover every 시도 in every period they publish.
FULL_COVERAGE_SERIES = ("census_2020", "grdp_base2020", "lfs", "resident_registration")
SIDO_COUNT = 17
# The 시도 are published rounded (천명, 백만원); their sum may differ from the national figure by
# the rounding of 17 values: 0.1% of the national total is far above that and far below an error.
SUM_TOLERANCE_RATIO = 0.001
# What the GX process calls for each suite (it imports it by this name, after GX).
EVALUATOR = "sti.quality.mart_suites:evaluate"
TECH_SECTION_COUNT = 7  # C, J, M, N, P, Q, R (marts.dim_industry.tech_based)


# The mart columns each suite reads, all that cross to the GX process: region_comparison has 29
# columns, its suite reads 12. A 1M-row long CSV run (2026-11-25): the run's peak, the GX
# process validating region_comparison's 100k rows beside the run, 967-989 -> 917-945 MB.
SUITE_COLUMNS: dict[str, tuple[str, ...]] = {
    KPI_SUITE: (
        "kpi_id", "year", "status", "actual", "achievement_vs_target", "baseline_value",
        "baseline_kind", "target_kind", "target_value", "milestone",
    ),
    REGION_SUITE: (
        "indicator_id", "region_id", "industry_code", "period", "series", "edition",
        "aggregation", "rank_among_sido", "regions_with_value", "regions_present",
        "national_value", "sum_of_regions",
    ),
    TECH_SUITE: ("method", "sections_used", "tech_share_pct", "tech_value", "missing_sections"),
}  # fmt: skip


def start_gx_process() -> None:
    """Start the GX process that answers run_suite now, so its import overlaps a run's first
    steps."""
    gx_process.start(EVALUATOR)


def run_suite(name: str, rows: pa.Table | pd.DataFrame, *arguments: Any) -> GxOutcome:
    """The outcome of suite `name` on a mart's rows, validated in the GX process. Rows go as
    Arrow (a 100k-row mart: 0.02 s to send, where converting to pandas here and pickling took
    0.5-0.8 s of the run's thread)."""
    table = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
    outcome: GxOutcome = gx_process.shared(EVALUATOR).validate(name, table, arguments)
    return outcome


def as_mart_frame(table: pa.Table) -> pd.DataFrame:
    """The rows as DuckDB hands a mart to pandas, the types the suites were written for
    (nullable Int64, booleans, timestamps; Arrow's own to_pandas gives floats and objects)."""
    import duckdb

    return duckdb.from_arrow(table).df()


def evaluate(name: str, table: pa.Table, arguments: tuple[Any, ...]) -> GxOutcome:
    """What run_suite asks the GX process for: the suite's derived columns and expectations on
    the mart's frame, validated."""
    if name not in SUITES:
        raise ValueError(f"no suite named {name}; suites: {', '.join(SUITES)}")
    frame, suite = SUITES[name](as_mart_frame(table), *arguments)
    return validate_here(name, frame, suite)


def kpi_expectations(
    frame: pd.DataFrame, previous: set[str]
) -> tuple[pd.DataFrame, list[Expectation]]:
    frame = frame.assign(
        kpi_year=frame["kpi_id"] + ":" + frame["year"].astype(str),
        status_matches_actual=(frame["status"] == "no_data_yet") == frame["actual"].isna(),
        achieved_means_rate_at_least_one=~(
            (frame["status"] == "achieved") & (frame["achievement_vs_target"] < 1 - 1e-9)
        ),
        baseline_given=frame["baseline_value"].notna()
        | frame["baseline_kind"].isin(["not_stated", "pre_plan", "rebased"]),
        direction_only_has_no_target=(frame["target_kind"] != "direction_only")
        | (frame["target_value"].isna() & frame["milestone"].isna()),
    )
    suite = [
        expect("ExpectColumnValuesToNotBeNull", column="target_kind"),
        expect("ExpectColumnValuesToNotBeNull", column="baseline_kind"),
        expect("ExpectColumnValuesToBeInSet", column="target_kind", value_set=list(TARGET_KINDS)),
        expect(
            "ExpectColumnValuesToBeInSet", column="baseline_kind", value_set=list(BASELINE_KINDS)
        ),
        expect("ExpectColumnValuesToBeInSet", column="status", value_set=list(STATUSES)),
        expect("ExpectColumnValuesToBeInSet", column="status_matches_actual", value_set=[True]),
        expect(
            "ExpectColumnValuesToBeInSet",
            column="achieved_means_rate_at_least_one",
            value_set=[True],
        ),
        expect("ExpectColumnValuesToBeInSet", column="baseline_given", value_set=[True]),
        expect(
            "ExpectColumnValuesToBeInSet", column="direction_only_has_no_target", value_set=[True]
        ),
        expect("ExpectCompoundColumnsToBeUnique", column_list=["kpi_id", "year"]),
    ]
    if previous:
        suite.append(
            expect(
                "ExpectColumnDistinctValuesToContainSet",
                column="kpi_year",
                value_set=sorted(previous),
            )
        )
    return frame, suite


def region_expectations(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Expectation]]:
    full = frame[frame["series"].isin(FULL_COVERAGE_SERIES)]
    summable = frame[
        frame["aggregation"].isin(["stock", "flow"])
        & (frame["regions_with_value"] == SIDO_COUNT)
        & frame["national_value"].notna()
    ]
    gap = (
        (summable["sum_of_regions"] - summable["national_value"]).abs() / summable["national_value"]
    ).rename("sum_gap_ratio")
    frame = frame.assign(
        rank_only_with_all_sido=frame["rank_among_sido"].isna()
        | (frame["regions_with_value"] == SIDO_COUNT),
        full_coverage=~frame.index.isin(full.index) | (frame["regions_present"] == SIDO_COUNT),
        sum_gap_ratio=gap.reindex(frame.index).fillna(0.0),
    )
    suite = [
        expect(
            "ExpectCompoundColumnsToBeUnique",
            column_list=[
                "indicator_id",
                "region_id",
                "industry_code",
                "period",
                "series",
                "edition",
            ],
            ignore_row_if="never",
        ),
        expect(
            "ExpectColumnValuesToBeBetween",
            column="rank_among_sido",
            min_value=1,
            max_value=SIDO_COUNT,
        ),
        expect("ExpectColumnValuesToBeInSet", column="rank_only_with_all_sido", value_set=[True]),
        expect("ExpectColumnValuesToBeInSet", column="full_coverage", value_set=[True]),
        expect(
            "ExpectColumnValuesToBeBetween",
            column="sum_gap_ratio",
            min_value=0,
            max_value=SUM_TOLERANCE_RATIO,
        ),
    ]
    return frame, suite


def tech_expectations(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Expectation]]:
    sections = frame[frame["method"] == "sections"]
    # a sum from sections exists only with every tech-based section; without one it is no
    # figure, and the sections missing are named
    stated = frame["tech_value"].isna() & frame["missing_sections"].notna()
    frame = frame.assign(
        all_sections=~frame.index.isin(sections.index)
        | (frame["sections_used"] == TECH_SECTION_COUNT)
        | stated
    )
    suite = [
        expect(
            "ExpectColumnValuesToBeBetween", column="tech_share_pct", min_value=0, max_value=100
        ),
        expect("ExpectColumnValuesToBeInSet", column="all_sections", value_set=[True]),
        expect("ExpectColumnValuesToBeInSet", column="method", value_set=["sections", "published"]),
    ]
    return frame, suite


SUITES: dict[str, Callable[..., tuple[pd.DataFrame, list[Expectation]]]] = {
    KPI_SUITE: kpi_expectations,
    REGION_SUITE: region_expectations,
    TECH_SUITE: tech_expectations,
}
