import datetime as dt

from sti.ingest.freshness import expected_latest, freshness_frame


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


def test_the_next_evaluation_says_which_data_year_it_can_use() -> None:
    frame = freshness_frame({}, dt.date(2026, 11, 22), ("final_evaluation", 2027))
    by_source = {r["source_id"]: r for r in frame.iter_rows(named=True)}
    grdp = by_source["kosis_101_DT_1C91"]
    assert (grdp["next_evaluation_kind"], grdp["next_evaluation_year"]) == (
        "final_evaluation",
        2027,
    )
    # GRDP 2026 is due on 2027-12-20 plus its grace days, after the year ends: 2025 is certain
    assert grdp["latest_period_by_next_evaluation"] == "2025"
    assert by_source["kosis_142_DT_142N_G205"]["latest_period_by_next_evaluation"] == "2027-09"


def test_department_reports_are_due_two_months_after_the_year() -> None:
    expectation = expected_latest("department_reports", dt.date(2026, 11, 22))
    assert expectation is not None
    assert (expectation.expected_latest, expectation.due_since) == ("2025", dt.date(2026, 2, 28))
    # on 2027-03-15 the 2026 reports (due 2027-02-28) are still within their 31 days of grace
    assert expected_latest("department_reports", dt.date(2027, 3, 15)).expected_latest == "2025"  # type: ignore[union-attr]


def test_a_budget_figure_is_known_before_its_year() -> None:
    """The year-t R&D budget is confirmed in December t-1 (lag -12 months)."""
    expectation = expected_latest("msit_rnd_budget", dt.date(2027, 2, 20))
    assert expectation is not None
    assert (expectation.expected_latest, expectation.due_since) == ("2027", dt.date(2026, 12, 31))


def test_a_closed_series_is_never_expected_past_its_last_period() -> None:
    """창업기업동향 2021-2025 (DT_142N_F205) ended with 2025-12: a year later nothing newer is
    due, while its successor DT_142N_G205 is expected for the months since."""
    closed = expected_latest("kosis_142_DT_142N_F205", dt.date(2026, 11, 23))
    assert closed is not None and closed.expected_latest == "2025-12"
    assert closed.due_since == dt.date(2026, 2, 28)
    successor = expected_latest("kosis_142_DT_142N_G205", dt.date(2026, 11, 23))
    assert successor is not None and successor.expected_latest == "2026-08"
