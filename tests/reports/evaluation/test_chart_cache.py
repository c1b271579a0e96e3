"""ChartCache: a chart drawn from the same rows is copied, one from other rows is drawn."""

from pathlib import Path

from sti.reports.documents import Figure
from sti.reports.evaluation.charts import ChartCache


def _drawer(folder: Path, content: str, calls: list[str]):
    def draw() -> Figure:
        calls.append(content)
        (folder / "c.png").write_text(f"png {content}")
        (folder / "c.svg").write_text(f"svg {content}")
        return Figure(f"{folder.name}/c.png", f"caption {content}")

    return draw


def test_same_rows_copy_the_first_drawing_into_the_next_folder(tmp_path: Path) -> None:
    cache, calls = ChartCache(), []
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    rows = [{"year": 2025, "actual": 1.5}]
    cache.chart("kpi", rows, first, _drawer(first, "one", calls))
    figure = cache.chart("kpi", [dict(r) for r in rows], second, _drawer(second, "two", calls))
    assert calls == ["one"]
    assert (second / "c.png").read_text() == "png one"
    assert (second / "c.svg").read_text() == "svg one"
    assert figure.caption == "caption one"


def test_other_rows_or_another_chart_are_drawn_again(tmp_path: Path) -> None:
    cache, calls = ChartCache(), []
    cache.chart("kpi", [{"year": 2025, "actual": 1.5}], tmp_path, _drawer(tmp_path, "1", calls))
    cache.chart("kpi", [{"year": 2025, "actual": 1.6}], tmp_path, _drawer(tmp_path, "2", calls))
    cache.chart("rank", [{"year": 2025, "actual": 1.6}], tmp_path, _drawer(tmp_path, "3", calls))
    assert calls == ["1", "2", "3"]
    assert (tmp_path / "c.png").read_text() == "png 3"
