"""A KPI's chart as inline SVG: no script, no library, the same bytes for the same rows.

Every mark carries its kind, year and value (`data-kind`, `data-year`, `data-value`) as the
table beside it does, so a reader (or a test) can check that the chart and its table agree. The
line joins the KPI's own series only; the plan's baseline of another series is a separate grey
mark (a series break is never drawn across).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 30, 44
TICKS = 5  # about this many y-axis ticks
# Marks on the chart, in drawing order (a target over a milestone of the same year).
KINDS = ("published_baseline", "milestone", "actual", "target")
ACTUAL_PHASES = ("before_baseline", "baseline", "plan_year")


@dataclass(frozen=True)
class Mark:
    kind: str
    year: int
    value: float
    preliminary: bool = False


def value_text(value: float) -> str:
    """One spelling of a number for the chart, its table and the tests: no exponent, no
    trailing zeros, at most 6 decimals."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def marks(rows: Sequence[dict[str, Any]]) -> list[Mark]:
    """The chart's marks from the KPI's chart rows (sql/extracts/site_kpi_chart.sql)."""
    found: list[Mark] = []
    for row in rows:
        year = int(row["year"])
        if row["phase"] == "published_baseline" and row["value"] is not None:
            found.append(Mark("published_baseline", year, float(row["value"])))
        if row["phase"] in ACTUAL_PHASES and row["value"] is not None:
            found.append(Mark("actual", year, float(row["value"]), bool(row["is_preliminary"])))
        if row.get("milestone") is not None:
            found.append(Mark("milestone", year, float(row["milestone"])))
        if row.get("target_value") is not None:
            found.append(Mark("target", year, float(row["target_value"])))
    return found


def _nice_step(span: float) -> float:
    raw = span / TICKS
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _y_range(values: list[float]) -> tuple[float, float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = (low - 1, high + 1) if low == 0 else (low * 0.9, high * 1.1)
    if low > 0 and low < (high - low):
        low = 0.0  # a floor near zero: start the axis at zero
    step = float(_nice_step(high - low))
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value.is_integer() else f"{value:,.2f}"


def _shape(mark: Mark, x: float, y: float, label: str) -> str:
    attrs = (
        f'class="mark {mark.kind}{" preliminary" if mark.preliminary else ""}" '
        f'data-kind="{mark.kind}" data-year="{mark.year}" data-value="{value_text(mark.value)}"'
    )
    title = f"<title>{html.escape(label)}</title>"
    if mark.kind == "actual":
        return f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="5">{title}</circle>'
    if mark.kind == "milestone":
        return f'<rect {attrs} x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8">{title}</rect>'
    if mark.kind == "target":
        points = f"{x:.1f},{y - 8:.1f} {x + 8:.1f},{y + 6:.1f} {x - 8:.1f},{y + 6:.1f}"
        return f'<polygon {attrs} points="{points}">{title}</polygon>'
    points = f"{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}"
    return f'<polygon {attrs} points="{points}">{title}</polygon>'


def svg_chart(rows: Sequence[dict[str, Any]], title: str, labels: dict[str, str], unit: str) -> str:
    """The chart, or an empty string when the KPI has nothing to draw. `labels` names each kind
    of mark in the page's language (the legend and each mark's tooltip)."""
    drawn = marks(rows)
    if not drawn:
        return ""
    years = sorted({int(r["year"]) for r in rows})
    first, last = years[0], years[-1]
    low, high, step = _y_range([m.value for m in drawn])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year: int) -> float:
        return LEFT + (plot_w / 2 if first == last else plot_w * (year - first) / (last - first))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{html.escape(title)}</title>',
    ]
    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_tick_label(tick)}</text>"
        )
        tick += step
    for year in years:
        parts.append(
            f'<text class="axis" x="{x_of(year):.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text class="axis" x="{LEFT - 6}" y="{TOP - 16}" text-anchor="end">{html.escape(unit)}</text>'
    )
    for kind in ("actual", "milestone"):
        line = [m for m in drawn if m.kind == kind]
        if len(line) > 1:
            points = " ".join(f"{x_of(m.year):.1f},{y_of(m.value):.1f}" for m in line)
            parts.append(f'<polyline class="line {kind}" points="{points}"/>')
    for kind in KINDS:
        for mark in (m for m in drawn if m.kind == kind):
            label = f"{labels[kind]} {mark.year}: {value_text(mark.value)} {unit}"
            if mark.preliminary:
                label += f" ({labels['preliminary']})"
            parts.append(_shape(mark, x_of(mark.year), y_of(mark.value), label))
    parts.append("</svg>")
    return "\n".join(parts)
