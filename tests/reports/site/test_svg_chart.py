"""The KPI chart (sti/reports/site/svg_chart.py): which marks it draws from the chart rows, one
spelling of each number, an axis that holds every mark."""

from __future__ import annotations

import re
from typing import Any

from sti.reports.site.svg_chart import Mark, marks, svg_chart, value_text

LABELS = {k: k for k in ("actual", "milestone", "target", "published_baseline", "preliminary")}


def _row(year: int, phase: str, value: float | None, **kw: Any) -> dict[str, Any]:
    return {"year": year, "phase": phase, "value": value, "is_preliminary": False, **kw}


ROWS = [
    _row(2020, "published_baseline", 30499.0),
    _row(2021, "before_baseline", 40478.0),
    _row(2022, "baseline", 41104.0),
    _row(2023, "plan_year", 41206.0, milestone=41500.0, is_preliminary=True),
    _row(2024, "plan_year", None, milestone=42000.0),
    _row(2027, "plan_year", None, milestone=43000.0, target_value=43000.0),
]


def test_marks_follow_the_phases() -> None:
    assert marks(ROWS) == [
        Mark("published_baseline", 2020, 30499.0),
        Mark("actual", 2021, 40478.0),
        Mark("actual", 2022, 41104.0),
        Mark("actual", 2023, 41206.0, preliminary=True),
        Mark("milestone", 2023, 41500.0),
        Mark("milestone", 2024, 42000.0),
        Mark("milestone", 2027, 43000.0),
        Mark("target", 2027, 43000.0),
    ]


def test_one_spelling_of_a_number() -> None:
    assert [value_text(v) for v in (41206.0, 6.63, 0.1 + 0.2, 1e-7, 2.5e7)] == [
        "41206",
        "6.63",
        "0.3",
        "0",
        "25000000",
    ]


def _ys(svg: str) -> dict[tuple[str, str], float]:
    found = {}
    for tag in re.findall(r"<(?:circle|rect|polygon) [^>]*>", svg):
        kind = re.search(r'data-kind="([^"]+)"', tag)
        year = re.search(r'data-year="([^"]+)"', tag)
        y = re.search(r'(?:cy|y)="([\d.]+)"', tag) or re.search(r'points="[\d.]+,([\d.]+)', tag)
        assert kind and year and y
        found[(kind.group(1), year.group(1))] = float(y.group(1))
    return found


def test_every_mark_is_drawn_once_inside_the_plot_and_higher_is_up() -> None:
    svg = svg_chart(ROWS, "t", LABELS, "개")
    ys = _ys(svg)
    assert len(ys) == len(marks(ROWS))
    assert all(0 <= y <= 300 for y in ys.values())
    # a higher value sits higher on the page (smaller y)
    assert ys[("actual", "2021")] > ys[("actual", "2023")] > ys[("milestone", "2024")]
    assert 'class="mark actual preliminary"' in svg  # the preliminary actual is marked
    assert svg_chart([_row(2024, "plan_year", None)], "t", LABELS, "개") == ""


def test_every_rule_word_is_there() -> None:
    """Each status, baseline kind and basis the rule books produce has its words on the site."""
    from sti.plan.kpi_rules import BASELINE_KINDS, STATUS_RULES, STATUSES
    from sti.reports.site.text import BASELINE_KIND

    assert set(STATUS_RULES) == set(STATUSES)
    assert set(BASELINE_KIND) == set(BASELINE_KINDS)
