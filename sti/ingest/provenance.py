"""Provenance sidecars: the YAML file that travels with every raw input.

Each file under `data/raw/` has `<file>.yaml` beside it saying who produced the data, which
table or document section it is, its unit, reference period, release (vintage) and checksum.
A file is read only after its checksum matches the sidecar, so a file edited after it was
received, or a sidecar copied onto the wrong file, is refused rather than silently loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sti.errors import InputError, InputProblem
from sti.ingest.freshness import calendar_basis, calendar_release_date
from sti.ingest.readers.periods import last_reference_period
from sti.paths import RAW_DIR, relative_to_raw
from sti.reference import yaml_text

SIDECAR_SUFFIX = ".yaml"
# How a file reached us; each form has one reader.
FORMS = (
    "kosis_web", "kosis_api", "census_microdata", "rnd_projects", "transcribed", "press_report",
    "reference",
)  # fmt: skip
# The forms of statistical files: each must load at least one observation (a mapping that
# matches nothing is an error, not an empty source).
STATISTICAL_FORMS = ("kosis_web", "kosis_api", "census_microdata", "transcribed")
CODE_SYSTEMS = ("kosis_stat", "admin", "name")
REQUIRED_FIELDS = ("source_id", "producer", "title", "form", "citation", "sha256")
OPTIONAL_FIELDS = (
    "domain",
    "unit",
    "reference_period",
    "release_date",
    "retrieved",
    "code_system",
    "series",
    "preliminary_periods",
    "mapping",
    "notes",
    "expected_cells_per_period",
    "restatement",
    "backfill",
)
# Where a file's rows go. The observation domains each have a staging table
# (assets/staging/*.py); the others are read by their own assets. A typo here would make a
# whole source vanish, so an unknown domain is an error (tests check the list against the assets).
OBSERVATION_DOMAINS = ("grdp", "census", "workforce", "startups", "rnd", "transcribed_figures")
OTHER_DOMAINS = (
    "budget", "plan_structure", "reference", "targets", "department_reports", "report_reviews",
    "press_reports",
)  # fmt: skip
# Domains whose files are each their own release (several may share a day): a department's
# reports, the secretariat's and committee's decisions on them.
PER_FILE_DOMAINS = ("department_reports", "report_reviews")
DOMAINS = OBSERVATION_DOMAINS + OTHER_DOMAINS
# Files in data/raw that are not received data and need no sidecar.
NOT_RECEIVED = (".gitkeep",)


class _TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates: `2026-02-30` stays text, so the error can name its key."""


class _FastTextDatesLoader(yaml.CSafeLoader):
    """The same with libyaml's parser: 30 sidecars in 8 ms instead of 56 ms (measured
    2026-11-24), and a run reads them twice."""


_TextDatesLoader.yaml_implicit_resolvers = _FastTextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_text_dates(text: str) -> Any:
    """Parsed as sti/reference/yaml_text.py parses, without implicit dates."""
    return yaml_text.parse(text, _FastTextDatesLoader, _TextDatesLoader)


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
    restatement: str | None = None
    backfill: str | None = None  # why a release older than one already held arrives now

    @property
    def raw_file(self) -> str:
        """The file's path relative to the archive root, as stored in provenance columns."""
        return relative_to_raw(self.path, self.root)

    @property
    def publication(self) -> tuple[dt.date, str]:
        """(vintage, how it is known). A release's vintage is the day it was published, never
        silently the download day: the sidecar's release_date; else the release calendar's date
        for the newest period it holds (when that is not after the download); else the download
        date, saying so."""
        if self.release_date is not None:
            return self.release_date, "release_date"
        scheduled = calendar_release_date(self.source_id, self.reference_period)
        assert self.retrieved is not None  # load_sidecar requires one of the two dates
        if scheduled is not None and scheduled <= self.retrieved:
            return scheduled, f"release_calendar ({calendar_basis(self.source_id)})"
        return self.retrieved, "retrieved (publication date unknown)"

    @property
    def vintage(self) -> dt.date:
        return self.publication[0]


def sidecar_path(data_file: Path) -> Path:
    return data_file.with_name(data_file.name + SIDECAR_SUFFIX)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_date(value: Any, file: str, key: str, today: dt.date) -> dt.date | None:
    if value is None:
        return None
    try:
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            InputProblem(
                file,
                f"sidecar field {key!r} must be a real date written YYYY-MM-DD",
                value=str(value),
            )
        ) from None
    if date > today:
        raise InputError(
            InputProblem(
                file,
                f"sidecar field {key!r} is in the future (today is {today.isoformat()}); a "
                "release cannot be published or retrieved after today",
                value=str(value),
            )
        )
    return date


