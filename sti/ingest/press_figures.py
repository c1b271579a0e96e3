"""staging.press_figures: the figures of every press-report file, checked, each file alone.

A press file is the *reported* tier (sti/ingest/readers/press_reports.py): its figures stand in
for an official release that is not archived yet. A file that breaks a rule is held back alone
(checks.held_back names its row, column and rule); the others are staged. The pandera model
below is what every staged figure satisfies, whatever file it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from sti.errors import InputError, InputProblem
from sti.ingest.observation_model import by_indicator, describe_failures, within_catalogue_range
from sti.ingest.readers.press_reports import PRESS_COLUMNS, PressSource, read_press_file
from sti.reference.indicators import Indicator, catalogue
from sti.reference.regions import RegionResolver, default_resolver

PRESS_TABLE = "staging.press_figures"
PRESS_KEY = ["source_file", "source_row", "source_column"]


class PressFigure(pa.DataFrameModel):
    """One figure of one release as one article reported it."""

    source_id: str
    source_file: str
    source_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    source_row: pl.Int64 = pa.Field(ge=2)
    source_column: str = pa.Field(isin=["value", "rank"])
    indicator_id: str
    region_id: str
    industry_code: str
    period: str = pa.Field(str_matches=r"^\d{4}$")
    year: pl.Int32 = pa.Field(ge=1900)
    edition: str = pa.Field(nullable=True)
    value: float
    unit: str
    value_raw: str
    half_unit: float = pa.Field(gt=0)
    as_published: str
    series: str
    release_title: str
    release_date: pl.Date
    reported_by: str
    reported_url: str = pa.Field(str_matches=r"^https?://\S+$")
    reported_on: pl.Date = pa.Field(nullable=True)
    vintage: pl.Date

    class Config:
        strict = True
        unique = PRESS_KEY

    @pa.dataframe_check(name="indicator is in the catalogue, in its catalogue unit")
    def catalogue_unit(cls, data: PolarsData) -> pl.LazyFrame:
        expected = pl.col("indicator_id").replace_strict(
            by_indicator("unit"), default=None, return_dtype=pl.String
        )
        return data.lazyframe.select(expected.is_not_null() & (pl.col("unit") == expected))

    @pa.dataframe_check(name="value within the catalogue range of the indicator")
    def catalogue_range(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(within_catalogue_range())

    @pa.dataframe_check(name="the article is not older than the release it reports")
    def reported_after_release(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("reported_on").is_null() | (pl.col("reported_on") >= pl.col("release_date"))
        )

    @pa.dataframe_check(name="the reference period is not after the release")
    def period_before_release(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("year") <= pl.col("release_date").dt.year())


@dataclass
class StagedPress:
    """The figures of the files taken, and the problems of each file held back."""

    figures: pl.DataFrame
    held: dict[str, list[InputProblem]] = field(default_factory=dict)


def press_source(row: dict) -> PressSource:
    """The sidecar facts of one raw.source_files row of form press_report."""
    mapping = row["mapping"]
    return PressSource(
        raw_file=row["raw_file"],
        source_id=row["source_id"],
        sha256=row["sha256"],
        series=row["series"],
        mapping=json.loads(mapping) if isinstance(mapping, str) else dict(mapping or {}),
    )


def stage_press_files(
    root: Path,
    sources: list[PressSource],
    regions: RegionResolver | None = None,
    indicators: dict[str, Indicator] | None = None,
) -> StagedPress:
    """Read and check every press file; a file with any problem is held back whole."""
    regions = regions or default_resolver()
    indicators = indicators or catalogue()
    taken: list[pl.DataFrame] = []
    held: dict[str, list[InputProblem]] = {}
    for source in sources:
        try:
            frame = read_press_file(root, source, regions, indicators)
        except InputError as error:
            held[source.raw_file] = list(error.problems)
            continue
        problems = validate_press(frame)
        if problems:
            held[source.raw_file] = problems
        else:
            taken.append(frame)
    empty = pl.DataFrame(schema=PRESS_COLUMNS)
    return StagedPress(pl.concat([empty, *taken]), held)


def validate_press(frame: pl.DataFrame) -> list[InputProblem]:
    """Every rule of the PressFigure model the frame breaks (empty when valid)."""
    try:
        PressFigure.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return describe_failures(errors, frame, PRESS_TABLE)
    return []
