"""`sti fetch`: the optional live KOSIS fetch, archived as a new release with its sidecar.

The answer is written exactly as received (a JSON array) under data/raw/kosis/<table>/, with a
sidecar recording the request (key redacted), the retrieval date and KOSIS's LST_CHN_DE. The
next run loads it as a new vintage beside the earlier ones.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sti.ingest.kosis_api import KosisClient
from sti.ingest.provenance import file_sha256, sidecar_path
from sti.reference import yaml_text

SPEC_FILE = Path(__file__).with_name("kosis_tables.yaml")


class FetchRefused(ValueError):
    """The fetch was not made, or its answer not archived; the message says why."""


# The first year KOSIS regional series of this warehouse start (GRDP 1985, sources.md).
EARLIEST_YEAR = 1985
PERIOD_DIGITS = {"Y": 4, "M": 6, "Q": 6, "H": 6}


def check_end(spec: FetchSpec, end: str, today: dt.date) -> None:
    """Refuse an `--end` that is not a period of the table's frequency, or out of range."""
    prd_se, start = spec.spec["prd_se"], str(spec.spec["start"])
    digits = PERIOD_DIGITS.get(prd_se, 4)
    shape = {4: "YYYY, e.g. 2024", 6: "YYYYMM, e.g. 202606"}[digits]
    if not (end.isdigit() and len(end) == digits):
        raise FetchRefused(
            f"--end {end!r} is not a period of {spec.table_id} ({prd_se}): use {shape}"
        )
    year = int(end[:4])
    if digits == 6 and not 1 <= int(end[4:]) <= {"M": 12, "Q": 4, "H": 2}[prd_se]:
        raise FetchRefused(f"--end {end!r}: {end[4:]} is not a valid sub-period for prdSe={prd_se}")
    if year < max(EARLIEST_YEAR, int(start[:4])) or end < start:
        raise FetchRefused(
            f"--end {end!r} is before the table's first period {start}: nothing to fetch"
        )
    if year > today.year:
        raise FetchRefused(f"--end {end!r} is in the future (today is {today.isoformat()})")


@dataclass(frozen=True)
class FetchSpec:
    table_id: str
    spec: dict[str, Any]


def source_id_of(spec: FetchSpec) -> str:
    """The source id of the table's archived answers (their sidecars' source_id)."""
    return f"kosis_{spec.spec['org_id']}_{spec.table_id}"


def calendar_of(spec: FetchSpec) -> str:
    """Its entry in the release calendar: its own source id, or the source it fills."""
    return str(spec.spec.get("calendar", source_id_of(spec)))


def by_calendar(held: dict[str, str]) -> dict[str, str]:
    """Newest period per source id, with each fetched table's newest also counted for the
    calendar entry it fills (DT_1K52F08 -> census_sales), so freshness sees the release."""
    merged = dict(held)
    for spec in fetch_specs().values():
        period, key = held.get(source_id_of(spec)), calendar_of(spec)
        if period is not None and key != source_id_of(spec):
            merged[key] = max(merged.get(key) or period, period)
    return merged


@cache
def fetch_specs() -> dict[str, FetchSpec]:
    data = yaml_text.parse(SPEC_FILE.read_text(encoding="utf-8"))
    return {table: FetchSpec(table, spec) for table, spec in data["tables"].items()}


def _release_date(last_changed: str | None, today: dt.date) -> dict[str, str]:
    """KOSIS's LST_CHN_DE (the table's last change) is the publication date of this release;
    without it the sidecar has no release_date and the calendar or the retrieval date is used."""
    try:
        published = dt.date.fromisoformat(str(last_changed)[:10])
    except ValueError:
        return {}
    return {"release_date": published.isoformat()} if published <= today else {}


def verified_title(spec: FetchSpec, client: KosisClient) -> str | None:
    """KOSIS's own name of a table whose id is not confirmed (`verified: false`), when it holds
    every word of `title_keywords`; a FetchRefused otherwise, before any data is asked for. A
    confirmed table is not looked up (None)."""
    params = spec.spec
    if params.get("verified", True):
        return None
    rows = client.meta(params["org_id"], spec.table_id, "TBL").rows
    title = str(rows[0].get("TBL_NM", "")) if rows else ""
    missing = [word for word in params.get("title_keywords", []) if word not in title]
    if not title or missing:
        found = f"KOSIS names it {title!r}" if title else "KOSIS returns no table name"
        raise FetchRefused(
            f"{spec.table_id} (org {params['org_id']}) is not confirmed and {found}, without "
            f"{', '.join(missing) or 'a name'}: not the table kosis_tables.yaml expects "
            f"({params['title']}); nothing was archived"
        )
    return title


def fetch_to_archive(
    spec: FetchSpec, client: KosisClient, root: Path, end: str, today: dt.date
) -> Path:
    """Fetch start..end, write the answer and its sidecar; return the data file's path.

    An empty answer (KOSIS err 30, no data) is not archived: an empty release would carry no
    value and would stop every later run. A table whose id is not confirmed is fetched only when
    KOSIS's name for it matches (verified_title)."""
    params = spec.spec
    if params.get("end"):  # a closed series ends there, whatever the calendar says
        end = min(end, str(params["end"]))
    check_end(spec, end, today)
    kosis_title = verified_title(spec, client)
    result = client.data(
        params["org_id"],
        spec.table_id,
        params["itm_id"],
        params["obj_levels"],
        params["prd_se"],
        params["start"],
        end,
    )
    if not result.rows:
        raise FetchRefused(
            f"KOSIS has no data for {spec.table_id} {params['start']}-{end} (err 30); nothing "
            "was archived. Check the period range, or wait for the release the calendar names."
        )
    folder = root / "kosis" / spec.table_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{spec.table_id}_{params['start']}-{end}_retrieved-{today.isoformat()}.json"
    path.write_text(json.dumps(result.rows, ensure_ascii=False, indent=0), encoding="utf-8")
    sidecar = {
        "source_id": source_id_of(spec),
        "domain": params["domain"],
        "form": "kosis_api",
        "producer": params["producer"],
        "title": params["title"],
        "citation": {
            "kosis_org_id": params["org_id"],
            "kosis_table_id": spec.table_id,
            "requests": [r.url for r in result.requests],
            "last_changed": result.last_changed,
            **({"kosis_title": kosis_title} if kosis_title else {}),
        },
        "unit": params["unit"],
        "reference_period": f"{params['start']}-{end}",
        **_release_date(result.last_changed, today),
        "retrieved": today.isoformat(),
        "code_system": params.get("code_system", "kosis_stat"),
        "series": params["series"],
        "sha256": file_sha256(path),
        "mapping": params["mapping"],
    }
    sidecar_path(path).write_text(
        yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path
