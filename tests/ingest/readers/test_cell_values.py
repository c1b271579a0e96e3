import pytest

from sti.ingest.readers.cell_values import parse_cell


@pytest.mark.parametrize(
    ("text", "value", "status"),
    [
        ("1743.6", 1743.6, "final"),
        ("-0.53", -0.53, "final"),
        ("2404190710.0", 2404190710.0, "final"),
        ("-", None, "not_available"),
        ("X", None, "suppressed"),
        ("x", None, "suppressed"),
        ("…", None, "not_available"),
        ("", None, "not_available"),
        ("12.5 e)", 12.5, "estimate"),
        ("e) 12.5", 12.5, "estimate"),
    ],
)
def test_numbers_and_markers(text: str, value: float | None, status: str) -> None:
    parsed = parse_cell(text)
    assert (parsed.value, parsed.status, parsed.problem) == (value, status, None)


def test_preliminary_applies_to_numbers_not_markers() -> None:
    assert parse_cell("46.4", preliminary=True).status == "preliminary"
    assert parse_cell("X", preliminary=True).status == "suppressed"


@pytest.mark.parametrize("text", ["abc", "1,743.6", "12..5", "3.5%"])
def test_broken_cells_carry_a_problem_and_no_value(text: str) -> None:
    parsed = parse_cell(text)
    assert parsed.value is None
    assert parsed.problem


def test_thousands_separator_is_named() -> None:
    assert "thousands separators" in (parse_cell("1,743.6").problem or "")
