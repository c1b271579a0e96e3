"""staging.grdp: cells of the plan's GRDP table in, typed observations out."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from sti.db.enum_columns import enum_types, retype
from sti.db.warehouse_tables import append_frame, replace_table
from sti.ingest.observation_model import validate_observation_table, validate_observations
from sti.ingest.observations import OBSERVATION_ENUM_COLUMNS, observations_of_frame
from sti.ingest.readers.cell_table import cell, cell_frame

SHA = "a" * 64
MAPPING = (
    '{"rows": {"전국": {"indicator": "grdp_nominal", "region": "전국", "unit": "조원"},'
    ' "대전": {"indicator": "grdp_nominal", "region": "대전", "unit": "조원"},'
    ' "성장률(실질)": {"indicator": "grdp_real_growth", "region": "대전", "unit": "%"}}}'
)


def files() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "source_id": "plan2023_grdp",
                "raw_file": "plan/grdp.csv",
                "sha256": SHA,
                "vintage": dt.date(2023, 5, 1),
                "series": "grdp_base2015",
                "preliminary_periods": [],
                "mapping": MAPPING,
            }
        ]
    )


def cells(*rows: tuple[int, str, str, str]) -> pl.DataFrame:
    return cell_frame(
        [
            cell("plan/grdp.csv", row, column, {"구분": label}, column, value, "utf-8")
            for row, label, column, value in rows
        ]
    )


def test_levels_are_converted_to_million_won_and_p_marks_preliminary() -> None:
    out = observations_of_frame(
        files(), cells((3, "대전", "2020", "44.4"), (3, "대전", "2021 p)", "46.4"))
    )
    assert out.select("indicator_id", "region_id", "period", "value", "unit", "status").rows() == [
        ("grdp_nominal", "KR-30", "2020", 44_400_000.0, "백만원", "final"),
        ("grdp_nominal", "KR-30", "2021", 46_400_000.0, "백만원", "preliminary"),
    ]
    assert out["series"].unique().to_list() == ["grdp_base2015"]
    assert out["source_row"].to_list() == [3, 3]
    assert validate_observations(out, "staging.grdp") == []


def test_national_row_and_rates_keep_their_units() -> None:
    out = observations_of_frame(
        files(), cells((2, "전국", "2016", "1743.6"), (5, "성장률(실질)", "2016", "3.5"))
    )
    assert out.select("region_id", "value", "unit").rows() == [
        ("KR", 1_743_600_000.0, "백만원"),
        ("KR-30", 3.5, "%"),
    ]


def test_text_in_a_number_column_is_reported_with_file_row_column() -> None:
    out = observations_of_frame(files(), cells((3, "대전", "2019", "43.l")))
    problems = [str(p) for p in validate_observations(out, "staging.grdp")]
    assert problems == [
        "file plan/grdp.csv, row 3, column '2019': not a number and not a KOSIS marker (-, X, …, e)) (found '43.l')"
    ]


def test_duplicate_year_is_reported_for_both_rows() -> None:
    out = observations_of_frame(
        files(), cells((3, "대전", "2019", "43.1"), (4, "대전", "2019", "43.2"))
    )
    problems = [str(p) for p in validate_observations(out, "staging.grdp")]
    assert len(problems) == 2
    assert all("this key appears more than once" in p for p in problems)
    assert [p.split(",")[1].strip() for p in problems] == ["row 3", "row 4"]


def test_undeclared_row_label_and_negative_level_are_reported() -> None:
    out = observations_of_frame(
        files(), cells((6, "세종", "2019", "1.0"), (3, "대전", "2018", "-41.3"))
    )
    problems = [str(p) for p in validate_observations(out, "staging.grdp")]
    assert any("row 6" in p and "not declared in the sidecar mapping" in p for p in problems)
    assert any("row 3" in p and "catalogue range" in p for p in problems)


def test_an_estimate_header_marks_its_figures_and_declared_periods_are_preliminary() -> None:
    declared = files().with_columns(pl.Series("preliminary_periods", [["2022"]]))
    out = observations_of_frame(
        declared,
        cells(
            (3, "대전", "2021 e)", "45.0"),  # the header says estimate: a plain figure is one
            (3, "대전", "2021 e)", "-"),  # a marker keeps its own status
            (3, "대전", "2022", "46.0"),  # the sidecar declares 2022 preliminary
            (3, "대전", "2019", "43.0"),
        ),
    )
    assert out.select("period", "status").rows() == [
        ("2021", "estimate"),
        ("2021", "not_available"),
        ("2022", "preliminary"),
        ("2019", "final"),
    ]


def test_a_region_before_it_existed_is_reported_unless_the_source_restates_it() -> None:
    mapping = '{"rows": {"세종": {"indicator": "grdp_nominal", "region": "세종", "unit": "조원"}}}'
    sejong = files().with_columns(pl.lit(mapping).alias("mapping"))
    both = cells((7, "세종", "2011", "1.0"), (7, "세종", "2013", "1.2"))
    problems = observations_of_frame(sejong, both)["problem"].to_list()
    assert problems == ["region KR-50 did not exist yet in 2011 (from 2012-07-01)", None]
    restated = mapping.replace("}}}", '}}, "restated_regions": {"KR-50": "restated"}}')
    out = observations_of_frame(sejong.with_columns(pl.lit(restated).alias("mapping")), both)
    assert out["problem"].to_list() == [None, None]


def test_a_cell_lists_its_problems_in_the_order_they_are_found() -> None:
    out = observations_of_frame(files(), cells((6, "세종", "20x9", "4.l")))
    assert out["problem"].to_list() == [
        "row label '세종' is not declared in the sidecar mapping; '20x9' is not a period; "
        "not a number and not a KOSIS marker (-, X, …, e))"
    ]


def _stored(frames: list[pl.DataFrame]) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    replace_table(conn, "staging.grdp", pl.concat(frames))
    return conn


@pytest.mark.parametrize("batch_rows", [1, 3, 1000])
def test_the_stored_table_check_reports_what_the_frame_model_reports_batch_by_batch(
    batch_rows: int,
) -> None:
    """validate_observation_table reads the table a batch of rows at a time; its messages equal
    the model's on the whole frame, ordered by file, row and column, whatever the batch size."""
    bad = observations_of_frame(
        files(),
        cells((6, "세종", "2019", "1"), (3, "대전", "2019", "43.l"), (4, "대전", "2019", "43.2")),
    )
    good = observations_of_frame(
        files().with_columns(pl.lit("plan/other.csv").alias("raw_file")),
        cells((3, "대전", "2020", "44.4")).with_columns(
            pl.lit("plan/other.csv").alias("source_file")
        ),
    )
    problems, rows = validate_observation_table(
        _stored([good, bad]), "staging.grdp", batch_rows=batch_rows
    )
    assert rows == 4
    assert sorted(map(str, problems)) == sorted(
        map(str, validate_observations(pl.concat([bad, good]), "staging.grdp"))
    )
    rows_named = [(p.file, p.row) for p in problems if "appears more than once" not in p.rule]
    assert rows_named == [("plan/grdp.csv", 3), ("plan/grdp.csv", 6)]
    assert sum("appears more than once" in str(p) for p in problems) == 2


