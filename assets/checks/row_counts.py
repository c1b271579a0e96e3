"""Row-count expectations: a release must have every period it declares, each complete.

A truncated download still parses; only counting catches it. Each KOSIS sidecar declares
`expected_cells_per_period` (regions x items x industries) and its `reference_period`.
"""

import dagster as dg
import polars as pl

from assets.staging.check_results import problems_result
from sti.errors import InputProblem
from sti.readers.periods import parse_period
from sti.readers.periods import reference_periods as declared_periods
from sti.resources import WarehouseResource


def count_problems(files: pl.DataFrame, cells: pl.DataFrame) -> list[InputProblem]:
    problems = []
    for source in files.filter(pl.col("expected_cells_per_period").is_not_null()).iter_rows(
        named=True
    ):
        own = cells.filter(pl.col("source_file") == source["raw_file"])
        keys = own["period_label"].map_elements(
            lambda label: p.key if (p := parse_period(label)) else label, return_dtype=pl.String
        )
        counts = dict(
            zip(
                *own.with_columns(keys.alias("period"))
                .group_by("period")
                .len()
                .sort("period")
                .get_columns(),
                strict=True,
            )
        )
        expected = source["expected_cells_per_period"]
        for period in declared_periods(source["reference_period"]):
            found = counts.get(period, 0)
            if found != expected:
                problems.append(
                    InputProblem(
                        source["raw_file"],
                        f"period {period} has {found} cells where a complete release has {expected} (truncated or partial download?)",
                    )
                )
        extra = (
            sorted(set(counts) - set(declared_periods(source["reference_period"])))
            if source["reference_period"]
            else []
        )
        problems += [
            InputProblem(
                source["raw_file"],
                f"period {p} is outside the declared reference_period {source['reference_period']}",
            )
            for p in extra
        ]
    return problems


@dg.asset_check(
    asset=dg.AssetKey(["raw", "table_cells"]),
    name="complete_releases",
    blocking=True,
    description="Every declared period present with the expected number of cells (regions x items)",
)
def complete_releases(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        files = conn.sql("select * from raw.source_files where duplicate_of is null").pl()
        cells = conn.sql("select source_file, period_label from raw.table_cells").pl()
    checked = files.filter(pl.col("expected_cells_per_period").is_not_null()).height
    return problems_result(
        count_problems(files, cells),
        "raw.table_cells",
        cells.height,
        f"row-count expectations of {checked} releases",
    )
