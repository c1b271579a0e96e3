"""The package's charts, PNG and SVG, with Korean text in NanumGothic (from koreanize-matplotlib).

Each chart is drawn from the same sheet rows the workbook holds, so a chart never shows a
number the tables do not.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

from sti.reports.documents import FONT_FAMILY, FONT_FILE, Figure
from sti.reports.evaluation.sheets import HEADLINE_KPIS, Sheet

# koreanize-matplotlib's NanumGothic files, registered as importing it registers them, without
# importing it: it loads distutils and pkg_resources (0.1 s) to compare matplotlib versions.
for _font in sorted(FONT_FILE.parent.glob("*.ttf")):
    font_manager.fontManager.addfont(str(_font))
matplotlib.rcParams["font.family"] = FONT_FAMILY
# Fixed ids and no timestamps in SVG output, so the same data draws the same file.
matplotlib.rcParams["svg.hashsalt"] = "daejeon-sti-warehouse"
matplotlib.rcParams["axes.unicode_minus"] = False
SIDO_COUNT = 17
CHART_FILES = (".png", ".svg")
DPI = 150
RANK_SERIES = {
    ("establishments", "TECH"): "기술기반업종 사업체수 (Tech-based establishments)",
    ("workers", "TECH"): "기술기반업종 종사자수 (Tech-based workers)",
    ("grdp_nominal", "_T"): "지역내총생산 (GRDP, nominal)",
}


def _save(fig: Any, folder: Path, stem: str) -> str:
    # the tight box laid out once for both files: `bbox_inches="tight"` lays the figure out
    # again for each (a quarter of the charts' time)
    fig.set_dpi(DPI)
    fig.draw_without_rendering()
    box = fig.get_tightbbox().padded(matplotlib.rcParams["savefig.pad_inches"])
    fig.savefig(folder / f"{stem}.png", dpi=DPI, bbox_inches=box, metadata={"Software": None})
    fig.savefig(folder / f"{stem}.svg", bbox_inches=box, metadata={"Date": None})
    plt.close(fig)
    return f"{folder.name}/{stem}.png"


def kpi_chart(rows: list[dict[str, Any]], folder: Path) -> Figure:
    """One KPI: actuals by year against its milestones, final target and pre-plan baseline."""
    first = rows[0]
    fig, ax = plt.subplots(figsize=(7.5, 4))
    actual = [(r["year"], r["actual"]) for r in rows if r["actual"] is not None]
    if first["baseline_value"] is not None and first["baseline_year"] is not None:
        ax.plot(
            [first["baseline_year"]],
            [first["baseline_value"]],
            "s",
            color="#555555",
            label=f"기준값 {first['baseline_year']} (baseline)",
        )
    milestones = [(r["year"], r["milestone"]) for r in rows if r["milestone"] is not None]
    if milestones:
        ax.plot(
            *zip(*milestones, strict=True), "--", color="#2e75b6", label="연차 목표 (milestone)"
        )
    bench = [
        (r["year"], r["benchmark_milestone"]) for r in rows if r["benchmark_milestone"] is not None
    ]
    if bench:
        ax.plot(
            *zip(*bench, strict=True),
            ":",
            color="#999999",
            label="계획 전 추세 (참고, 계획 목표 아님)",
        )
    if first["target_value"] is not None:
        ax.plot(
            [first["target_year"]],
            [first["target_value"]],
            "*",
            markersize=14,
            color="#c00000",
            label=f"최종 목표 {first['target_year']} (target)",
        )
    if actual:
        ax.plot(
            *zip(*actual, strict=True), "o-", color="#1f4e79", linewidth=2, label="실적 (actual)"
        )
        for year, value in actual:
            ax.annotate(
                f"{value:,.0f}",
                (year, value),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=8,
            )
    else:
        ax.text(
            0.5,
            0.5,
            "아직 실적 없음 (no actual yet)",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=13,
            color="#777777",
        )
    ax.set_title(f"{first['name_ko']} ({first['unit']})")
    ax.set_xlabel("연도 (year)")
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="best")
    caption = f"{first['name_ko']}: 실적과 목표 궤도 ({first['kpi_id']}; series {first['series']})"
    return Figure(_save(fig, folder, f"kpi_{first['kpi_id']}"), caption)


def rank_chart(history: list[dict[str, Any]], folder: Path) -> Figure:
    """Daejeon's rank among the 17 시도 by year (1 = first), one line per indicator and series."""
    fig, ax = plt.subplots(figsize=(7.5, 4))
    keys = sorted({(r["indicator_id"], r["industry_code"], r["series"]) for r in history})
    for indicator, industry, series in keys:
        points = [
            (r["year"], r["rank_among_sido"])
            for r in history
            if (r["indicator_id"], r["industry_code"], r["series"]) == (indicator, industry, series)
        ]
        label = f"{RANK_SERIES.get((indicator, industry), indicator)} [{series}]"
        ax.plot(*zip(*points, strict=True), "o-", label=label)
    ax.set_ylim(SIDO_COUNT + 0.5, 0.5)
    ax.set_yticks(range(1, SIDO_COUNT + 1))
    ax.set_ylabel("순위 (rank among the 17 시도)")
    ax.set_xlabel("연도 (year)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("대전의 17개 시도 중 순위 (Daejeon's rank)")
    ax.grid(alpha=0.3)
    if keys:
        ax.legend(fontsize=8)
    return Figure(
        _save(fig, folder, "rank_history"),
        "대전의 17개 시도 중 순위 추이 (Daejeon's rank among the 17 시도)",
    )


def rcostii_chart(sheet: Sheet, folder: Path) -> Figure:
    """R-COSTII components: Daejeon against the 17-시도 mean, one panel per edition."""
    rows = [r for r in sheet.records() if r["component"] != "total"]
    editions = sorted({r["edition"] for r in rows}) or ["-"]
    fig, axes = plt.subplots(1, len(editions), figsize=(7.5 * len(editions), 4), squeeze=False)
    for ax, edition in zip(axes[0], editions, strict=True):
        part = [r for r in rows if r["edition"] == edition]
        names = [str(r["component_name_ko"]).replace("R-COSTII ", "") for r in part]
        xs = range(len(part))
        ax.bar(
            [x - 0.2 for x in xs],
            [r["score"] or 0 for r in part],
            0.4,
            label="대전 (Daejeon)",
            color="#1f4e79",
        )
        ax.bar(
            [x + 0.2 for x in xs],
            [r["regional_mean"] or 0 for r in part],
            0.4,
            label="17개 시도 평균 (mean)",
            color="#9dc3e6",
        )
        ax.set_xticks(list(xs), names)
        ax.set_title(f"R-COSTII {edition}년판 부문별 점수 (components)")
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    return Figure(
        _save(fig, folder, "rcostii_components"),
        "R-COSTII 부문별 점수: 대전과 17개 시도 평균 (editions never mixed)",
    )


class ChartCache:
    """Charts already drawn, by what they were drawn from: a chart is a function of its rows
    (and of the code that draws it), so a package whose rows equal an earlier package's copies
    that package's PNG and SVG instead of drawing them again. The rank history and R-COSTII
    charts are the same in all three evaluation packages (0.5-0.7 s each to draw; measured
    2026-11-24). Seeded with last night's drafts (`seed`), a night whose new release moves no
    chart draws none (the three packages' charts: 2.5-4 s, matplotlib's first text included)."""

    def __init__(self) -> None:
        self._drawn: dict[tuple[str, str], tuple[Figure, dict[str, bytes]]] = {}
        self._used: list[dict[str, str]] = []

    def chart(self, name: str, rows: Any, folder: Path, draw: Callable[[], Figure]) -> Figure:
        digest = hashlib.sha256(
            json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()
        key = (name, digest)
        if key in self._drawn:
            figure, files = self._drawn[key]
            for file_name, content in files.items():
                (folder / file_name).write_bytes(content)
        else:
            figure = draw()
            stem = Path(figure.path).stem
            files = {f"{stem}{ext}": (folder / f"{stem}{ext}").read_bytes() for ext in CHART_FILES}
            self._drawn[key] = (figure, files)
        self._used.append({"name": name, "digest": digest, **asdict(figure)})
        return figure

    def take_index(self) -> list[dict[str, str]]:
        """The charts used since the last call (name, digest of its rows, path, caption): a
        package's manifest keeps them, for the next night's `seed`."""
        used, self._used = self._used, []
        return used

    def seed(self, index: list[dict[str, str]], package: Path) -> None:
        """Charts a package printed earlier (its manifest's index, its files), as if drawn."""
        for entry in index:
            drawn = package / entry["path"]
            paths = {drawn.with_suffix(ext).name: drawn.with_suffix(ext) for ext in CHART_FILES}
            if all(path.is_file() for path in paths.values()):
                figure = Figure(entry["path"], entry["caption"])
                files = {name: path.read_bytes() for name, path in paths.items()}
                self._drawn.setdefault((entry["name"], entry["digest"]), (figure, files))


def draw_charts(
    sheets: dict[str, Sheet],
    rank_history: list[dict[str, Any]],
    folder: Path,
    cache: ChartCache | None = None,
) -> list[Figure]:
    """The package's charts into `folder`; `cache` shares charts between packages."""
    cache = cache or ChartCache()
    folder.mkdir(parents=True, exist_ok=True)
    kpis = sheets["kpi_achievement"].records()
    figures = []
    for kpi_id in HEADLINE_KPIS:
        rows = [r for r in kpis if r["kpi_id"] == kpi_id]
        if rows:
            figures.append(
                cache.chart("kpi", rows, folder, functools.partial(kpi_chart, rows, folder))
            )
    figures.append(
        cache.chart("rank", rank_history, folder, lambda: rank_chart(rank_history, folder))
    )
    rcostii = sheets["rcostii"]
    figures.append(
        cache.chart("rcostii", rcostii.records(), folder, lambda: rcostii_chart(rcostii, folder))
    )
    return figures
