"""Review and approval of the departments' yearly reports (`sti review`).

The plan (lines 2390-2391) has the S&T committee (과학기술위원회) approve the yearly check and
DISTEP run it as its secretariat. A department-year report moves, file by file:

    제출 (received) ──반려 (secretariat, with a comment)──> back to the department
         └──검토완료 (secretariat)──> 확정 (committee, with its meeting date)
    확정 ──재검토 (committee, with a comment)──> 검토완료 (an approval taken back)

as the data-approval workflows of the field do it (DHIS2 approves per data set, period and
organisation unit, and can un-approve). Every transition is a file of its own under
data/raw/reviews/ (one row per report file it decides, with who, when and why, and a
provenance sidecar): nothing is overwritten, and the night replays them in order. Only figures
of 확정 files drive statuses, from the meeting date on; a 반려 file stays in the archive as
received, shown with its state, and a corrected resubmission may repeat its rows.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from sti.errors import InputError, InputProblem
from sti.ingest.provenance import file_sha256, sidecar_path
from sti.paths import relative_to_raw
from sti.reference.vocabulary import REVIEW_STATE

REVIEWS_DIR = Path("reviews")
REVIEW_STATES = {code: ko for code, (ko, _) in REVIEW_STATE.items()}
# action -> (the states a file may be in, the state it moves to, the decision's Korean name)
ACTIONS = {
    "return": (("submitted", "reviewed"), "returned", "반려"),
    "accept": (("submitted",), "reviewed", "검토완료"),
    "approve": (("reviewed",), "approved", "확정"),
    "reopen": (("approved",), "reviewed", "재검토"),
}
NEEDS_COMMENT = ("return", "reopen")
COLUMNS = (
    "department_ko",
    "year",
    "action",
    "state",
    "decided_on",
    "sequence",
    "decided_by",
    "meeting_date",
    "comment",
    "report_file",
)
COMMITTEE = "대전광역시 과학기술위원회"
SECRETARIAT = "DISTEP (과학기술위원회 사무국)"


class ReviewRefused(ValueError):
    """The transition cannot be made; the message says why and what the states are."""


@dataclass(frozen=True)
class ReportFile:
    """A received report file and whose check it is."""

    raw_file: str
    department_ko: str
    year: int
    received_on: dt.date


@dataclass(frozen=True)
class Transition:
    department_ko: str
    year: int
    action: str
    state: str
    decided_on: dt.date
    sequence: int
    decided_by: str
    meeting_date: dt.date | None
    comment: str | None
    report_file: str
    source_file: str
    source_row: int


@dataclass(frozen=True)
class FileState:
    state: str
    since: dt.date
    approved_on: dt.date | None  # the committee's meeting date while the file is 확정
    comment: str | None


def _year(reference_period: object) -> int | None:
    years = re.findall(r"\d{4}", str(reference_period or ""))
    return int(years[-1]) if years else None


def report_files(root: Path, paths: list[Path], slugs: dict[str, str]) -> list[ReportFile]:
    """Whose check each archived report file is: the department by its folder
    (data/raw/departments/<slug>/), the year by its sidecar's reference period (the check year,
    written by `sti receive`), received on its sidecar's release date."""
    found = []
    for path in paths:
        side = yaml.safe_load(sidecar_path(path).read_text(encoding="utf-8")) or {}
        year = _year(side.get("reference_period"))
        department = slugs.get(path.parent.name)
        received = side.get("release_date")
        if year is None or department is None or received is None:
            continue  # not a file `sti receive` archived; the night holds such a file back
        on = received if isinstance(received, dt.date) else dt.date.fromisoformat(str(received))
        found.append(ReportFile(relative_to_raw(path, root), department, year, on))
    return found


def read_transitions(root: Path) -> list[Transition]:
    """Every recorded decision, in the order they were made."""
    folder = root / REVIEWS_DIR
    paths = sorted(folder.rglob("*.csv")) if folder.is_dir() else []
    found: list[Transition] = []
    for path in paths:
        file = relative_to_raw(path, root)
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                found.append(_transition(row, file, number))
    return sorted(found, key=lambda t: (t.decided_on, t.sequence, t.source_file, t.source_row))


def _transition(row: dict[str, str], file: str, number: int) -> Transition:
    try:
        action = row["action"]
        if action not in ACTIONS or row["state"] != ACTIONS[action][1]:
            raise ValueError(f"action {action!r} to state {row['state']!r} is not a transition")
        meeting = row.get("meeting_date") or None
        return Transition(
            department_ko=row["department_ko"],
            year=int(row["year"]),
            action=action,
            state=row["state"],
            decided_on=dt.date.fromisoformat(row["decided_on"]),
            sequence=int(row["sequence"]),
            decided_by=row["decided_by"],
            meeting_date=dt.date.fromisoformat(meeting) if meeting else None,
            comment=row.get("comment") or None,
            report_file=row["report_file"],
            source_file=file,
            source_row=number,
        )
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(
            InputProblem(file, f"not a review record written by `sti review` ({error})", number)
        ) from None


def file_states(files: list[ReportFile], transitions: list[Transition]) -> dict[str, FileState]:
    """Each file's state after every decision so far (received files start 제출)."""
    states = {f.raw_file: FileState("submitted", f.received_on, None, None) for f in files}
    for step in transitions:
        if step.report_file not in states:
            continue  # a decision on a file no longer archived: kept in its record, not applied
        approved = step.meeting_date if step.state == "approved" else None
        states[step.report_file] = FileState(step.state, step.decided_on, approved, step.comment)
    return states


