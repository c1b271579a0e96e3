"""`sti receive <file>`: the door a department's returned report passes.

It checks the file against the same rules the nightly run applies, and only then copies it, byte
for byte, into data/raw/departments/<부서>/ with its provenance sidecar.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import yaml

from sti.departments.template import TemplateRefused, find_department
from sti.departments.yearly_report import (
    REPORT_SUFFIXES,
    REPORTS_DIR,
    archive_conflicts,
    kpi_rules,
    parse_report_files,
    validate_reports,
)
from sti.errors import InputError, InputProblem
from sti.ingest.provenance import file_sha256, sidecar_path


def _report_department(file: str, reports: Any, budgets: Any) -> str:
    names = set(reports["department_ko"].to_list()) | set(budgets["reported_by"].to_list())
    if len(names) != 1:
        raise InputError(
            InputProblem(
                file,
                f"a report file comes from one department; 부서 holds {sorted(names)}"
                if names
                else "no row has a 실적값 or an amount: nothing to receive",
                column="부서",
            )
        )
    return names.pop()


def archived_reports(root: Path) -> list[Path]:
    """The report files the archive holds (each with its sidecar), as the night reads them."""
    folder = root / REPORTS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES and sidecar_path(path).exists()
    )


def _against_archive(source: Path, reports: Any, root: Path) -> list[InputProblem]:
    """The file itself already archived, or rows that repeat or contradict archived ones."""
    archived = archived_reports(root)
    digest = file_sha256(source)
    for path in archived:
        if file_sha256(path) == digest:
            where = path.relative_to(root).as_posix()
            return [InputProblem(source.name, f"already received: identical to {where}")]
    held, _ = parse_report_files(archived, root, {})
    return archive_conflicts(reports, held)


def receive(conn: duckdb.DuckDBPyConnection, source: Path, root: Path, today: dt.date) -> Path:
    """Check a returned report against every rule the night applies to it, the archive
    included (a repeated or contradicting row would stop the night), then archive it with its
    sidecar."""
    reports, budgets = parse_report_files([source], source.parent, {})
    problems = validate_reports(reports, kpi_rules(conn), today)
    problems += _against_archive(source, reports, root)
    if problems:
        raise InputError(problems)
    name = _report_department(source.name, reports, budgets)
    dept = find_department(conn, name)
    folder = root / REPORTS_DIR / dept.slug
    target = folder / f"{today.isoformat()}_{source.name}"
    if target.exists():
        raise TemplateRefused(f"{target} was already received today; rename the file to resend")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    years = sorted({*reports["year"].to_list(), *(int(p) for p in budgets["period"].to_list())})
    sidecar = {
        "source_id": "department_reports",
        "domain": "department_reports",
        "form": "reference",
        "producer": f"{dept.name_ko} ({dept.name_en}), 대전광역시",
        "title": f"{dept.name_ko} 이행점검 실적보고 {years[0]}-{years[-1]}",
        "citation": {
            "document": "대전과학기술진흥종합계획(2023~2027), Ⅴ.1 이행점검 체계",
            "section": "line 2401: 세부 추진과제 단위 당해연도 계획 대비 현황",
            "received_as": source.name,
        },
        "unit": "per row (단위)",
        "reference_period": str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}",
        "release_date": today.isoformat(),
        "code_system": "name",
        "notes": f"{reports.height} KPI row(s), {budgets.height} budget row(s); received with "
        "`sti receive`, kept exactly as sent.",
        "sha256": file_sha256(target),
    }
    sidecar_path(target).write_text(
        yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target
