"""The bad-input corpus (tests/corpus/cases.yaml): a broken file of a source that can wait alone
is held back (checks.held_back names the file, row, column and rule), its source keeps the
published tables and the night publishes; a broken file of the plan or the references (`stops:
true`) stops the run with that message and the published warehouse stays byte-for-byte as it
was. Either way the received file stays in the archive."""

import os
import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest
import yaml

from sti.ingest.provenance import OBSERVATION_DOMAINS, file_sha256, sidecar_path
from sti.paths import RAW_DIR
from tests.conftest import Pipeline
from tests.end_to_end.test_full_run import failure_text
from tests.files import CORPUS

CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def published(baseline: Pipeline) -> Path:
    """A warehouse published from the shipped archive: the state every case must leave intact."""
    return baseline.warehouse


def _set_path(data: dict, path: list[str], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _delete_path(data: dict, path: list[str]) -> None:
    for key in path[:-1]:
        data = data[key]
    del data[path[-1]]


def apply(case: dict, archive: Path) -> list[Path]:
    """Break the archive as the case says; return the data files it touched."""
    touched = []
    if "put" in case:
        target = archive / case["put"]["file"]
        shutil.copyfile(CORPUS / "files" / case["put"]["source"], target)
        touched.append(target)
    if "copy" in case:
        spec = case["copy"]
        encoding = spec.get("encoding", "utf-8")
        target = archive / spec["to"]
        text = (archive / spec["from"]).read_bytes().decode(encoding)
        assert spec["old"] in text, f"case {case['id']}: {spec['old']!r} not in {spec['from']}"
        written = spec.get("to_encoding", encoding)  # a release re-encoded on its way in
        target.write_bytes(text.replace(spec["old"], spec["new"], 1).encode(written))
        touched.append(target)
    if "symlink" in case:  # a link placed in the archive instead of a file
        spec = case["symlink"]
        (archive / spec["file"]).symlink_to(spec["target"])
    for name in case.get("remove", []):
        (archive / name).unlink()
    if "replace" in case:
        spec = case["replace"]
        target = archive / spec["file"]
        text = target.read_text("utf-8")
        assert spec["old"] in text, f"case {case['id']}: {spec['old']!r} not in {spec['file']}"
        text = text.replace(spec["old"], spec["new"] * spec.get("new_repeat", 1), 1)
        if "all_rows_suffix" in spec:
            head, *rows = text.split("\n")
            text = "\n".join(
                [head, *(row + spec["all_rows_suffix"] if row else row for row in rows)]
            )
        target.write_text(text, "utf-8")
        touched.append(target)
    if "truncate" in case:
        spec = case["truncate"]
        target = archive / spec["file"]
        lines = target.read_text("utf-8").splitlines(keepends=True)[: spec["keep_lines"]]
        target.write_text("".join(lines) + spec.get("cut_line", ""), "utf-8")
        touched.append(target)
    if "new_sidecar" in case:
        spec = case["new_sidecar"]
        meta = yaml.safe_load(sidecar_path(archive / spec["from"]).read_text("utf-8"))
        meta.update(spec["set"])
        sidecar_path(archive / spec["file"]).write_text(
            yaml.safe_dump(meta, allow_unicode=True), "utf-8"
        )
    if "sidecar" in case:
        spec = case["sidecar"]
        side = sidecar_path(archive / spec["file"])
        meta = yaml.safe_load(side.read_text("utf-8"))
        for key in spec.get("delete", []):
            del meta[key]
        if "set_path" in spec:
            _set_path(meta, spec["set_path"], spec["value"])
        if "delete_path" in spec:
            _delete_path(meta, spec["delete_path"])
        if "raw_line" in spec:  # text YAML cannot express after a round trip (e.g. a bad date)
            side.write_text(
                yaml.safe_dump(meta, allow_unicode=True) + spec["raw_line"] + "\n", "utf-8"
            )
            return touched
        side.write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    if not case.get("keep_checksum"):
        for target in touched:
            side = sidecar_path(target)
            if side.exists():
                meta = yaml.safe_load(side.read_text("utf-8"))
                meta["sha256"] = file_sha256(target)
                side.write_text(yaml.safe_dump(meta, allow_unicode=True), "utf-8")
    return touched


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert len({case["id"] for case in CASES}) == len(CASES)


HELD_TEXT = """
    select
        domain,
        concat_ws(', ', 'file ' || source_file, 'row ' || source_row,
            'column ' || chr(39) || column_name || chr(39)) || ': ' || rule,
    from checks.held_back
    order by all
"""


def _table_digest(warehouse: Path, table: str) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        found = conn.execute(f"select count(*), sum(hash(t)) from {table} as t").fetchone()
    assert found is not None
    return tuple(found)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_broken_input_is_held_back_or_stops_the_run(
    case: dict, published: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "raw"
    shutil.copytree(RAW_DIR, archive)
    marts = tmp_path / "marts"
    shutil.copytree(published.parent, marts, symlinks=True)  # the release store, link included
    warehouse = marts / published.name
    before = (file_sha256(warehouse), warehouse.resolve().name, sorted(os.listdir(marts)))
    touched = apply(case, archive)

    result = Pipeline(archive, warehouse).run()

    if case.get("taken"):  # a case that looks like one above but breaks no rule
        _assert_taken(case, result, warehouse, touched)
        return
    if not case.get("stops"):
        _assert_held_back(case, result, published, warehouse)
        assert all(p.exists() for p in touched), "a received file left the archive"
        return
    assert not result.success, f"{case['id']}: the run should have failed"
    message = failure_text(result)
    missing = [fragment for fragment in case["expect"] if fragment not in message]
    assert missing == [], f"{case['id']}: message lacks {missing}:\n{message}"
    after = (file_sha256(warehouse), warehouse.resolve().name, sorted(os.listdir(marts)))
    assert after == before, "the published warehouse changed"
    assert [p for p in (marts / "releases").iterdir() if ".build-" in p.name] == []
    assert all(p.exists() for p in touched), "a received file left the archive"


def _assert_held_back(
    case: dict, result: dg.ExecuteInProcessResult, published: Path, warehouse: Path
) -> None:
    """Published; the message in checks.held_back; the held source's staging table as it was."""
    assert result.success, f"{case['id']}: the night should publish:\n{failure_text(result)}"
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        held = conn.execute(HELD_TEXT).fetchall()
    message = "\n".join(text for _, text in held)
    missing = [fragment for fragment in case["expect"] if fragment not in message]
    assert missing == [], f"{case['id']}: held-back rules lack {missing}:\n{message}"
    for domain in {domain for domain, _ in held if domain in OBSERVATION_DOMAINS}:
        table = f"staging.{domain}"
        assert _table_digest(warehouse, table) == _table_digest(published, table), table


def _assert_taken(
    case: dict, result: dg.ExecuteInProcessResult, warehouse: Path, touched: list[Path]
) -> None:
    assert result.success, f"{case['id']}: the night should publish:\n{failure_text(result)}"
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute(HELD_TEXT).fetchall() == []
        for path in touched:
            file = path.relative_to(path.parents[2]).as_posix()
            found = conn.execute(
                "select count(*) from marts.indicator_values where source_file = ?", [file]
            ).fetchone()
            assert found is not None and found[0] > 0, f"{file} loads no value"
