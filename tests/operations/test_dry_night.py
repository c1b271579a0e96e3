"""`sti check`: a file placed in data/raw/ by hand or by `sti fetch` is judged by the night's own
rules before the night, on scratch copies; nothing published or archived changes."""

from __future__ import annotations

import os

import pytest

from sti.cli import HELD_BACK_EXIT, main
from sti.ingest.provenance import file_sha256, sidecar_path
from sti.paths import WAREHOUSE_ENV_VAR
from sti.warehouse.releases import ReleaseStore
from tests.archive_edits import DT_1C91, GRDP, new_release
from tests.conftest import Pipeline


def _state(pipeline: Pipeline) -> tuple:
    archive = sorted(
        (p.relative_to(pipeline.archive).as_posix(), file_sha256(p))
        for p in pipeline.archive.rglob("*")
        if p.is_file()
    )
    marts = pipeline.warehouse.parent
    return archive, pipeline.warehouse.resolve(), sorted(os.listdir(marts / "releases"))


@pytest.fixture
def night(baseline: Pipeline, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> Pipeline:
    pipeline.start_from(baseline)
    monkeypatch.setattr("sti.paths.RAW_DIR", pipeline.archive)
    monkeypatch.setenv(WAREHOUSE_ENV_VAR, str(pipeline.warehouse))
    return pipeline


def test_a_file_the_night_would_hold_back_is_named_and_nothing_changes(
    night: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    target = night.archive / DT_1C91 / "grdp_utf16.csv"
    target.write_bytes((night.archive / GRDP).read_text("utf-8").encode("utf-16"))
    side = sidecar_path(night.archive / GRDP).read_text("utf-8")
    side = side.replace(file_sha256(night.archive / GRDP), file_sha256(target))
    side = side.replace("retrieved: 2026-09-28", "retrieved: 2026-11-20\nrelease_date: 2026-11-20")
    sidecar_path(target).write_text(side, "utf-8")
    before = _state(night)

    assert main(["check"]) == HELD_BACK_EXIT

    out = capsys.readouterr().out
    assert "tonight's run would publish, holding these files back" in out
    assert "kosis/DT_1C91/grdp_utf16.csv" in out and "UTF-16" in out
    assert "Traceback" not in out
    assert _state(night) == before
    assert ReleaseStore(night.warehouse).verify() == []


def test_a_broken_plan_table_is_named_as_stopping_the_night(
    night: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    budget = night.archive / "budget" / "budget_execution.csv"
    budget.write_text(
        budget.read_text("utf-8").replace(
            "1-1-3,2023-2027,unsplit,17000,", "1-1-3,2023-2027,unsplit,-17000,"
        ),
        "utf-8",
    )
    side = sidecar_path(budget)
    text = side.read_text("utf-8")
    side.write_text(
        text.replace(text.split("sha256: ")[1].split()[0], file_sha256(budget)), "utf-8"
    )
    before = _state(night)

    assert main(["check"]) == 1

    err = capsys.readouterr().err
    assert "tonight's run would stop" in err
    assert "file budget/budget_execution.csv" in err and "column 'planned_eok'" in err
    assert "Traceback" not in err
    assert _state(night) == before


def test_a_good_new_release_passes_and_nothing_is_published(
    night: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    new_release(night.archive, "grdp_release_2026-11.csv")
    before = _state(night)

    assert main(["check"]) == 0

    out = capsys.readouterr().out
    assert "tonight's run would take data/raw/ as it is" in out
    assert _state(night) == before


def test_nothing_new_is_said_without_a_run(
    night: Pipeline, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert "nothing new in data/raw/" in capsys.readouterr().out
