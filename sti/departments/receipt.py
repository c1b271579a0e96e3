"""`sti receive <file>`: the door a department's returned report passes.

It checks the file against the same rules the nightly run applies, and only then copies it, byte
for byte, into data/raw/departments/<부서>/ with its provenance sidecar.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import yaml

from sti.departments.review import file_states, read_transitions, report_files
from sti.departments.template import Department, TemplateRefused, find_department
from sti.departments.yearly_report import (
    REPORT_SUFFIXES,
    REPORTS_DIR,
    ParsedReports,
    archive_conflicts,
    parse_report_files,
    report_rules,
    validate_parsed,
)
from sti.errors import InputError, InputProblem
from sti.ingest.provenance import file_sha256, sidecar_path


def _report_department(file: str, parsed: ParsedReports) -> str:
    names = parsed.departments()
    if len(names) != 1:
        raise InputError(
            InputProblem(
                file,
                f"a report file comes from one department; 부서 holds {sorted(names)}"
                if names
                else "no row is filled (실적값, an amount, 추진상태 or 차년도 구분): nothing to receive",
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


def department_slugs(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Archive folder -> department (data/raw/departments/<slug>/), from the plan's staging
    table (the night reads it before the marts are rebuilt)."""
    rows = conn.execute(
        "select department_ko, any_value(department_en) "
        "from staging.plan_subtask_departments group by 1"
    ).fetchall()
    return {Department(ko, en).slug: ko for ko, en in rows}


def returned_files(conn: duckdb.DuckDBPyConnection, root: Path) -> frozenset[str]:
    """Archived files the secretariat sent back (반려): a resubmission may repeat their rows."""
    files = report_files(root, archived_reports(root), department_slugs(conn))
    states = file_states(files, read_transitions(root))
    return frozenset(name for name, state in states.items() if state.state == "returned")


def _against_archive(
    source: Path, parsed: ParsedReports, root: Path, returned: frozenset[str]
) -> list[InputProblem]:
    """The file itself already archived, or rows that repeat or contradict archived ones
    (those of a returned file excepted: the resubmission corrects them)."""
    archived = archived_reports(root)
    digest = file_sha256(source)
    for path in archived:
        if file_sha256(path) == digest:
            where = path.relative_to(root).as_posix()
            return [InputProblem(source.name, f"already received: identical to {where}")]
    counted = [p for p in archived if p.relative_to(root).as_posix() not in returned]
    readable = []
    for path in counted:
        try:
            readable.append(parse_report_files([path], root, {}))
        except InputError:
            continue  # a file the night holds back counts for nothing
    held = ParsedReports.empty()
    for parsed_file in readable:
        held = held.plus(parsed_file)
    return archive_conflicts(parsed, held)


def receive(conn: duckdb.DuckDBPyConnection, source: Path, root: Path, today: dt.date) -> Path:
    """Check a returned report against every rule the night applies to it, the archive
    included (a repeated or contradicting row would be held back), then archive it with its
    sidecar. Its review state starts at 제출 (sti/departments/review.py)."""
    parsed = parse_report_files([source], source.parent, {})
    problems = validate_parsed(parsed, report_rules(conn), today)
    problems += _against_archive(source, parsed, root, returned_files(conn, root))
    if problems:
        raise InputError(problems)
    name = _report_department(source.name, parsed)
    dept = find_department(conn, name)
    folder = root / REPORTS_DIR / dept.slug
    target = folder / f"{today.isoformat()}_{source.name}"
    if target.exists():
        raise TemplateRefused(f"{target} was already received today; rename the file to resend")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    year = parsed.check_year()
    counts = (
        f"{parsed.kpis.height} KPI row(s), {parsed.budgets.height} budget row(s), "
        f"{parsed.actions.height} action row(s), {parsed.plans.height} next-year plan row(s)"
    )
    sidecar = {
        "source_id": "department_reports",
        "domain": "department_reports",
        "form": "reference",
        "producer": f"{dept.name_ko} ({dept.name_en}), 대전광역시",
        "title": f"{dept.name_ko} {year}년 이행점검 실적보고",
        "citation": {
            "document": "대전과학기술진흥종합계획(2023~2027), Ⅴ.1 이행점검 체계",
            "section": "line 2401: 세부 추진과제 단위 당해연도 계획 대비 현황",
            "received_as": source.name,
        },
        "unit": "per row (단위)",
        "reference_period": str(year),  # the check year: review decides per department-year
        "release_date": today.isoformat(),
        "code_system": "name",
        "notes": f"{counts}; received with `sti receive`, kept exactly as sent.",
        "sha256": file_sha256(target),
    }
    sidecar_path(target).write_text(
        yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target
