"""Golden test: every published figure on the checked list is in the warehouse, with its citation.

tests/golden/published_figures.csv was typed from the documents independently of data/raw, in the
units the documents print; a transcription error in either place fails here.
"""

import csv
from pathlib import Path

import duckdb
import pytest

from tests.conftest import Pipeline

CHECKED_LIST = Path(__file__).parent / "golden" / "published_figures.csv"
# published unit -> factor to the canonical unit (sti/units.py holds the pipeline's own table)
TO_CANONICAL = {"조원": 1_000_000, "억원": 100, "만명": 10_000}


def test_every_published_figure_is_in_indicator_values(pipeline: Pipeline) -> None:
    assert pipeline.run().success
    figures = list(csv.DictReader(CHECKED_LIST.open(encoding="utf-8")))
    assert len(figures) > 70
    missing = []
    with duckdb.connect(str(pipeline.warehouse), read_only=True) as conn:
        for fig in figures:
            expected = float(fig["published_value"]) * TO_CANONICAL.get(fig["published_unit"], 1)
            rows = conn.execute(
                "select val.value, src.citation from marts.indicator_values as val"
                " join raw.source_files as src on src.raw_file = val.source_file"
                " where val.indicator_id = ? and val.region_id = ? and val.industry_code = ?"
                " and val.period = ? and val.series = ? and coalesce(val.edition, '') = ?",
                [
                    fig["indicator_id"],
                    fig["region_id"],
                    fig["industry_code"],
                    fig["period"],
                    fig["series"],
                    fig["edition"],
                ],
            ).fetchall()
            if not rows or rows[0][0] != pytest.approx(expected) or "document" not in rows[0][1]:
                missing.append(
                    f"{fig['document']} {fig['section']}: {fig['indicator_id']} {fig['region_id']} {fig['period']} = {fig['published_value']} ({rows})"
                )
    assert missing == []
