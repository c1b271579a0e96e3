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


def fetch_to_archive(
    spec: FetchSpec, client: KosisClient, root: Path, end: str, today: dt.date
) -> Path:
    """Fetch start..end, write the answer and its sidecar; return the data file's path.

    An empty answer (KOSIS err 30, no data) is not archived: an empty release would carry no
    value and would stop every later run."""
    check_end(spec, end, today)
    params = spec.spec
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
        "source_id": f"kosis_{params['org_id']}_{spec.table_id}",
        "domain": params["domain"],
        "form": "kosis_api",
        "producer": params["producer"],
        "title": params["title"],
        "citation": {
            "kosis_org_id": params["org_id"],
            "kosis_table_id": spec.table_id,
            "requests": [r.url for r in result.requests],
            "last_changed": result.last_changed,
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