def _check(action: str, comment: str | None, meeting: dt.date | None, today: dt.date) -> None:
    if action not in ACTIONS:
        raise ReviewRefused(f"unknown decision {action!r}; choose one of {', '.join(ACTIONS)}")
    if action in NEEDS_COMMENT and not (comment or "").strip():
        raise ReviewRefused(f"{ACTIONS[action][2]} needs a comment (--comment) saying why")
    if action == "approve" and meeting is None:
        raise ReviewRefused("확정 needs the committee meeting's date (--meeting YYYY-MM-DD)")
    if meeting is not None and meeting > today:
        raise ReviewRefused(f"the meeting date {meeting} is after today ({today})")


def decide(
    root: Path,
    files: list[ReportFile],
    department: str,
    year: int,
    action: str,
    decided_by: str,
    today: dt.date,
    comment: str | None = None,
    meeting: dt.date | None = None,
) -> tuple[Path, list[str]]:
    """Record one decision on a department-year report: every file of it in a state the
    decision applies to. Returns the record written and the files it decided."""
    _check(action, comment, meeting, today)
    transitions = read_transitions(root)
    states = file_states(files, transitions)
    mine = [f for f in files if f.department_ko == department and f.year == year]
    sources, target, name_ko = ACTIONS[action]
    chosen = [f.raw_file for f in mine if states[f.raw_file].state in sources]
    if not chosen:
        held = ", ".join(f"{f.raw_file}: {REVIEW_STATES[states[f.raw_file].state]}" for f in mine)
        wanted = " or ".join(REVIEW_STATES[s] for s in sources)
        raise ReviewRefused(
            f"no {wanted} report of {department} for {year} to mark {name_ko}"
            + (f"; its files are {held}" if held else "; no report of it was received")
        )
    sequence = 1 + sum(1 for t in transitions if t.decided_on == today)
    folder = root / REVIEWS_DIR / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{today.isoformat()}_{sequence:03d}_{_slug(department)}_{action}.csv"
    with path.open("x", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for file in chosen:
            writer.writerow(
                [department, year, action, target, today.isoformat(), sequence, decided_by,
                 meeting.isoformat() if meeting else "", comment or "", file]
            )  # fmt: skip
    _write_sidecar(path, department, year, name_ko, decided_by, today)
    return path, chosen


def _slug(department: str) -> str:
    return re.sub(r"[^\w]+", "_", department).strip("_")


def _write_sidecar(
    path: Path, department: str, year: int, name_ko: str, decided_by: str, today: dt.date
) -> None:
    sidecar = {
        "source_id": "report_reviews",
        "domain": "report_reviews",
        "form": "reference",
        "producer": COMMITTEE if name_ko in ("확정", "재검토") else SECRETARIAT,
        "title": f"{department} {year}년 이행점검 보고 {name_ko} ({decided_by})",
        "citation": {
            "document": "대전과학기술진흥종합계획(2023~2027), Ⅴ.1 이행점검 체계",
            "section": "lines 2390-2391: 과기위 심의·의결, DISTEP 사무국",
        },
        "reference_period": str(year),
        "release_date": today.isoformat(),
        "code_system": "name",
        "notes": "written by `sti review`; one row per report file decided",
        "sha256": file_sha256(path),
    }
    sidecar_path(path).write_text(
        yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def with_review_state(frame: pl.DataFrame, states: dict[str, FileState]) -> pl.DataFrame:
    """Each row with its file's review state and, while 확정, the meeting date it counts from."""
    files = frame["source_file"].to_list()
    return frame.with_columns(
        pl.Series(
            "review_state",
            [states[f].state if f in states else "submitted" for f in files],
            pl.String,
        ),
        pl.Series(
            "approved_on", [states[f].approved_on if f in states else None for f in files], pl.Date
        ),
    )


REPORT_FILE_SCHEMA: dict[str, Any] = {
    "source_file": pl.String,
    "department_ko": pl.String,
    "year": pl.Int32,
    "received_on": pl.Date,
    "review_state": pl.String,
    "review_state_ko": pl.String,
    "state_since": pl.Date,
    "approved_on": pl.Date,
    "last_comment": pl.String,
}
TRANSITION_SCHEMA: dict[str, Any] = {
    "department_ko": pl.String,
    "year": pl.Int32,
    "action": pl.String,
    "state": pl.String,
    "state_ko": pl.String,
    "decided_on": pl.Date,
    "sequence": pl.Int32,
    "decided_by": pl.String,
    "meeting_date": pl.Date,
    "comment": pl.String,
    "report_file": pl.String,
    "source_file": pl.String,
    "source_row": pl.Int64,
}


def report_file_table(files: list[ReportFile], states: dict[str, FileState]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "source_file": f.raw_file,
                "department_ko": f.department_ko,
                "year": f.year,
                "received_on": f.received_on,
                "review_state": states[f.raw_file].state,
                "review_state_ko": REVIEW_STATES[states[f.raw_file].state],
                "state_since": states[f.raw_file].since,
                "approved_on": states[f.raw_file].approved_on,
                "last_comment": states[f.raw_file].comment,
            }
            for f in files
        ],
        schema=REPORT_FILE_SCHEMA,
    )


def transition_table(transitions: list[Transition]) -> pl.DataFrame:
    return pl.DataFrame(
        [{**dataclasses.asdict(t), "state_ko": REVIEW_STATES[t.state]} for t in transitions],
        schema=TRANSITION_SCHEMA,
    )
