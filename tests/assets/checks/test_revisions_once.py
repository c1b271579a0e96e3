"""checks.revisions is computed once per value: each staging gate keeps what it found beside
its table, checks.revisions gathers those and runs the rule only over the values no gate sees.
The result must equal the rule run over every value of marts.indicator_values, as it was run
before."""

from __future__ import annotations

import re
from pathlib import Path

from sti.db.sql_door import connect_read_only
from sti.db.sql_files import load_sql
from sti.ingest.provenance import file_sha256, sidecar_path
from sti.ingest.revision_gate import _compared
from tests.conftest import Pipeline

PER_CAPITA = (
    "kosis/per_capita_grdp/시도별_1인당_지역내총생산__지역총소득__개인소득_20250829110847.csv"
)


def _restated_release(archive: Path) -> None:
    """A later per-capita GRDP release moving one 2023 value by 8.5 % (beyond the indicator's
    tolerance), its sidecar declaring the restatement."""
    source = archive / PER_CAPITA
    target = source.with_name("per_capita_restated.csv")
    text = source.read_bytes().decode("cp949")
    assert text.count("22266,23595\r\n") == 1
    target.write_bytes(text.replace("22266,23595\r\n", "22266,25595\r\n").encode("cp949"))
    side = sidecar_path(source).read_text("utf-8").replace(file_sha256(source), file_sha256(target))
    side = re.sub(r"(?m)^retrieved:.*$", "retrieved: 2025-09-30\nrelease_date: 2025-09-30", side)
    side += "restatement: 기준년 개편에 따른 재추계\n"
    sidecar_path(target).write_text(side, "utf-8")


def test_the_gates_findings_are_the_whole_rule(pipeline: Pipeline) -> None:
    _restated_release(pipeline.archive)
    assert pipeline.run().success
    with connect_read_only(pipeline.warehouse, locked=False) as conn:
        gathered = conn.execute("select * from checks.revisions").fetchall()
        kept = conn.execute("select * from staging.grdp_revisions").fetchall()
        with _compared(conn, "marts.indicator_values", "marts.dim_indicator"):
            whole = conn.execute(load_sql("checks", "revisions")).fetchall()
    assert len(gathered) == 1 and gathered == kept
    assert sorted(gathered, key=repr) == sorted(whole, key=repr)
    assert gathered[0][-1] == "기준년 개편에 따른 재추계"
