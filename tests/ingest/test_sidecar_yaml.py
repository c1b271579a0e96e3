"""Sidecars are parsed by libyaml; what it rejects is named as the Python parser names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sti.errors import InputError
from sti.ingest.provenance import load_sidecar

SIDECAR = """\
producer: 통계청 (Statistics Korea)
table_id: [DT_1C91
unit: 백만원
"""


def test_a_sidecar_that_is_not_yaml_names_the_line_column_and_what_was_expected(
    tmp_path: Path,
) -> None:
    data = tmp_path / "kosis" / "grdp.csv"
    data.parent.mkdir()
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    data.with_name("grdp.csv.yaml").write_text(SIDECAR, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_sidecar(data, root=tmp_path)
    message = str(raised.value)
    assert "kosis/grdp.csv.yaml" in message and "sidecar is not valid YAML" in message
    # the Python parser's words and caret, not libyaml's "did not find expected"
    assert "expected ',' or ']', but got ':'" in message
    assert "line 3, column 5:\n    unit: 백만원\n        ^" in message