def _check_dates(
    name: str, release: dt.date | None, retrieved: dt.date | None, meta: dict[str, Any]
) -> None:
    """A file cannot be retrieved before its release, nor released before its data's last year
    (statistics only: plans, targets and budgets name future years by design)."""
    reference_period = meta.get("reference_period")
    if release and retrieved and retrieved < release:
        raise InputError(
            InputProblem(
                name,
                f"sidecar field 'retrieved' ({retrieved}) is before 'release_date' ({release}): "
                "a file cannot be retrieved before it was released",
            )
        )
    vintage = release or retrieved
    last = last_reference_period(reference_period)
    if meta["form"] != "reference" and vintage and last and last.year > vintage.year:
        key = "release_date" if release else "retrieved"
        raise InputError(
            InputProblem(
                name,
                f"sidecar field {key!r} ({vintage}) is before the end of its reference_period "
                f"{reference_period!r}: a release cannot contain data for a later year",
            )
        )


def load_sidecar(data_file: Path, root: Path = RAW_DIR, today: dt.date | None = None) -> Sidecar:
    """Read and check the sidecar of `data_file`; raise InputError naming what is wrong."""
    today = today or dt.date.today()
    side = sidecar_path(data_file)
    name = relative_to_raw(side, root)
    if not data_file.is_file():
        raise InputError(InputProblem(relative_to_raw(data_file, root), "raw file is missing"))
    if not side.is_file():
        raise InputError(
            InputProblem(name, "every raw file needs a provenance sidecar; none found")
        )
    try:
        meta = _load_text_dates(side.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(InputProblem(name, f"sidecar is not valid YAML: {exc}")) from None
    if not isinstance(meta, dict):
        raise InputError(InputProblem(name, "sidecar must be a YAML mapping"))
    missing = [key for key in REQUIRED_FIELDS if not meta.get(key)]
    if missing:
        raise InputError(InputProblem(name, f"sidecar lacks required fields {missing}"))
    unknown = sorted(str(key) for key in meta if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS)
    if unknown:
        raise InputError(
            InputProblem(
                name,
                f"sidecar has unknown fields {unknown} (a typo?); known fields: "
                f"{sorted(REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
            )
        )
    if "domain" not in meta:
        raise InputError(InputProblem(name, f"sidecar lacks 'domain'; one of {DOMAINS}"))
    if meta["domain"] not in DOMAINS:
        raise InputError(
            InputProblem(
                name,
                f"sidecar field 'domain' must be one of {DOMAINS}; with another value the file "
                "would be loaded nowhere",
                value=str(meta["domain"]),
            )
        )
    if meta["form"] not in FORMS:
        raise InputError(
            InputProblem(name, f"form must be one of {FORMS}", value=str(meta["form"]))
        )
    code_system = meta.get("code_system", "name")
    if code_system not in CODE_SYSTEMS:
        raise InputError(
            InputProblem(name, f"code_system must be one of {CODE_SYSTEMS}", value=str(code_system))
        )
    release = _as_date(meta.get("release_date"), name, "release_date", today)
    retrieved = _as_date(meta.get("retrieved"), name, "retrieved", today)
    if release is None and retrieved is None:
        raise InputError(
            InputProblem(name, "sidecar needs release_date or retrieved (the vintage)")
        )
    _check_dates(name, release, retrieved, meta)
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
        domain=str(meta["domain"]),
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
        restatement=None if meta.get("restatement") is None else str(meta["restatement"]),
        backfill=None if meta.get("backfill") is None else str(meta["backfill"]),
    )


