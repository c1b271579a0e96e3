"""`sti catalog`: the data dictionary of the published warehouse, in Markdown and HTML.

Built from the same metadata the warehouse comments come from (sti/warehouse/table_docs.yaml), the
indicator catalogue, the release calendar and the published file itself (types, row counts,
latest releases held, KPI targets), so it describes exactly the file an analyst opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from sti.ingest.freshness import calendar
from sti.reports.documents import Document, Section, Table, to_markdown, write_html
from sti.warehouse.table_docs import DOCS_FILE, column_doc, published_columns, table_docs

CATALOG_FILES = ("catalog.md", "catalog.html")


def _anchor(table: str) -> str:
    return "t-" + table.replace(".", "-").replace("_", "-")


def _overview(path_hint: str) -> Section:
    return Section(
        "overview",
        "개요 (How to read the warehouse)",
        [
            f"The published warehouse is one DuckDB file ({path_hint}). Open it read-only: "
            '`duckdb -readonly data/marts/warehouse.duckdb`, `sti sql "select ..."`, or '
            "`duckdb.connect(path, read_only=True)` from Python. Every mart is also exported "
            "to Parquet in data/marts/parquet/ with the same descriptions as key-value metadata.",
            "Schemas: `marts` (the tables analysts read), `checks` (data-quality results), "
            "`meta` (the build). Every table and column carries the Korean and English text "
            f"below as a DuckDB comment (`select comment from duckdb_columns()`); the text "
            f"lives in {DOCS_FILE.name}.",
            "Read values within one `series` (GRDP base year, census design) and one `edition` "
            "(R-COSTII): growth, ranks and trends are never computed across them.",
        ],
    )


def _table_sections(conn: duckdb.DuckDBPyConnection, counted: Mapping[str, int]) -> Section:
    columns = published_columns(conn)
    listing = Table(
        ["테이블", "설명", "한 행", "행 수"],
        [],
        headers_en=["Table", "Description", "One row is", "Rows"],
    )
    details = []
    for table in sorted(columns):
        doc = table_docs()[table]
        rows = counted[table] if table in counted else _count(conn, table)
        listing.rows.append([table, doc.doc.ko, doc.grain, rows])
        col_rows = []
        for column, data_type in columns[table]:
            meaning = column_doc(table, column)
            assert meaning is not None  # the publish step refuses undocumented columns
            key = "key" if column in doc.key else ""
            col_rows.append([column, data_type, key, meaning.ko, meaning.en])
        details.append(
            Section(
                _anchor(table),
                table,
                [
                    f"**{doc.doc.ko}** — {doc.doc.en}",
                    f"One row = {doc.grain}. Key: {', '.join(doc.key) or 'none'}. "
                    f"Owner: {doc.owner}. Rows in this release: {rows:,}.",
                    Table(
                        ["열", "형식", "키", "설명", "Description"],
                        col_rows,
                        headers_en=["Column", "Type", "Key", "Korean", "English"],
                    ),
                ],
            )
        )
    return Section("tables", "테이블 (Tables)", [listing, *details])


def _calendar_text(source_ids: list[str]) -> str:
    texts = []
    for source_id in source_ids:
        entry = calendar().get(source_id)
        if entry is None:
            texts.append(f"{source_id}: one-off document (no release calendar)")
            continue
        lag = entry.get("lag_months")
        texts.append(
            f"{source_id}: {entry.get('frequency')}, about {lag} months after the period"
            if lag is not None
            else f"{source_id}: {entry.get('frequency')}"
        )
    return "; ".join(texts)


def _indicators(conn: duckdb.DuckDBPyConnection) -> Section:
    rows = conn.execute(
        """
        with held as (
            select
                val.indicator_id,
                list(distinct val.source_id order by val.source_id) as source_ids,
                max(val.vintage) as latest_release,
                max(val.period) as latest_period,
            from marts.indicator_values as val
            group by val.indicator_id
        )
        select
            ind.indicator_id, ind.name_ko, ind.name_en, ind.unit, ind.aggregation,
            ind.direction, ind.frequency, ind.source, hld.source_ids, hld.latest_release,
            hld.latest_period,
        from marts.dim_indicator as ind
        left join held as hld
            on hld.indicator_id = ind.indicator_id
        order by ind.domain, ind.indicator_id
        """
    ).fetchall()
    table = Table(
        [
            "지표",
            "지표명",
            "Name",
            "단위",
            "성격",
            "방향",
            "출처",
            "공표 주기",
            "최신 공표일",
            "최신 기간",
        ],
        [
            [r[0], r[1], r[2], r[3], r[4], r[5], r[7], _calendar_text(r[8] or []), r[9], r[10]]
            for r in rows
        ],
        headers_en=[
            "Indicator",
            "Korean name",
            "English name",
            "Unit",
            "Aggregation",
            "Better",
            "Source",
            "Release calendar",
            "Latest release held",
            "Latest period",
        ],
    )
    return Section(
        "indicators",
        "지표 (Indicators)",
        [
            "Defined in sti/reference/indicators.yaml (marts.dim_indicator); values in marts.indicator_values.",
            table,
        ],
    )


def _kpis(conn: duckdb.DuckDBPyConnection) -> Section:
    rows = conn.execute(
        """
        select distinct on (kpi.kpi_id)
            kpi.kpi_id, kpi.name_ko, kpi.indicator_id, kpi.task_code, kpi.target_kind,
            kpi.target_value, kpi.target_year, kpi.baseline_kind, kpi.baseline_year,
            kpi.baseline_value, kpi.published_baseline_year, kpi.published_baseline_value,
            kpi.interpolation, kpi.document, kpi.document_line,
            src.source_ko, src.latest_actual_year,
            coalesce(src.awaiting_year::varchar || ' ' || src.awaiting_release_date::varchar
                || ' (' || src.release_date_basis || ')', '') as awaiting,
        from marts.kpi_progress as kpi
        left join marts.kpi_sources as src
            on src.kpi_id = kpi.kpi_id
        order by kpi.kpi_id, kpi.year
        """
    ).fetchall()
    table = Table(
        [
            "성과지표",
            "지표명",
            "지표",
            "과제",
            "목표 유형",
            "목표",
            "목표 연도",
            "기준 유형",
            "기준 연도",
            "기준값",
            "계획 기준 연도",
            "계획 기준값",
            "궤도",
            "문서",
            "줄",
            "실적 출처",
            "최근 실적 연도",
            "다음 실적 (연도, 공표 예정일)",
        ],
        [list(r) for r in rows],
        headers_en=[
            "KPI",
            "Name",
            "Indicator",
            "Task",
            "Target kind",
            "Target",
            "Target year",
            "Baseline kind",
            "Baseline year",
            "Baseline",
            "Published baseline year",
            "Published baseline",
            "Milestones",
            "Document",
            "Line",
            "Source of the actuals",
            "Latest actual year",
            "Next figure (year, due date)",
        ],
    )
    return Section(
        "kpis",
        "성과지표 (KPIs)",
        [
            "Targets from data/raw/targets/kpi_targets.csv, each with the document line it "
            "comes from; the status rules are in sti/plan/kpi_rules.py and marts.kpi_progress. Each KPI "
            "names the department or release that fills it and when the next figure is due "
            "(marts.kpi_sources, sti/ingest/release_calendar.yaml).",
            table,
        ],
    )


def _count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    count = conn.execute(f"select count(*) from {table}").fetchone()
    return int(count[0]) if count else 0


def build_catalog(
    conn: duckdb.DuckDBPyConnection, path_hint: str, counted: Mapping[str, int] | None = None
) -> Document:
    """`counted`: rows per table already counted in this release (the Parquet export's)."""
    release = conn.execute("select run_id, published_at from meta.build_info").fetchone()
    subtitle = (
        f"대전과학기술진흥종합계획 지표 웨어하우스 데이터 사전 — data dictionary of the release "
        f"published {release[1]:%Y-%m-%d %H:%M} UTC (run {release[0]})"
        if release
        else "data dictionary"
    )
    return Document(
        "데이터 사전 (Data dictionary)",
        subtitle,
        [
            _overview(path_hint),
            _table_sections(conn, counted or {}),
            _indicators(conn),
            _kpis(conn),
        ],
    )


def write_catalog(
    conn: duckdb.DuckDBPyConnection,
    out_dir: Path,
    path_hint: str,
    counted: Mapping[str, int] | None = None,
) -> list[Path]:
    """catalog.md and catalog.html (with its font) in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = build_catalog(conn, path_hint, counted)
    markdown = out_dir / CATALOG_FILES[0]
    markdown.write_text(to_markdown(doc), encoding="utf-8")
    return [markdown, write_html(doc, out_dir / CATALOG_FILES[1])]
