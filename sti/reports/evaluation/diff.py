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

KPI_CSV = "kpi_achievement.csv"  # numbered by its place in the workbook: NN_kpi_achievement.csv
CHANGE_KINDS = ("status changed", "value revised", "new data year")
CHANGE_KINDS_KO = {
    "status changed": "상태 변경",
    "value revised": "값 수정",
    "new data year": "새 연도 실적",
}


@dataclass(frozen=True)
class Change:
    kind: str
    kpi_id: str
    year: str
    before: str
    after: str
    detail: str
    # Korean documents name KPIs and say statuses in Korean; the terminal shows ids and codes
    name_ko: str = ""
    before_ko: str = ""
    after_ko: str = ""

    def as_row(self) -> list[str]:
        """The row of the report's appendix (a Korean document)."""
        return [
            f"{CHANGE_KINDS_KO[self.kind]} ({self.kind})",
            self.name_ko or self.kpi_id,
            self.year,
            self.before_ko or self.before,
            self.after_ko or self.after,
            self.detail,
        ]

    def as_plain_row(self) -> list[str]:
        """The row `sti extract diff` prints: ids and codes, for analysts."""
        return [self.kind, self.kpi_id, self.year, self.before, self.after, self.detail]


HEADERS_KO = ["변경 구분", "성과지표", "연도", "이전", "이후", "비고"]
HEADERS_EN = ["Change", "KPI", "Year", "Before", "After", "Detail"]


def as_text_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: csv_text(v) for k, v in row.items()} for row in rows]


def read_kpi_csv(folder: Path) -> list[dict[str, str]]:
    """The KPI rows of a package folder, keyed like the sheet's columns."""
    found = sorted(folder.glob(f"*_{KPI_CSV}"))
    if not found:
        raise FileNotFoundError(f"{folder} holds no *_{KPI_CSV}: is it an evaluation package?")
    path = found[0]
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
        name = row.get("name_ko", "")
        if prev is None or (not prev["actual"] and row["actual"]):
            if row["actual"]:
                changes.append(
                    Change(
                        "new data year",
                        *key,
                        "",
                        row["actual"],
                        f"release {row['actual_vintage']}",
                        name,
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
                    name,
                )
            )
        if prev is not None and prev["status"] != row["status"]:
            changes.append(
                Change(
                    "status changed",
                    *key,
                    prev["status"],
                    row["status"],
                    row["status_basis"],
                    name,
                    prev.get("status_ko", ""),
                    row.get("status_ko", ""),
                )
            )
    order = {kind: i for i, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.kpi_id, c.year))


def diff_folders(before: Path, after: Path) -> list[Change]:
    return kpi_changes(read_kpi_csv(before), read_kpi_csv(after))


def format_table(changes: list[Change]) -> str:
    """A plain-text table for the terminal."""
    rows = [HEADERS_EN, *[c.as_plain_row() for c in changes]]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS_EN))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"