def _unpaired(raw_dir: Path) -> list[InputProblem]:
    """Symbolic links, data files without a sidecar and sidecars without a data file. What a
    link points to is not read, nor checked any further."""
    problems = [
        InputProblem(
            path.relative_to(raw_dir).as_posix(),  # the link's own name, not where it points
            f"a symbolic link (to {os.readlink(path)}), not a file as received: the archive keeps "
            "the bytes it was sent; put the file itself here",
        )
        for path in sorted(raw_dir.rglob("*"))
        if path.is_symlink()
    ]
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        if path.name in NOT_RECEIVED:
            continue
        name = relative_to_raw(path, raw_dir)
        if path.name.endswith(SIDECAR_SUFFIX):
            data_file = path.with_name(path.name[: -len(SIDECAR_SUFFIX)])
            if not data_file.is_file():
                problems.append(
                    InputProblem(
                        name,
                        f"sidecar without its data file {data_file.name!r}: restore the file, "
                        "or remove the sidecar (and declare the withdrawal in sti/warehouse/withdrawals.yaml)",
                    )
                )
        elif not sidecar_path(path).is_file():
            problems.append(
                InputProblem(
                    name,
                    f"every raw file needs a provenance sidecar; {sidecar_path(path).name!r} is "
                    "missing, so the file would be silently ignored",
                )
            )
    return problems


@dataclass(frozen=True)
class Unusable:
    """A received file that cannot be registered, with the domain it would have fed (from its
    sidecar if that can be read, else from the files beside it; None when nothing tells)."""

    raw_file: str
    source_id: str | None
    domain: str | None
    problems: tuple[InputProblem, ...]
    guessed: bool = False  # the domain is the files' beside it, not the sidecar's


def _data_name(problem_file: str) -> str:
    return (
        problem_file[: -len(SIDECAR_SUFFIX)]
        if problem_file.endswith(SIDECAR_SUFFIX)
        else problem_file
    )


def _declared(raw_dir: Path, raw_file: str) -> tuple[str | None, str | None]:
    """(source_id, domain) a file's sidecar declares, as far as it can be read."""
    side = raw_dir / (raw_file + SIDECAR_SUFFIX)
    try:
        meta = _load_text_dates(side.read_text("utf-8")) if side.is_file() else None
    except (yaml.YAMLError, UnicodeDecodeError, OSError, ValueError):
        return None, None
    if not isinstance(meta, dict):
        return None, None
    domain = meta.get("domain")
    source = meta.get("source_id")
    return (
        None if source is None else str(source),
        str(domain) if domain in DOMAINS else None,
    )


def _guessed_domain(raw_file: str, registered: list[Sidecar]) -> str | None:
    """The one domain of the registered files in the same folder, if they agree."""
    folder = Path(raw_file).parent.as_posix()
    domains = {s.domain for s in registered if Path(s.raw_file).parent.as_posix() == folder}
    return domains.pop() if len(domains) == 1 else None


def discover_each(raw_dir: Path) -> tuple[list[Sidecar], list[Unusable]]:
    """Every file under `raw_dir` in a stable order: the described ones, and the ones that
    cannot be registered (no sidecar, a sidecar without its file, a link, a sidecar that breaks
    a rule or a checksum that does not match), each with its problems, so that one bad file
    can be held back alone (sti/ingest/held_back.py) instead of stopping the night."""
    problems: dict[str, list[InputProblem]] = {}
    for problem in _unpaired(raw_dir):
        problems.setdefault(_data_name(problem.file), []).append(problem)
    found = []
    for side in sorted(raw_dir.rglob(f"*{SIDECAR_SUFFIX}")):
        data_file = side.with_name(side.name[: -len(SIDECAR_SUFFIX)])
        name = relative_to_raw(data_file, raw_dir)
        if name in problems or side.is_symlink() or data_file.is_symlink():
            continue
        try:
            found.append(load_sidecar(data_file, raw_dir))
        except InputError as error:
            problems.setdefault(name, []).extend(error.problems)
    unusable = []
    for name, found_problems in sorted(problems.items()):
        source_id, domain = _declared(raw_dir, name)
        guess = None if domain else _guessed_domain(name, found)
        unusable.append(
            Unusable(name, source_id, domain or guess, tuple(found_problems), guess is not None)
        )
    return found, unusable


def discover(raw_dir: Path, form: str | None = None, source_id: str | None = None) -> list[Sidecar]:
    """Every sidecar-described file under `raw_dir`, optionally filtered, in a stable order.

    Every file under `raw_dir` must be described: a file without a sidecar, or a sidecar without
    its file, is an error (received data is never silently ignored)."""
    found, unusable = discover_each(raw_dir)
    if unusable:
        raise InputError([p for file in unusable for p in file.problems])
    return [
        side
        for side in found
        if (form is None or side.form == form)
        and (source_id is None or side.source_id == source_id)
    ]
