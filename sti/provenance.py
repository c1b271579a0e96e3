"""Provenance sidecars: the YAML file that travels with every raw input.

Each file under `data/raw/` has `<file>.yaml` beside it saying who produced the data, which
table or document section it is, its unit, reference period, release (vintage) and checksum.
A file is read only after its checksum matches the sidecar, so a file edited after it was
received, or a sidecar copied onto the wrong file, is refused rather than silently loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sti.errors import InputError, InputProblem
from sti.paths import RAW_DIR, relative_to_raw

SIDECAR_SUFFIX = ".yaml"
# How a file reached us; each form has one reader.
FORMS = ("kosis_web", "kosis_api", "transcribed", "reference")
CODE_SYSTEMS = ("kosis_stat", "admin", "name")
REQUIRED_FIELDS = ("source_id", "producer", "title", "form", "citation", "sha256")


@dataclass(frozen=True)
class Sidecar:
    """The provenance of one raw file, as declared in its YAML sidecar."""

    path: Path
    root: Path
    source_id: str
    producer: str
    title: str
    form: str
    citation: dict[str, Any]
    sha256: str
    domain: str = "unspecified"
    unit: str | None = None
    reference_period: str | None = None
    release_date: dt.date | None = None
    retrieved: dt.date | None = None
    code_system: str = "name"
    series: str | None = None
    preliminary_periods: tuple[str, ...] = ()
    mapping: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    expected_cells_per_period: int | None = None

    @property
    def raw_file(self) -> str:
        """The file's path relative to the archive root, as stored in provenance columns."""
        return relative_to_raw(self.path, self.root)

    @property
    def vintage(self) -> dt.date:
        """The release this file represents: its release date, else the day it was retrieved."""
        vintage = self.release_date or self.retrieved
        assert vintage is not None  # enforced by load_sidecar
        return vintage


def sidecar_path(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SIDECAR_SUFFIX)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_date(value: Any, file: str, key: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            InputProblem(
                file, f"sidecar field {key!r} must be an ISO date (YYYY-MM-DD)", value=str(value)
            )
        ) from None


def load_sidecar(data_file: Path, root: Path = RAW_DIR) -> Sidecar:
    """Read and check the sidecar of `data_file`; raise InputError naming what is wrong."""
    side = sidecar_path(data_file)
    name = relative_to_raw(side, root)
    if not data_file.is_file():
        raise InputError(InputProblem(relative_to_raw(data_file, root), "raw file is missing"))
    if not side.is_file():
        raise InputError(
            InputProblem(name, "every raw file needs a provenance sidecar; none found")
        )
    try:
        meta = yaml.safe_load(side.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(InputProblem(name, f"sidecar is not valid YAML: {exc}")) from None
    if not isinstance(meta, dict):
        raise InputError(InputProblem(name, "sidecar must be a YAML mapping"))
    missing = [key for key in REQUIRED_FIELDS if not meta.get(key)]
    if missing:
        raise InputError(InputProblem(name, f"sidecar lacks required fields {missing}"))
    if meta["form"] not in FORMS:
        raise InputError(
            InputProblem(name, f"form must be one of {FORMS}", value=str(meta["form"]))
        )
    code_system = meta.get("code_system", "name")
    if code_system not in CODE_SYSTEMS:
        raise InputError(
            InputProblem(name, f"code_system must be one of {CODE_SYSTEMS}", value=str(code_system))
        )
    release = _as_date(meta.get("release_date"), name, "release_date")
    retrieved = _as_date(meta.get("retrieved"), name, "retrieved")
    if release is None and retrieved is None:
        raise InputError(
            InputProblem(name, "sidecar needs release_date or retrieved (the vintage)")
        )
    actual = file_sha256(data_file)
    if str(meta["sha256"]).lower() != actual:
        raise InputError(
            InputProblem(
                relative_to_raw(data_file, root),
                f"sha256 does not match its sidecar ({meta['sha256']}): the file changed after it "
                "was received; archive the new file as a new release with its own sidecar",
                value=actual,
            )
        )
    return Sidecar(
        path=data_file,
        root=root,
        source_id=str(meta["source_id"]),
        producer=str(meta["producer"]),
        title=str(meta["title"]),
        form=str(meta["form"]),
        domain=str(meta.get("domain") or "unspecified"),
        citation=dict(meta["citation"])
        if isinstance(meta["citation"], dict)
        else {"text": meta["citation"]},
        sha256=actual,
        unit=meta.get("unit"),
        reference_period=None
        if meta.get("reference_period") is None
        else str(meta["reference_period"]),
        release_date=release,
        retrieved=retrieved,
        code_system=code_system,
        series=meta.get("series"),
        preliminary_periods=tuple(str(p) for p in meta.get("preliminary_periods") or ()),
        mapping=dict(meta.get("mapping") or {}),
        notes=meta.get("notes"),
        expected_cells_per_period=meta.get("expected_cells_per_period"),
    )


def discover(raw_dir: Path, form: str | None = None, source_id: str | None = None) -> list[Sidecar]:
    """Every sidecar-described file under `raw_dir`, optionally filtered, in a stable order."""
    found = []
    for side in sorted(raw_dir.rglob(f"*{SIDECAR_SUFFIX}")):
        data_file = side.with_name(side.name[: -len(SIDECAR_SUFFIX)])
        sidecar = load_sidecar(data_file, raw_dir)
        if (form is None or sidecar.form == form) and (
            source_id is None or sidecar.source_id == source_id
        ):
            found.append(sidecar)
    return found
