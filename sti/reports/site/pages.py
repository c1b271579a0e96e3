"""Every page of the progress site, in each language, from one `SiteData`.

`render_pages` returns {path: HTML}; `kpi_download` the table each KPI page offers as CSV and
XLSX (exactly the rows its chart and table show).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sti.plan.implementation_rules import (
    AMBER_EXECUTION_PCT,
    RED_EXECUTION_PCT,
    RED_LATE_SHARE,
)
from sti.plan.kpi_rules import STATUS_RULES
from sti.reference.vocabulary import (
    KPI_STATUS,
    TIER,
    TRAFFIC_LIGHT,
    codes_by_korean,
    korean,
    label,
)
from sti.reports.evaluation.sheets import HEADLINE_KPIS, TEXT, Column, Sheet
from sti.reports.site.content import Package, SiteData, next_release
from sti.reports.site.html_parts import Ctx, Html, badge, esc, page, para, section, table
from sti.reports.site.svg_chart import svg_chart, value_text
from sti.reports.site.text import LANGUAGE_DIR, LANGUAGES, baseline_words, basis_words

LIGHT_CODES = codes_by_korean("traffic_light")
CHART_COLUMNS = [
    Column("kpi_id", "성과지표 ID", "KPI id", TEXT, 26),
    Column("year", "연도", "Year", "0", 7),
    Column("phase", "구분", "Phase", TEXT, 12),
    Column("series", "계열", "Series", TEXT, 16),
    Column("value", "실적·기준값", "Actual or baseline", "#,##0.00", 14),
    Column("is_preliminary", "잠정", "Preliminary", TEXT, 8),
    Column("milestone", "중간 목표", "Milestone", "#,##0.00", 14),
    Column("target_value", "목표", "Target", "#,##0.00", 14),
    Column("status_ko", "상태", "Status", TEXT, 12),
    Column("status", "상태 코드", "Status code", TEXT, 16),
    Column("tier_ko", "자료 등급", "Tier", TEXT, 16),
    Column("vintage", "공표일", "Release date", "yyyy-mm-dd", 12),
    Column("source", "출처", "Source", TEXT, 40),
]


def kpi_download(data: SiteData, kpi_id: str) -> Sheet:
    rows = [[row.get(c.key) for c in CHART_COLUMNS] for row in data.chart.get(kpi_id, [])]
    return Sheet("성과지표 추이", "kpi_chart", "KPI trend", CHART_COLUMNS, rows, ("status_ko",))


def kpi_path(kpi_id: str) -> str:
    return f"kpi/{kpi_id}.html"


def subtask_path(code: str) -> str:
    return f"subtask/{code}.html"


def package_path(name: str) -> str:
    return f"packages/{name}.html"


def download_path(kpi_id: str, ext: str) -> str:
    return f"data/kpi/{kpi_id}.{ext}"


def package_file_path(package: Package, name: str) -> str:
    return f"files/{package.name}/{name}"


def _status(ctx: Ctx, code: str | None) -> Html:
    if code is None:
        return esc(None)
    text = label("kpi_status", code, ctx.lang)
    return badge(text, code)


def _light(ctx: Ctx, code: str) -> Html:
    return badge(label("traffic_light", code, ctx.lang), korean("traffic_light", code))


def _light_counts(ctx: Ctx, data: SiteData, codes: list[str]) -> str:
    counts: dict[str, int] = {}
    for code in codes:
        light = data.subtask_light(code)["code"]
        counts[light] = counts.get(light, 0) + 1
    return " · ".join(
        f"{label('traffic_light', c, ctx.lang)} {counts[c]}" for c in TRAFFIC_LIGHT if c in counts
    )


# ---------------------------------------------------------------- home


def _tree(ctx: Ctx, data: SiteData) -> Html:
    items = []
    for strategy in data.strategies:
        tasks = [t for t in data.tasks if t["strategy_code"] == strategy["strategy_code"]]
        strategy_subtasks = [
            s["subtask_code"]
            for s in data.subtasks
            if s["strategy_code"] == strategy["strategy_code"]
        ]
        task_items = []
        for task in tasks:
            subtasks = [s for s in data.subtasks if s["task_code"] == task["task_code"]]
            codes = [s["subtask_code"] for s in subtasks]
            leaves = "".join(
                f"<li>{_light(ctx, data.subtask_light(s['subtask_code'])['code'])} "
                f"{ctx.link(subtask_path(s['subtask_code']), s['subtask_code'] + ' ' + ctx.pick(s['name_ko'], s['name_en']))}</li>"
                for s in subtasks
            )
            task_items.append(
                f"<li>{_light(ctx, data.rolled_light(codes))} <strong>{esc(task['task_code'])} "
                f"{esc(ctx.pick(task['name_ko'], task['name_en']))}</strong> "
                f'<span class="muted">({esc(_light_counts(ctx, data, codes))})</span><ul>{leaves}</ul></li>'
            )
        items.append(
            f"<li>{_light(ctx, data.rolled_light(strategy_subtasks))} "
            f"<strong>{esc(ctx.w('strategy'))} {strategy['strategy_code']}. "
            f"{esc(ctx.pick(strategy['name_ko'], strategy['name_en']))}</strong>"
            f"<ul>{''.join(task_items)}</ul></li>"
        )
    return Html(f'<ul class="tree">{"".join(items)}</ul>')


def _headline(ctx: Ctx, data: SiteData) -> Html:
    cards = []
    for kpi in (k for k in data.kpis if k["kpi_id"] in HEADLINE_KPIS):
        cards.append(
            f"<li>{ctx.link(kpi_path(kpi['kpi_id']), ctx.pick(kpi['name_ko'], kpi['name_en']))}"
            f'<p class="big">{esc(kpi["actual"])} {esc(kpi["unit"] if kpi["actual"] is not None else "")}</p>'
            f"<p>{esc(kpi['year'])} · {_status(ctx, kpi['status'])}</p></li>"
        )
    return Html(f'<ul class="cards">{"".join(cards)}</ul>')


def home(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    year = data.check_year
    check = (
        para(f"{ctx.w('check_year')}: {year}") if year is not None else para(ctx.w("no_check_year"))
    )
    body = (
        f"<h1>{esc(ctx.w('site_title'))}</h1>"
        f"<p>{esc(ctx.w('plan_years'))} · {esc(ctx.w('as_of'))} <strong>{data.as_of.isoformat()}</strong></p>"
        + section(
            ctx.w("headline"),
            _headline(ctx, data),
            para(ctx.link("kpi/index.html", ctx.w("all_kpis"))),
        )
        + section(ctx.w("plan_tree"), check, para(ctx.w("tree_rule")), _tree(ctx, data))
    )
    return ctx.w("home"), body


# ---------------------------------------------------------------- KPIs


def kpi_index(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    rows = [
        [
            ctx.link(kpi_path(k["kpi_id"]), ctx.pick(k["name_ko"], k["name_en"])),
            k["task_code"],
            k["year"],
            k["actual"],
            k["unit"],
            k["target_value"] if k["target_value"] is not None else ctx.w("direction_only"),
            k["target_year"],
            _status(ctx, k["status"]),
        ]
        for k in data.kpis
    ]
    headers = [
        ctx.w(k)
        for k in ("kpis", "task", "current_year", "actual", "unit", "target", "year", "status")
    ]
    body = f"<h1>{esc(ctx.w('all_kpis'))}</h1>" + table(ctx.w("all_kpis"), headers, rows, (3, 5))
    return ctx.w("kpis"), body


def _chart_table(ctx: Ctx, rows: list[dict[str, Any]]) -> Html:
    """The chart's values, each cell with the same data-kind/year/value as its mark."""
    head = "".join(
        f'<th scope="col">{esc(ctx.w(k))}</th>'
        for k in (
            "year",
            "phase",
            "series",
            "actual",
            "milestone",
            "target",
            "status",
            "tier",
            "vintage",
        )
    )
    body = []
    for row in rows:
        phase = ctx.w(f"phase_{row['phase']}")
        kind = "published_baseline" if row["phase"] == "published_baseline" else "actual"
        cells = [
            f'<th scope="row">{row["year"]}</th>',
            f"<td>{esc(phase)}</td>",
            f"<td>{esc(row['series'])}</td>",
            _value_cell(
                kind,
                row["year"],
                row["value"],
                ctx.w("preliminary") if row["is_preliminary"] else "",
            ),
            _value_cell("milestone", row["year"], row["milestone"]),
            _value_cell("target", row["year"], row["target_value"]),
            f"<td>{_status(ctx, row['status'])}</td>",
            f"<td>{esc(ctx.pick(row['tier_ko'], row['tier_en']))}</td>",
            f"<td>{esc(row['vintage'])}</td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return Html(
        f'<div class="table-wrap"><table class="chart-data"><caption>{esc(ctx.w("chart_table"))}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _value_cell(kind: str, year: int, value: float | None, flag: str = "") -> str:
    if value is None:
        return '<td class="num">–</td>'
    shown = esc(value) + (f" ({esc(flag)})" if flag else "")
    return (
        f'<td class="num" data-kind="{kind}" data-year="{year}" '
        f'data-value="{value_text(float(value))}">{shown}</td>'
    )


def _legend(ctx: Ctx) -> str:
    keys = ("actual", "milestone", "target", "published_baseline")
    items = "".join(f'<li><span class="key {k}"></span>{esc(ctx.w(k))}</li>' for k in keys)
    return f'<ul class="legend" aria-hidden="true">{items}</ul>'


def _kpi_facts(ctx: Ctx, data: SiteData, kpi: dict[str, Any]) -> Html:
    rows = data.chart.get(kpi["kpi_id"], [])
    status = kpi["status"]
    rule = STATUS_RULES[status][0 if ctx.lang == "ko" else 1] if status else None
    target = (
        f"{text_number(kpi['target_value'])} {kpi['unit']} ({kpi['target_year']}{'' if ctx.lang == 'en' else '년'})"
        if kpi["target_value"] is not None
        else f"{ctx.w('direction_only')} ({kpi['target_year']})"
    )
    source_line = f"{kpi['document']} line {kpi['document_line']}: {kpi['plan_reference'] or ''}"
    latest = [r for r in rows if r["phase"] == "plan_year" and r["value"] is not None]
    latest_text = (
        f"{latest[-1]['year']} · {latest[-1]['vintage']} · {ctx.pick(latest[-1]['tier_ko'], latest[-1]['tier_en'])}"
        if latest
        else ctx.w("none")
    )
    due = next_release(kpi, rows)
    due_text = ctx.w("none")
    if due:
        basis = ctx.w("calendar_stated" if due["basis"] == "stated" else "calendar_assumed")
        late = f", {ctx.w('overdue')}" if due["date"] <= data.as_of else ""
        due_text = f"{due['year']} → {due['date'].isoformat()} ({basis}{late})"
    facts = [
        ("status", Html(f"{_status(ctx, status)} {esc(kpi['year'])}")),
        ("rule", rule),
        ("status_basis", basis_words(kpi.get("status_basis"), ctx.lang)),
        ("target_line", f"{target} — {source_line}"),
        (
            "baseline",
            f"{text_number(kpi['baseline_value'])} ({kpi['baseline_year']}, "
            f"{baseline_words(kpi['baseline_kind'], ctx.lang)})",
        ),
        ("series", kpi["series"]),
        ("source", ctx.pick(kpi.get("source_ko"), kpi.get("source_en"))),
        ("latest_release", latest_text),
        ("next_release", due_text),
        ("departments", ctx.pick(kpi.get("departments_ko"), kpi.get("departments_en"))),
    ]
    items = "".join(f"<dt>{esc(ctx.w(k))}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    return Html(f'<dl class="facts">{items}</dl>')


def text_number(value: float | None) -> str:
    return "–" if value is None else str(esc(value))


def kpi_page(kpi: dict[str, Any]) -> Callable[[Ctx, SiteData], tuple[str, str]]:
    def render(ctx: Ctx, data: SiteData) -> tuple[str, str]:
        rows = data.chart.get(kpi["kpi_id"], [])
        name = ctx.pick(kpi["name_ko"], kpi["name_en"])
        labels = {
            k: ctx.w(k)
            for k in ("actual", "milestone", "target", "published_baseline", "preliminary")
        }
        chart = svg_chart(rows, f"{name}: {ctx.w('chart')}", labels, kpi["unit"])
        downloads = " · ".join(
            f'<a href="{esc(ctx.url(download_path(kpi["kpi_id"], ext)))}" download>{ext.upper()}</a>'
            for ext in ("csv", "xlsx")
        )
        subtask = kpi.get("subtask_code")
        parts = [
            f"<h1>{esc(name)}</h1>",
            f'<p class="muted">{esc(kpi["kpi_id"])} · {esc(kpi["name_ko"] if ctx.lang == "en" else kpi["name_en"])}</p>',
            _kpi_facts(ctx, data, kpi),
        ]
        if subtask:
            parts.append(
                para(
                    Html(
                        f"{esc(ctx.w('linked_subtask'))}: {ctx.link(subtask_path(subtask), subtask)}"
                    )
                )
            )
        parts.append(
            section(
                ctx.w("chart"),
                Html(f'<figure class="kpi-chart">{chart}{_legend(ctx)}</figure>')
                if chart
                else para(ctx.w("no_chart")),
                _chart_table(ctx, rows),
                Html(
                    f'<p class="downloads">{esc(ctx.w("download"))}: {downloads}. {esc(ctx.w("download_note"))}</p>'
                ),
            )
        )
        if kpi.get("note"):
            parts.append(section(ctx.w("note"), para(kpi["note"])))
        return name, "".join(parts)

    return render


# ---------------------------------------------------------------- sub-tasks


def subtask_index(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    rows = [
        [
            ctx.link(subtask_path(s["subtask_code"]), s["subtask_code"]),
            ctx.pick(s["name_ko"], s["name_en"]),
            s["task_code"],
            ctx.pick(s["departments_ko"], s["departments_en"]),
            s["budget_total_eok"],
            _light(ctx, data.subtask_light(s["subtask_code"])["code"]),
        ]
        for s in data.subtasks
    ]
    headers = [ctx.w(k) for k in ("subtask", "subtask", "task", "departments", "budget", "light")]
    headers[1] = f"{ctx.w('subtask')} ({ctx.w('label')})"
    year = data.check_year if data.check_year is not None else "–"
    body = (
        f"<h1>{esc(ctx.w('subtasks'))}</h1>"
        + para(f"{ctx.w('check_year')}: {year}")
        + table(ctx.w("subtasks"), headers, rows, (4,))
    )
    return ctx.w("subtasks"), body


def _subtask_years(ctx: Ctx, data: SiteData, code: str) -> Html:
    rows = [
        [
            r["year"],
            badge(
                label("traffic_light", LIGHT_CODES.get(r["traffic_light_ko"]), ctx.lang),
                r["traffic_light_ko"],
            ),
            r["traffic_light_reason"],
            r["action_reports"],
            r["planned_eok"],
            r["allocated_eok"],
            r["executed_eok"],
            r["execution_rate_pct"],
            r["subtask_indicator_statuses"],
        ]
        for r in data.sheets["subtask_progress"].records()
        if r["subtask_code"] == code
    ]
    keys = (
        "year",
        "light",
        "reason",
        "action_reports",
        "planned",
        "allocated",
        "executed",
        "execution_rate",
        "subtask_indicators",
    )
    return table(ctx.w("yearly_check"), [ctx.w(k) for k in keys], rows, (3, 4, 5, 6, 7))


def _actions(ctx: Ctx, data: SiteData, code: str) -> Html:
    statuses: dict[tuple[int, int], str] = {}
    years: set[int] = set()
    for row in data.sheets["action_table"].records():
        if row["subtask_code"] == code:
            statuses[(row["action_no"], row["year"])] = row["progress_status"]
            years.add(row["year"])
    ordered = sorted(years)
    rows = []
    for action in (a for a in data.actions if a["subtask_code"] == code):
        no = action["action_no"]
        cells = [badge(statuses[(no, y)]) if (no, y) in statuses else esc(None) for y in ordered]
        rows.append(
            [
                no,
                action["name_ko"],
                f"{action['schedule_from']}–{action['schedule_to']}",
                ctx.pick(action["departments_ko"], action["departments_en"]),
                *cells,
            ]
        )
    headers = ["#", ctx.w("action"), ctx.w("schedule"), ctx.w("departments"), *map(str, ordered)]
    return table(ctx.w("actions"), headers, rows)


def _subtask_kpis(ctx: Ctx, data: SiteData, code: str) -> Html:
    linked = [k for k in data.kpis if k.get("subtask_code") == code]
    if not linked:
        return para(ctx.w("no_indicators"))
    rows = [
        [
            ctx.link(kpi_path(k["kpi_id"]), ctx.pick(k["name_ko"], k["name_en"])),
            k["year"],
            k["actual"],
            k["unit"],
            _status(ctx, k["status"]),
        ]
        for k in linked
    ]
    headers = [ctx.w(k) for k in ("kpis", "current_year", "actual", "unit", "status")]
    return table(ctx.w("indicators"), headers, rows, (2,))


def _budget(ctx: Ctx, s: dict[str, Any]) -> Html:
    keys = ("budget_total", "budget_national", "budget_local", "budget_public", "budget_private")
    values = [s[f"{k}_eok"] for k in keys]
    caption = f"{ctx.w('budget')} ({ctx.w('eok')}, {s['budget_period'] or '–'}; {ctx.w('plan_line')} {s['budget_source_line'] or '–'})"
    return table(caption, [ctx.w(k) for k in keys], [values], (0, 1, 2, 3, 4))


def subtask_page(s: dict[str, Any]) -> Callable[[Ctx, SiteData], tuple[str, str]]:
    def render(ctx: Ctx, data: SiteData) -> tuple[str, str]:
        code = s["subtask_code"]
        name = ctx.pick(s["name_ko"], s["name_en"])
        light = data.subtask_light(code)
        crumbs = (
            f"{ctx.w('strategy')} {s['strategy_code']}. {ctx.pick(s['strategy_name_ko'], s['strategy_name_en'])} › "
            f"{s['task_code']} {ctx.pick(s['task_name_ko'], s['task_name_en'])}"
        )
        body = "".join(
            [
                f'<p class="muted">{esc(crumbs)}</p>',
                f"<h1>{esc(code)} {esc(name)}</h1>",
                para(Html(f"{_light(ctx, light['code'])} {esc(light['reason'] or '')}")),
                para(
                    f"{ctx.w('departments')}: {ctx.pick(s['departments_ko'], s['departments_en'])}"
                ),
                _budget(ctx, s),
                section(ctx.w("yearly_check"), _subtask_years(ctx, data, code)),
                section(ctx.w("actions"), _actions(ctx, data, code)),
                section(ctx.w("indicators"), _subtask_kpis(ctx, data, code)),
            ]
        )
        return f"{code} {name}", body

    return render


# ---------------------------------------------------------------- region, quality, methods


def region(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    rows = [
        [
            r["indicator_name_ko"],
            r["industry_code"],
            r["series"],
            r["period"],
            r["value"],
            r["unit"],
            r["rank_among_sido"],
            r["rank_among_metropolitan"],
            r["share_of_national_pct"],
            r["best_region_ko"],
            r["vintage"],
        ]
        for r in data.sheets["regional_position"].records()
    ]
    keys = (
        "indicator",
        "industry",
        "series",
        "period",
        "value",
        "unit",
        "rank_sido",
        "rank_metro",
        "share_national",
        "best_region",
        "vintage",
    )
    rc = [
        [
            r["edition"],
            r["component_name_ko"],
            r["score"],
            r["regional_mean"],
            r["rank"],
            r["tier_ko"],
            r["vintage"],
        ]
        for r in data.sheets["rcostii"].records()
    ]
    rc_keys = ("edition", "component", "score", "regional_mean", "rank", "tier", "vintage")
    body = (
        f"<h1>{esc(ctx.w('region'))}</h1>"
        + para(ctx.w("region_intro"))
        + table(ctx.w("region"), [ctx.w(k) for k in keys], rows, (4, 6, 7, 8))
        + section(
            ctx.w("rcostii"), table(ctx.w("rcostii"), [ctx.w(k) for k in rc_keys], rc, (2, 3, 4))
        )
    )
    return ctx.w("region"), body


def quality(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    checks = [
        [r["kind"], r["item"], r["description"], r["region_id"], r["period"], r["result"]]
        for r in data.sheets["check_results"].records()
    ]
    fresh = [
        [
            r["source_id"],
            r["source_name"],
            r["latest_period_held"],
            r["latest_period_expected"],
            r["expected_release_date"],
            badge(ctx.w("overdue"), "미흡") if r["overdue"] else esc(None),
        ]
        for r in data.freshness
    ]
    reporting = [
        [
            r["department_ko"],
            r["year"],
            r["due_date"],
            r["first_received_on"],
            badge(r["reporting_ko"]),
            r["review_state_ko"],
        ]
        for r in data.sheets["reporting_completeness"].records()
    ]
    body = (
        f"<h1>{esc(ctx.w('quality'))}</h1>"
        + section(
            ctx.w("findings"),
            table(
                ctx.w("findings"),
                [ctx.w(k) for k in ("kind", "item", "description", "region", "period", "result")],
                checks,
            ),
        )
        + section(
            ctx.w("freshness"),
            table(
                ctx.w("freshness"),
                [
                    ctx.w(k)
                    for k in (
                        "source",
                        "description",
                        "latest_held",
                        "latest_expected",
                        "expected_release",
                        "overdue",
                    )
                ],
                fresh,
            ),
        )
        + section(
            ctx.w("reporting"),
            table(
                ctx.w("reporting"),
                [
                    ctx.w(k)
                    for k in (
                        "departments",
                        "year",
                        "due_date",
                        "received",
                        "status",
                        "review_state",
                    )
                ],
                reporting,
            ),
        )
    )
    return ctx.w("quality"), body


def methods(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    i = 0 if ctx.lang == "ko" else 1
    kpi_rows = [
        [code, badge(KPI_STATUS[code][i], code), STATUS_RULES[code][i]] for code in KPI_STATUS
    ]
    light_rules = {
        "ko": [
            f"미흡: 세세부과제 보고의 {RED_LATE_SHARE:.0%} 이상이 지연·미착수이거나 집행률이 {RED_EXECUTION_PCT:.0f}% 미만",
            f"주의: 지연·미착수·중단·변경이 하나라도 있거나 집행률이 {AMBER_EXECUTION_PCT:.0f}% 미만",
            "양호: 그 밖의 경우 (모든 세세부과제 완료·정상추진)",
            "자료 없음: 그해 확정된 추진현황 보고가 없음",
        ],
        "en": [
            f"red: at least {RED_LATE_SHARE:.0%} of the action reports late or not started, or execution below {RED_EXECUTION_PCT:.0f}%",
            f"amber: any action late, not started, stopped or changed, or execution below {AMBER_EXECUTION_PCT:.0f}%",
            "green: otherwise (every action completed or on schedule)",
            "no data: no approved action report for the year",
        ],
    }[ctx.lang]
    tiers = [[code, TIER[code][i]] for code in TIER]
    vintage = {
        "ko": "한 값의 공표본(빈티지)은 그 값이 처음 공표된 날입니다. 웨어하우스는 모든 공표본을 보관하고, 기준일을 정하면 그날까지 공표된 공표본만으로 상태를 다시 계산합니다. 계열(센서스 설계, GRDP 기준연도)이 다른 값은 잇지 않고 따로 보입니다.",
        "en": "A value's vintage is the day it was first published. The warehouse keeps every vintage; an as-of date recomputes every status from the vintages published by then. Values of different series (census design, GRDP base year) are never joined: they are shown apart.",
    }[ctx.lang]
    body = (
        f"<h1>{esc(ctx.w('methods'))}</h1>"
        + section(
            ctx.w("methods_kpi"),
            table(ctx.w("rule"), [ctx.w("code"), ctx.w("label"), ctx.w("rule")], kpi_rows),
        )
        + section(
            ctx.w("methods_light"),
            Html("<ul>" + "".join(f"<li>{esc(r)}</li>" for r in light_rules) + "</ul>"),
            para(ctx.w("tree_rule")),
        )
        + section(
            ctx.w("methods_tier"), table(ctx.w("tier"), [ctx.w("code"), ctx.w("label")], tiers)
        )
        + section(ctx.w("methods_vintage"), para(vintage))
    )
    return ctx.w("methods"), body


# ---------------------------------------------------------------- packages


def packages_index(ctx: Ctx, data: SiteData) -> tuple[str, str]:
    if not data.packages:
        listing: str = para(ctx.w("no_packages"))
    else:
        rows = [
            [
                ctx.link(package_path(p.name), p.name),
                p.kind,
                p.year,
                p.as_of,
                ctx.w("draft" if p.draft else "frozen"),
                len(p.files),
            ]
            for p in data.packages
        ]
        listing = table(
            ctx.w("packages"),
            [ctx.w(k) for k in ("package", "kind", "year", "as_of", "status", "files")],
            rows,
        )
    return ctx.w("packages"), f"<h1>{esc(ctx.w('packages'))}</h1>{listing}"


def package_page(package: Package) -> Callable[[Ctx, SiteData], tuple[str, str]]:
    def render(ctx: Ctx, data: SiteData) -> tuple[str, str]:
        rows = [
            [
                ctx.link(package_file_path(package, name), name),
                (package.folder / name).stat().st_size,
                sha or "–",
            ]
            for name, sha in sorted(package.files.items())
        ]
        body = (
            f"<h1>{esc(package.name)}</h1>"
            + para(
                f"{package.kind} {package.year} · {ctx.w('as_of')} {package.as_of} · {ctx.w('draft' if package.draft else 'frozen')}"
            )
            + table(ctx.w("files"), [ctx.w("files"), ctx.w("size"), "SHA-256"], rows, (1,))
        )
        return package.name, body

    return render


# ---------------------------------------------------------------- all pages


Renderer = Callable[[Ctx, SiteData], tuple[str, str]]


def page_list(data: SiteData) -> dict[str, Renderer]:
    pages: dict[str, Renderer] = {
        "index.html": home,
        "kpi/index.html": kpi_index,
        "subtask/index.html": subtask_index,
        "region.html": region,
        "quality.html": quality,
        "methods.html": methods,
        "packages/index.html": packages_index,
    }
    pages.update({kpi_path(k["kpi_id"]): kpi_page(k) for k in data.kpis})
    pages.update({subtask_path(s["subtask_code"]): subtask_page(s) for s in data.subtasks})
    pages.update({package_path(p.name): package_page(p) for p in data.packages})
    return pages


def render_pages(data: SiteData) -> dict[str, str]:
    """{path under the site root: HTML} for every page in every language."""
    rendered = {}
    for path, render in page_list(data).items():
        for lang in LANGUAGES:
            ctx = Ctx(lang, path)
            title, body = render(ctx, data)
            rendered[LANGUAGE_DIR[lang] + path] = page(ctx, title, body, data.as_of, data.release)
    return rendered