def _stored_with_enums(frame: pl.DataFrame) -> duckdb.DuckDBPyConnection:
    """The frame stored as staging stores it: text columns of few values as ENUMs."""
    conn = duckdb.connect()
    replace_table(conn, "staging.grdp", frame.clear())
    values = {column: frame[column].to_list() for column in OBSERVATION_ENUM_COLUMNS}
    with enum_types(conn, "staging.grdp", values) as types:
        retype(conn, "staging.grdp", types)
    append_frame(conn, "staging.grdp", frame)
    return conn


def test_a_table_with_enum_columns_is_reported_as_the_text_model_reports_it() -> None:
    """Every rule holds on the stored layout, the patterns (period, checksum) included: a
    categorical column is checked on its texts, with the same messages."""
    good = observations_of_frame(
        files(), cells((3, "대전", "2019", "43.1"), (4, "대전", "2020", "43.2"))
    )
    broken = pl.concat(
        [
            good,
            good.with_columns(
                pl.lit("2019년").alias("period"), pl.lit(7).cast(pl.Int64).alias("source_row")
            ),
            good.with_columns(
                pl.lit("not-a-checksum").alias("source_sha256"),
                pl.lit("8.x").alias("value_raw"),
                pl.lit(-5.0).alias("value"),
                pl.lit(9).cast(pl.Int64).alias("source_row"),
                pl.lit("2031").alias("period"),
            ),
        ]
    )
    conn = _stored_with_enums(broken)
    assert (
        conn.execute("select typeof(period), typeof(source_sha256) from staging.grdp limit 1")
        .fetchone()[0]
        .startswith("ENUM")
    )  # type: ignore[index]
    problems, rows = validate_observation_table(conn, "staging.grdp")
    expected = validate_observations(broken, "staging.grdp")
    assert rows == 6
    assert sorted(map(str, problems)) == sorted(map(str, expected))
    rules = " ".join(p.rule for p in problems)
    assert "period: str_matches" in rules and "source_sha256: str_matches" in rules
    assert "value within the catalogue range" in rules


