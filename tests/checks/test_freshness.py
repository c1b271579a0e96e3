import datetime as dt

from assets.checks.freshness import freshness_frame
from sti.freshness import expected_latest


def test_grdp_year_is_due_after_its_december_release() -> None:
    assert expected_latest("kosis_101_DT_1C91", dt.date(2026, 11, 22)).expected_latest == "2024"  # type: ignore[union-attr]
    assert expected_latest("kosis_101_DT_1C91", dt.date(2027, 1, 10)).expected_latest == "2025"  # type: ignore[union-attr]


def test_monthly_startups_lag_two_months() -> None:
    expectation = expected_latest("kosis_142_DT_142N_G205", dt.date(2026, 11, 22))
    assert expectation is not None
    assert (expectation.expected_latest, expectation.due_since) == (
        "2026-08",
        dt.date(2026, 10, 28),
    )


def test_unknown_sources_have_no_calendar() -> None:
    assert expected_latest("plan2023_grdp", dt.date(2026, 11, 22)) is None


def test_overdue_is_flagged_and_current_is_not() -> None:
    frame = freshness_frame(
        {"kosis_101_DT_1C91": "2024", "kosis_101_DT_1K52D01": "2023"}, dt.date(2026, 11, 22)
    )
    overdue = dict(zip(frame["source_id"], frame["overdue"], strict=True))
    assert overdue["kosis_101_DT_1C91"] is False
    assert overdue["kosis_101_DT_1K52D01"] is True
    assert overdue["kosis_101_DT_1B040A3"] is True  # nothing held at all
