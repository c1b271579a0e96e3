"""sti/warehouse/change_detection.py on a small inline graph: what each kind of change marks stale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sti.warehouse.change_detection import (
    AssetInputs,
    RawFile,
    code_fingerprint,
    fingerprints,
    stale,
)

DAY = dt.date(2026, 11, 24)
GRAPH = {
    "raw/source_files": AssetInputs((), frozenset(), True, False),
    "raw/table_cells": AssetInputs(("raw/source_files",), frozenset(), True, False),
    "staging/grdp": AssetInputs(
        ("raw/table_cells",), frozenset({"grdp", "reference"}), True, False
    ),
    "staging/startups": AssetInputs(("raw/table_cells",), frozenset({"startups"}), True, False),
    "checks/revisions": AssetInputs(("raw/source_files",), frozenset(), True, False),
    "marts/indicator_values": AssetInputs(
        ("staging/grdp", "staging/startups"), frozenset(), False, False
    ),
    "marts/grdp_summary": AssetInputs(("staging/grdp",), frozenset(), False, False),
    "checks/freshness": AssetInputs(("marts/indicator_values",), frozenset(), False, True),
}
ARCHIVE = [
    RawFile("kosis/grdp.csv", "grdp", "a1", "s1"),
    RawFile("kosis/startups.csv", "startups", "b1", "s2"),
    RawFile("reference/regions.csv", "reference", "c1", "s3"),
]


def _changed(archive: list[RawFile] = ARCHIVE, code: str = "v1", day: dt.date = DAY) -> set[str]:
    return stale(fingerprints(GRAPH, archive, code, day), fingerprints(GRAPH, ARCHIVE, "v1", DAY))


def test_nothing_changed_nothing_stale() -> None:
    assert _changed() == set()


def test_a_new_file_marks_its_domain_and_what_is_downstream() -> None:
    added = [*ARCHIVE, RawFile("kosis/grdp_rev.csv", "grdp", "a2", "s4")]
    assert _changed(added) == {
        "raw/source_files",
        "raw/table_cells",
        "checks/revisions",  # declares no domain: reads the whole register
        "staging/grdp",
        "marts/indicator_values",
        "marts/grdp_summary",
        "checks/freshness",
    }


def test_a_changed_sidecar_or_checksum_is_a_change() -> None:
    sidecar = [ARCHIVE[0], RawFile("kosis/startups.csv", "startups", "b1", "s2-edited"), ARCHIVE[2]]
    assert "staging/startups" in _changed(sidecar) and "staging/grdp" not in _changed(sidecar)
    moved = [RawFile("kosis/grdp.csv", "startups", "a1", "s1"), *ARCHIVE[1:]]
    assert {"staging/grdp", "staging/startups"} <= _changed(moved), "a file changing domain"


def test_a_reference_file_marks_every_asset_that_resolves_against_it() -> None:
    edited = [*ARCHIVE[:2], RawFile("reference/regions.csv", "reference", "c2", "s3")]
    changed = _changed(edited)
    assert "staging/grdp" in changed and "staging/startups" not in changed


def test_the_date_marks_only_dated_assets_and_code_marks_everything() -> None:
    assert _changed(day=DAY + dt.timedelta(days=1)) == {"checks/freshness"}
    assert _changed(code="v2") == set(GRAPH)


def test_the_code_fingerprint_covers_code_sql_catalogues_and_pins(tmp_path: Path) -> None:
    for name in ("sti/a.py", "sql/marts/m.sql", "sti/reference/indicators.yaml", "pyproject.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")
    (tmp_path / "data").mkdir()
    seen = {_code(tmp_path)}
    for name in ("sti/a.py", "sql/marts/m.sql", "sti/reference/indicators.yaml", "pyproject.toml"):
        (tmp_path / name).write_text(f"changed {name}", "utf-8")
        seen.add(_code(tmp_path))
    (tmp_path / "data" / "notes.txt").write_text("not code", "utf-8")
    seen.add(_code(tmp_path))
    assert len(seen) == 5, "each code change is seen; a data file is not code"


def _code(root: Path) -> str:
    code_fingerprint.cache_clear()
    try:
        return code_fingerprint(root)
    finally:
        code_fingerprint.cache_clear()


def _values_graph() -> dict[str, AssetInputs]:
    """GRAPH with values split by domain: each staging table holds one domain's values, the
    union passes them on by domain, a ranking mart likewise, and marts declare what they read."""
    held = {"staging/grdp": "grdp", "staging/startups": "startups"}
    graph = {
        key: AssetInputs(spec.parents, spec.raw_domains, spec.reads_raw, spec.dated,
                         value_domain=held.get(key, ""), split=key == "marts/indicator_values")
        for key, spec in GRAPH.items()
    }  # fmt: skip
    graph["staging/transcribed"] = AssetInputs(
        ("raw/table_cells",), frozenset({"transcribed"}), True, False
    )
    union = graph["marts/indicator_values"]
    graph["marts/indicator_values"] = AssetInputs(
        (*union.parents, "staging/transcribed"), frozenset(), False, False, split=True
    )
    graph["marts/ranks"] = AssetInputs(
        ("marts/indicator_values",), frozenset(), False, False, split=True
    )
    reads = {"marts/grdp": {"grdp"}, "marts/both": {"grdp", "startups"}, "marts/all": set()}
    for key, domains in reads.items():
        graph[key] = AssetInputs(
            ("marts/ranks",), frozenset(), False, False, value_domains=frozenset(domains)
        )
    return graph


def test_a_mart_reading_some_domains_rebuilds_only_when_they_change() -> None:
    graph = _values_graph()
    archive = [*ARCHIVE, RawFile("plan/figures.csv", "transcribed", "d1", "s5")]
    before = fingerprints(graph, archive, "v1", DAY)

    def changed(*added: RawFile) -> set[str]:
        return stale(fingerprints(graph, [*archive, *added], "v1", DAY), before)

    startups = changed(RawFile("kosis/startups_rev.csv", "startups", "b2", "s6"))
    assert {"marts/indicator_values", "marts/ranks", "marts/both", "marts/all"} <= startups
    assert "marts/grdp" not in startups
    assert "marts/grdp" in changed(RawFile("kosis/grdp_rev.csv", "grdp", "a2", "s7"))
    mixed = changed(RawFile("plan/more.csv", "transcribed", "d2", "s8"))
    assert {"marts/grdp", "marts/both", "marts/all"} <= mixed, "a mixed table feeds every domain"