def test_a_key_repeated_across_two_files_is_reported_for_both_rows() -> None:
    """Two files of the same release date holding the same value: caught over the table, which
    a file-by-file check alone would miss."""
    first = observations_of_frame(files(), cells((3, "대전", "2019", "43.1")))
    second = observations_of_frame(
        files().with_columns(pl.lit("plan/again.csv").alias("raw_file")),
        cells((5, "대전", "2019", "43.2")).with_columns(
            pl.lit("plan/again.csv").alias("source_file")
        ),
    )
    problems, rows = validate_observation_table(_stored([first, second]), "staging.grdp")
    assert (rows, [str(p) for p in problems]) == (
        2,
        [
            "file plan/again.csv, row 5, column '2019': one value per key (indicator, region, "
            "industry, period, series, edition, vintage): this key appears more than once "
            "(found '43.2')",
            "file plan/grdp.csv, row 3, column '2019': one value per key (indicator, region, "
            "industry, period, series, edition, vintage): this key appears more than once "
            "(found '43.1')",
        ],
    )


def test_a_blank_cell_is_a_marker_unless_the_sidecar_says_blanks_are_years_not_stated() -> None:
    """KOSIS leaves no cell blank without meaning: a blank is a value not available. In a
    transcription (`blank_cells: skip`) it is a year the document does not state: no row."""
    rows = cells((3, "대전", "2019", " "), (3, "대전", "2020", "44.4"))
    kept = observations_of_frame(files(), rows)
    assert kept.select("period", "value", "status").rows() == [
        ("2019", None, "not_available"),
        ("2020", 44_400_000.0, "final"),
    ]
    skip = MAPPING[:-1] + ', "blank_cells": "skip"}'
    skipped = observations_of_frame(files().with_columns(pl.lit(skip).alias("mapping")), rows)
    assert skipped.select("period", "value", "status").rows() == [("2020", 44_400_000.0, "final")]


def test_the_same_label_means_what_each_file_s_mapping_declares() -> None:
    """Label sets are interpreted once per mapping and series, never once for all files."""
    other_mapping = MAPPING.replace('"unit": "조원"}', '"unit": "십억원"}')
    two = pl.concat(
        [
            files(),
            files().with_columns(
                pl.lit("plan/other.csv").alias("raw_file"), pl.lit(other_mapping).alias("mapping")
            ),
            files().with_columns(
                pl.lit("plan/third.csv").alias("raw_file"), pl.lit("grdp_base2020").alias("series")
            ),
        ]
    )
    cells_of = [
        cells((3, "대전", "2019", "43.1")).with_columns(pl.lit(name).alias("source_file"))
        for name in ("plan/grdp.csv", "plan/other.csv", "plan/third.csv")
    ]
    rows = observations_of_frame(two, pl.concat(cells_of)).sort("source_file")
    assert rows.select("source_file", "value", "series").rows() == [
        ("plan/grdp.csv", 43100000.0, "grdp_base2015"),
        ("plan/other.csv", 43100.0, "grdp_base2015"),
        ("plan/third.csv", 43100000.0, "grdp_base2020"),
    ]
