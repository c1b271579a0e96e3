"""Press reports (form press_report): one row per figure with its release and article; every
broken cell of a file named at once, with its row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sti.errors import InputError
from sti.ingest.press_figures import stage_press_files, validate_press
from sti.ingest.readers.press_reports import PressSource, read_press_file
from sti.reference.indicators import catalogue
from sti.reference.regions import default_resolver

HEADER = (
    "indicator,region,year,value,unit,as_published,source,source_published,reported_by,"
    "reported_url,reported_on\n"
)
RELEASE = "KISTEP 2023년 연구개발활동조사 주요결과 (브리프),2024-12-30,중도일보,https://example.org/a,2025-01-01"
MAPPING = {
    "period_column": "year",
    "indicators": {
        "researchers": {"indicator": "researchers", "unit": "명"},
        "rnd_expenditure": {"indicator": "rnd_expenditure", "unit": "억원"},
    },
    "regions": {"수도권 (서울·경기·인천)": "수도권"},
}
RCOSTII_MAPPING = {
    "period_column": "edition",
    "indicators": {
        "rcostii_total": {
            "indicator": "rcostii_total",
            "unit": "점",
            "rank_indicator": "rcostii_total_rank",
        },
        "rcostii_total_mean": {
            "indicator": "rcostii_total_regional_mean",
            "unit": "점",
            "region": "전국",
        },
    },
}


def _source(root: Path, text: str, mapping: dict = MAPPING, name: str = "press.csv") -> PressSource:
    (root / name).write_text(text, encoding="utf-8")
    return PressSource(name, "press_test", "0" * 64, "rnd_activity_survey", mapping)


def _read(root: Path, source: PressSource):
    return read_press_file(root, source, default_resolver(), catalogue())


def test_figures_in_the_catalogue_unit_with_release_and_article(tmp_path: Path) -> None:
    text = (
        HEADER
        + f"researchers,대전,2023,40024,명,4만 24명,{RELEASE}\n"
        + f"rnd_expenditure,수도권 (서울·경기·인천),2023,835725,억원,83조 5725억 원,{RELEASE}\n"
    )
    rows = _read(tmp_path, _source(tmp_path, text)).to_dicts()
    assert [(r["indicator_id"], r["region_id"], r["period"], r["value"]) for r in rows] == [
        ("researchers", "KR-30", "2023", 40024.0),
        ("rnd_expenditure", "KR-CAP", "2023", 83_572_500.0),  # 억원 -> 백만원
    ]
    first = rows[0]
    assert (first["source_row"], first["as_published"], first["reported_by"]) == (
        2,
        "4만 24명",
        "중도일보",
    )
    assert first["vintage"] == first["release_date"] == dt.date(2024, 12, 30)
    assert rows[1]["half_unit"] == 50.0  # half of 1억원, in 백만원


def test_an_edition_is_the_period_and_a_rank_is_its_own_figure(tmp_path: Path) -> None:
    text = (
        "indicator,region,edition,value,unit,rank,as_published,source,source_published,"
        "reported_by,reported_url,reported_on\n"
        f"rcostii_total,대전,2022,13.1,점,3,13.1점 3위,{RELEASE}\n"
        f"rcostii_total_mean,전체 평균 (17개 시도),2022,7.2,점,,7.2 점,{RELEASE}\n"
    )
    rows = _read(tmp_path, _source(tmp_path, text, RCOSTII_MAPPING)).to_dicts()
    assert [(r["indicator_id"], r["region_id"], r["edition"], r["value"]) for r in rows] == [
        ("rcostii_total", "KR-30", "2022", 13.1),
        ("rcostii_total_rank", "KR-30", "2022", 3.0),
        ("rcostii_total_regional_mean", "KR", "2022", 7.2),
    ]


def test_every_broken_cell_is_named_with_its_row_and_column(tmp_path: Path) -> None:
    text = (
        HEADER
        + f"researcher,대전,2023,40024,명,x,{RELEASE}\n"
        + f"researchers,대젼,2023,40024,명,x,{RELEASE}\n"
        + f"researchers,대전,2023,4만,명,x,{RELEASE}\n"
        + f"researchers,대전,2023,40024,천명,x,{RELEASE}\n"
        + "researchers,대전,2023,40024,명,x,brief,2024/12/30,중도일보,www.example.org,\n"
    )
    with pytest.raises(InputError) as raised:
        _read(tmp_path, _source(tmp_path, text))
    found = {(p.row, p.column) for p in raised.value.problems}
    assert found == {
        (2, "indicator"),
        (3, "region"),
        (4, "value"),
        (5, "unit"),
        (6, "reported_url"),
        (6, "source_published"),
    }
    assert all(p.file == "press.csv" for p in raised.value.problems)


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    text = HEADER.replace(",reported_url", "") + f"researchers,대전,2023,1,명,x,{RELEASE}\n"
    with pytest.raises(InputError, match=r"lacks the column.*reported_url"):
        _read(tmp_path, _source(tmp_path, text))


def test_a_bad_file_is_held_back_alone(tmp_path: Path) -> None:
    good = _source(tmp_path, HEADER + f"researchers,대전,2023,40024,명,x,{RELEASE}\n", name="a.csv")
    bad = _source(tmp_path, HEADER + f"researchers,대전,2023,-5,명,x,{RELEASE}\n", name="b.csv")
    staged = stage_press_files(tmp_path, [good, bad])
    assert staged.figures["source_file"].to_list() == ["a.csv"]
    assert list(staged.held) == ["b.csv"]
    assert "catalogue range" in staged.held["b.csv"][0].rule and staged.held["b.csv"][0].row == 2


def test_an_article_older_than_its_release_breaks_the_model(tmp_path: Path) -> None:
    early = RELEASE.replace(",2025-01-01", ",2024-12-01")
    frame = _read(tmp_path, _source(tmp_path, HEADER + f"researchers,대전,2023,1,명,x,{early}\n"))
    problems = validate_press(frame)
    assert [p.rule for p in problems] == ["the article is not older than the release it reports"]
