"""Great Expectations suites on the marts, run as asset checks.

kpi_progress (blocking): every row has a baseline kind and a target kind; statuses from the
    documented vocabulary; statuses consistent with the actuals and achievement rates; no KPI
    loses a year that it had in the published warehouse (the previous run).
region_comparison (blocking): one row per key; ranks within 1..regions present; the full-coverage
    KOSIS series have a row (a value or a marker such as '-') for all 17 시도 every period; the 시도 add up to the national total within rounding.
tech_industries (non-blocking): shares within 0-100, every 'sections' row built from all seven
    tech-based sections.
"""

import dagster as dg
import pandas as pd

from sti.coverage import declared_withdrawals, undeclared
from sti.gx_validation import GxOutcome, expectations, validate
from sti.kpi import STATUSES
from sti.resources import WarehouseResource
from sti.targets import BASELINE_KINDS, TARGET_KINDS

# Series from KOSIS tables that cover every 시도 in every period they publish.
FULL_COVERAGE_SERIES = ("census_2020", "grdp_base2020", "lfs", "resident_registration")
SIDO_COUNT = 17
# The 시도 are published rounded (천명, 백만원); their sum may differ from the national figure by
# the rounding of 17 values: 0.1% of the national total is far above that and far below an error.
SUM_TOLERANCE_RATIO = 0.001
TECH_SECTION_COUNT = 7  # C, J, M, N, P, Q, R (marts.dim_industry.tech_based)


def _result(outcome: GxOutcome, suite: str, severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=severity,
        description=(
            f"Great Expectations suite {suite}: {len(outcome.failures)} of {outcome.evaluated} expectations failed:\n"
            + "\n".join(outcome.failures)
        )
        if outcome.failures
        else f"Great Expectations suite {suite}: all {outcome.evaluated} expectations met",
        metadata={"evaluated": outcome.evaluated, "failed": len(outcome.failures)},
    )


def previous_kpi_years(warehouse: WarehouseResource) -> set[str]:
    """The KPI years of the published release, from its record (empty before the first one).

    Read from the release record, not the published file: a reader holding the file can never
    make this expectation skip itself."""
    release = warehouse.previous_release()
    if release is None:
        return set()
    kept = undeclared(release.coverage.get("kpi_years", []), declared_withdrawals())
    return {key.replace("|", ":") for key in kept}


def kpi_suite(frame: pd.DataFrame, previous: set[str]) -> GxOutcome:
    gxe = expectations()
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
        gxe.ExpectColumnValuesToNotBeNull(column="target_kind"),
        gxe.ExpectColumnValuesToNotBeNull(column="baseline_kind"),
        gxe.ExpectColumnValuesToBeInSet(column="target_kind", value_set=list(TARGET_KINDS)),
        gxe.ExpectColumnValuesToBeInSet(column="baseline_kind", value_set=list(BASELINE_KINDS)),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=list(STATUSES)),
        gxe.ExpectColumnValuesToBeInSet(column="status_matches_actual", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(
            column="achieved_means_rate_at_least_one", value_set=[True]
        ),
        gxe.ExpectColumnValuesToBeInSet(column="baseline_given", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="direction_only_has_no_target", value_set=[True]),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["kpi_id", "year"]),
    ]
    if previous:
        suite.append(
            gxe.ExpectColumnDistinctValuesToContainSet(
                column="kpi_year", value_set=sorted(previous)
            )
        )
    return validate("kpi_progress_suite", frame, suite)


def region_suite(frame: pd.DataFrame) -> GxOutcome:
    gxe = expectations()
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
        gxe.ExpectCompoundColumnsToBeUnique(
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
        gxe.ExpectColumnValuesToBeBetween(
            column="rank_among_sido", min_value=1, max_value=SIDO_COUNT
        ),
        gxe.ExpectColumnValuesToBeInSet(column="rank_only_with_all_sido", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="full_coverage", value_set=[True]),
        gxe.ExpectColumnValuesToBeBetween(
            column="sum_gap_ratio", min_value=0, max_value=SUM_TOLERANCE_RATIO
        ),
    ]
    return validate("region_comparison_suite", frame, suite)


def tech_suite(frame: pd.DataFrame) -> GxOutcome:
    gxe = expectations()
    sections = frame[frame["method"] == "sections"]
    frame = frame.assign(
        all_sections=~frame.index.isin(sections.index)
        | (frame["sections_used"] == TECH_SECTION_COUNT)
    )
    suite = [
        gxe.ExpectColumnValuesToBeBetween(column="tech_share_pct", min_value=0, max_value=100),
        gxe.ExpectColumnValuesToBeInSet(column="all_sections", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="method", value_set=["sections", "published"]),
    ]
    return validate("tech_industries_suite", frame, suite)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "kpi_progress"]),
    name="gx_kpi_progress",
    blocking=True,
    description="GX: baseline and target kinds present, documented statuses consistent with actuals, no lost KPI years",
)
def gx_kpi_progress(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = conn.sql("select * from marts.kpi_progress").df()
    return _result(
        kpi_suite(frame, previous_kpi_years(warehouse)),
        "kpi_progress_suite",
        dg.AssetCheckSeverity.ERROR,
    )


@dg.asset_check(
    asset=dg.AssetKey(["marts", "region_comparison"]),
    name="gx_region_comparison",
    blocking=True,
    description="GX: unique keys, ranks within the regions present, all 17 시도 where the source covers them, regions sum to the nation",
)
def gx_region_comparison(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = conn.sql("select * from marts.region_comparison").df()
    return _result(region_suite(frame), "region_comparison_suite", dg.AssetCheckSeverity.ERROR)


@dg.asset_check(
    asset=dg.AssetKey(["marts", "tech_industries"]),
    name="gx_tech_industries",
    blocking=False,
    description="GX: tech-based shares within 0-100, section totals built from all seven sections",
)
def gx_tech_industries(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        frame = conn.sql("select * from marts.tech_industries").df()
    return _result(tech_suite(frame), "tech_industries_suite", dg.AssetCheckSeverity.WARN)


# The marts a Great Expectations suite checks: a run that builds one can import GX early.
GX_CHECKED_ASSETS = tuple(
    key.asset_key
    for check in (gx_kpi_progress, gx_region_comparison, gx_tech_industries)
    for key in check.check_keys
)
