import polars as pl

from sti.ingest.release_counts import count_problems, declared_periods


def test_declared_periods() -> None:
    assert declared_periods("2020-2023") == ["2020", "2021", "2022", "2023"]
    assert declared_periods("2025-11..2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert declared_periods("2025") == ["2025"]


def test_a_truncated_release_is_caught() -> None:
    files = pl.DataFrame(
        [{"raw_file": "k.csv", "reference_period": "2022-2023", "expected_cells_per_period": 3}]
    )
    cells = pl.DataFrame(  # cells per (file, period header), as the check counts them in SQL
        {
            "source_file": ["k.csv"] * 3,
            "period_label": ["2022", "2023", "2023 p)"],
            "n": [3, 1, 1],
        }
    )
    problems = [str(p) for p in count_problems(files, cells)]
    assert problems == [
        "file k.csv: period 2023 has 2 cells where a complete release has 3 (truncated or partial download?)"
    ]
