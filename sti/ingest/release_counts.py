"""Row-count expectations: a release must have every period it declares, each complete.

A truncated download still parses; only counting catches it. Each KOSIS sidecar declares
`expected_cells_per_period` (regions x items x industries) and its `reference_period`.
"""

import polars as pl

from sti.errors import InputProblem
from sti.ingest.readers.periods import parse_period
from sti.ingest.readers.periods import reference_periods as declared_periods


def period_counts(cells: pl.DataFrame) -> pl.DataFrame:
    """Cells per (file, period key) from cells per (file, period header): each distinct header
    is parsed once (`2023 p)` and `2023` are the same period)."""
    labels = cells["period_label"].unique()
    keys = pl.DataFrame(
        {
            "period_label": labels,
            "period": [p.key if (p := parse_period(label)) else label for label in labels],
        },
        schema={"period_label": pl.String, "period": pl.String},
    )
    return (
        cells.join(keys, on="period_label", how="left")
        .group_by("source_file", "period")
        .agg(pl.col("n").sum())
    )


def count_problems(files: pl.DataFrame, cells: pl.DataFrame) -> list[InputProblem]:
    """`cells` holds source_file, period_label and n (cells with that header in that file)."""
    problems = []
    counted = period_counts(cells)
    for source in files.filter(pl.col("expected_cells_per_period").is_not_null()).iter_rows(
        named=True
    ):
        own = counted.filter(pl.col("source_file") == source["raw_file"])
        counts = dict(zip(own["period"], own["n"], strict=True))
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
