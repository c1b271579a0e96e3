"""What changed between two evaluation states: KPIs whose status changed, actuals revised by a
newer release, and data years that appeared. Works on two package folders (their KPI CSVs) or
on two sets of KPI rows, so the report's appendix and `sti extract diff` say the same."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sti.reports.evaluation.sheets import KPI_COLUMNS
from sti.reports.evaluation.workbook import csv_text

KPI_CSV = "02_kpi_achievement.csv"
CHANGE_KINDS = ("status changed", "value revised", "new data year")


@dataclass(frozen=True)
class Change:
    kind: str
    kpi_id: str
    year: str
    before: str
    after: str
    detail: str

    def as_row(self) -> list[str]:
        return [self.kind, self.kpi_id, self.year, self.before, self.after, self.detail]


HEADERS_KO = ["변경 구분", "성과지표", "연도", "이전", "이후", "비고"]
HEADERS_EN = ["Change", "KPI", "Year", "Before", "After", "Detail"]


def as_text_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: csv_text(v) for k, v in row.items()} for row in rows]


def read_kpi_csv(folder: Path) -> list[dict[str, str]]:
    """The KPI rows of a package folder, keyed like the sheet's columns."""
    path = folder / KPI_CSV
    if not path.exists():
        raise FileNotFoundError(f"{folder} holds no {KPI_CSV}: is it an evaluation package?")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[2:]  # two header rows: Korean, English
    keys = [c.key for c in KPI_COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def kpi_changes(before: list[dict[str, str]], after: list[dict[str, str]]) -> list[Change]:
    """Changes from `before` to `after`, KPI rows as text (csv_text), in KPI and year order."""
    old = {(r["kpi_id"], r["year"]): r for r in before}
    changes = []
    for row in after:
        key = (row["kpi_id"], row["year"])
        prev = old.get(key)
        if prev is None or (not prev["actual"] and row["actual"]):
            if row["actual"]:
                changes.append(
                    Change(
                        "new data year", *key, "", row["actual"], f"release {row['actual_vintage']}"
                    )
                )
        elif prev["actual"] and row["actual"] and prev["actual"] != row["actual"]:
            changes.append(
                Change(
                    "value revised",
                    *key,
                    prev["actual"],
                    row["actual"],
                    f"release {prev['actual_vintage']} -> {row['actual_vintage']}",
                )
            )
        if prev is not None and prev["status"] != row["status"]:
            changes.append(
                Change("status changed", *key, prev["status"], row["status"], row["status_basis"])
            )
    order = {kind: i for i, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.kpi_id, c.year))


def diff_folders(before: Path, after: Path) -> list[Change]:
    return kpi_changes(read_kpi_csv(before), read_kpi_csv(after))


def format_table(changes: list[Change]) -> str:
    """A plain-text table for the terminal."""
    rows = [HEADERS_EN, *[c.as_row() for c in changes]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS_EN))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"
