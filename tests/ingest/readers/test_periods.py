import pytest

from sti.ingest.readers.periods import last_reference_period, parse_period, reference_periods


@pytest.mark.parametrize(
    ("label", "key", "preliminary", "estimate"),
    [
        ("2021", "2021", False, False),
        ("2021 p)", "2021", True, False),
        ("2023 p)", "2023", True, False),
        ("1985 년", "1985", False, False),
        ("2024 e)", "2024", False, True),
        ("2026.06", "2026-06", False, False),
        ("2026. 06", "2026-06", False, False),
        ("202606", "2026-06", False, False),
    ],
)
def test_period_headers(label: str, key: str, preliminary: bool, estimate: bool) -> None:
    period = parse_period(label)
    assert period is not None
    assert (period.key, period.preliminary, period.estimate) == (key, preliminary, estimate)


@pytest.mark.parametrize("label", ["항목", "시도별", "2026.13", "구분", "Unnamed: 43", ""])
def test_non_period_headers(label: str) -> None:
    assert parse_period(label) is None


def test_reference_periods_span_years_and_months() -> None:
    assert reference_periods("2014-2016") == ["2014", "2015", "2016"]
    assert reference_periods("2025-11..2026-01") == ["2025-11", "2025-12", "2026-01"]
    assert reference_periods("202511-202601") == ["2025-11", "2025-12", "2026-01"]
    assert reference_periods("2026-06") == ["2026-06"]
    assert reference_periods("2021") == ["2021"]
    assert reference_periods("2014-2026-06") == []
    assert reference_periods("per row") == []
    last = last_reference_period("2026-01..2026-06")
    assert last is not None and (last.year, last.month) == (2026, 6)
    assert last_reference_period(None) is None
