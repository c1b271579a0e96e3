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

from sti.kosis_api import KosisClient
from sti.provenance import file_sha256, sidecar_path

SPEC_FILE = Path(__file__).with_name("kosis_tables.yaml")


@dataclass(frozen=True)
class FetchSpec:
    table_id: str
    spec: dict[str, Any]


@cache
def fetch_specs() -> dict[str, FetchSpec]:
    data = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    return {table: FetchSpec(table, spec) for table, spec in data["tables"].items()}


def fetch_to_archive(
    spec: FetchSpec, client: KosisClient, root: Path, end: str, today: dt.date
) -> Path:
    """Fetch start..end, write the answer and its sidecar; return the data file's path."""
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
        "retrieved": today.isoformat(),
        "code_system": "kosis_stat",
        "series": params["series"],
        "sha256": file_sha256(path),
        "mapping": params["mapping"],
    }
    sidecar_path(path).write_text(
        yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path
