import pytest

from sti.readers.periods import parse_period


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
