"""The bad-input corpus (tests/corpus/cases.yaml): every broken input stops the run with a message
naming the file, row, column and rule; the published warehouse stays byte-for-byte as it was and
the received file stays in the archive."""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sti.ingest.provenance import file_sha256, sidecar_path
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


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_broken_input_stops_the_run_and_harms_nothing(
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

    assert not result.success, f"{case['id']}: the run should have failed"
    message = failure_text(result)
    missing = [fragment for fragment in case["expect"] if fragment not in message]
    assert missing == [], f"{case['id']}: message lacks {missing}:\n{message}"
    after = (file_sha256(warehouse), warehouse.resolve().name, sorted(os.listdir(marts)))
    assert after == before, "the published warehouse changed"
    assert [p for p in (marts / "releases").iterdir() if ".build-" in p.name] == []
    assert all(p.exists() for p in touched), "a received file left the archive"
