"""The nightly refresh: ask KOSIS for the releases the calendar says are due, archive each new
one as received, and let the run materialize from the archive.

A table is due when the release calendar (sti/ingest/release_calendar.yaml) expects a newer period
than the newest the archive holds for its source. Each due table is fetched from its first
period to the expected one (a complete new vintage, as `sti fetch` does). What can go wrong is
reported, never raised: KOSIS has nothing yet (err 30: nothing archived), refuses the request
(err 20/21), or keeps failing; the run then goes on with the archive as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sti.ingest.freshness import expected_latest
from sti.ingest.kosis_api import KosisApiError, KosisClient
from sti.ingest.kosis_fetch import (
    FetchRefused,
    FetchSpec,
    by_calendar,
    calendar_of,
    fetch_specs,
    fetch_to_archive,
    source_id_of,
)
from sti.ingest.provenance import discover_each
from sti.ingest.readers.periods import last_reference_period


@dataclass(frozen=True)
class Due:
    spec: FetchSpec
    source_id: str
    held: str | None
    expected: str

    @property
    def end(self) -> str:
        """The expected period as KOSIS writes it: 2024, or 202608 for 2026-08."""
        return self.expected.replace("-", "")


@dataclass(frozen=True)
class Outcome:
    table_id: str
    end: str
    archived: Path | None
    message: str


def held_periods(root: Path) -> dict[str, str]:
    """The newest period the archive holds per source (2024, or 2026-06 for a month), from the
    files that can be registered (the others are held back by raw.source_files)."""
    held: dict[str, str] = {}
    for side in discover_each(root)[0]:
        last = last_reference_period(side.reference_period)
        if last is None:
            continue
        label = f"{last.year}-{last.month:02d}" if last.month else str(last.year)
        held[side.source_id] = max(held.get(side.source_id, label), label)
    return held


def warehouse_periods(
    conn: duckdb.DuckDBPyConnection, as_of: dt.date
) -> tuple[dict[str, str], dict[str, str]]:
    """As known on `as_of`: the newest period the warehouse holds per source from a release
    (counted for the calendar entry a fetched table fills too, by_calendar), and the newest
    known only from a press report, per calendar entry the press file stands for."""
    held = conn.execute(
        "select source_id, max(coalesce(edition, period)) from marts.indicator_values"
        " where tier <> 'reported' and vintage <= ? group by source_id",
        [as_of],
    ).fetchall()
    reported = conn.execute(
        "select json_extract_string(fil.citation, '$.stands_for'),"
        " max(coalesce(prs.edition, prs.period))"
        " from staging.press_figures as prs"
        " inner join raw.source_files as fil on fil.raw_file = prs.source_file"
        " where prs.vintage <= ? group by all",
        [as_of],
    ).fetchall()
    return by_calendar(dict(held)), dict(reported)


def due_tables(root: Path, today: dt.date) -> list[Due]:
    """The fetchable tables whose expected period is newer than the archive's newest."""
    held = held_periods(root)
    due = []
    for spec in fetch_specs().values():
        source_id = source_id_of(spec)
        expectation = expected_latest(calendar_of(spec), today)
        if expectation is None:
            continue
        have = held.get(source_id)
        if have is None or have < expectation.expected_latest:
            due.append(Due(spec, source_id, have, expectation.expected_latest))
    return due


def refresh(client: KosisClient, root: Path, today: dt.date) -> list[Outcome]:
    """Fetch and archive every due table; one outcome per table, failures included."""
    outcomes = []
    for item in due_tables(root, today):
        try:
            path = fetch_to_archive(item.spec, client, root, item.end, today)
        except (FetchRefused, KosisApiError) as error:
            outcomes.append(Outcome(item.spec.table_id, item.end, None, str(error)))
        else:
            outcomes.append(Outcome(item.spec.table_id, item.end, path, f"archived {path.name}"))
    return outcomes
