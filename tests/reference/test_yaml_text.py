"""YAML parsed by libyaml gives what PyYAML's parser gives, and PyYAML's error message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sti.paths import PROJECT_ROOT, RAW_DIR
from sti.reference import yaml_text

PROJECT_YAML = sorted((PROJECT_ROOT / "sti").glob("*.yaml")) + sorted(RAW_DIR.rglob("*.yaml"))


@pytest.mark.parametrize("path", PROJECT_YAML, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_every_project_yaml_file_parses_as_pyyaml_parses_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml_text.parse(text) == yaml.safe_load(text)


def test_bad_yaml_gets_the_python_parsers_message_with_the_line_shown() -> None:
    with pytest.raises(yaml.YAMLError) as error:
        yaml_text.parse("a: 1\nb: [1, 2\nc: 3\n")
    message = str(error.value)
    assert "line 2, column 4:\n    b: [1, 2\n       ^" in message
    assert "expected ',' or ']', but got ':'" in message
