"""Deterministic synthetic national-scale inputs, in the formats the readers accept.

Each generated file is a valid release of KOSIS table DT_142N_G205 (startups by region and
industry, monthly) with its provenance sidecar, so the pipeline loads it like a real one:

- `web`: the KOSIS web download (CP949, wide: one column per month), 22 industries x 18
  regions x 253 months (2004-12..2025-12) = 100,188 cells per file;
- `long`: the OpenAPI long CSV (UTF-8, one row per value), the same 100,188 values per file.

Every file is a separate vintage (release date) of the same table; the values are the same in
every vintage except one cell, so the revision and consistency checks see a plausible history.
About 1 % of the cells are `X` (suppressed), as in the real table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import random
import shutil
from pathlib import Path

import yaml

# 22 industry labels of the startups table that sti resolves (reference/industry_names.csv)
INDUSTRIES = [
    "합계", " 기술기반업종", "농업 임업 및 어업 및 광업", "농업 임업 및 어업(01~03)", "광업(05~08)",
    "제조업(10~34)", "전기 가스 증기 및 공기조절 공급업(35)", "수도 하수 및 폐기물 처리 원료 재생업(36~39)",
    "건설업(41~42)", "도매 및 소매업(45~47)", "운수 및 창고업(49~52)", "숙박 및 음식점업(55~56)",
    "정보통신업(58~63)", "금융 및 보험업(64~66)", "부동산업(68)", "전문 과학 및 기술 서비스업(70~73)",
    "사업시설 관리 사업 지원 및 임대 서비스업(74~76)", "공공행정 국방 및 사회보장 행정(84)",
    "교육 서비스업(85)", "보건업 및 사회복지 서비스업(86~87)", "예술 스포츠 및 여가관련 서비스업(90~91)",
    "협회 및 단체 수리 및 기타 개인 서비스업(94~96)",
]  # fmt: skip
REGIONS = [
    "소계", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북",
    "충남", "전북", "전남", "경북", "경남", "제주",
]  # fmt: skip
FIRST_MONTH = (2004, 12)
MONTHS = 253  # 2004-12 .. 2025-12: before the real 2026 release, so no revision clash
CELLS_PER_FILE = len(INDUSTRIES) * len(REGIONS) * MONTHS
SUPPRESSED_SHARE = 0.01  # share of `X` cells, as in the real table
FIRST_RELEASE = dt.date(2026, 2, 28)
SEED = 20261123


def months() -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    out = []
    for _ in range(MONTHS):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def values(seed: int = SEED) -> dict[tuple[str, str], list[str]]:
    """(industry, region) -> one cell text per month, the same for every file of a run. The
    national total (소계) is the sum of the regions, suppressed cells included, as published."""
    rng = random.Random(seed)
    out = {}
    for industry in INDUSTRIES:
        counts = {region: [rng.randint(0, 9000) for _ in range(MONTHS)] for region in REGIONS[1:]}
        totals = [sum(month) for month in zip(*counts.values(), strict=True)]
        out[(industry, REGIONS[0])] = [str(total) for total in totals]
        for region, row in counts.items():
            out[(industry, region)] = [
                "X" if rng.random() < SUPPRESSED_SHARE else str(count) for count in row
            ]
    return out


def _revised(cells: dict[tuple[str, str], list[str]], vintage: int) -> dict:
    """Vintage n revises 서울 and the national total of the last month by n (every file differs)."""
    out = dict(cells)
    for key in (("합계", "서울"), ("합계", REGIONS[0])):
        row = list(out[key])
        row[-1] = str(int(row[-1]) + vintage) if row[-1] != "X" else row[-1]
        out[key] = row
    return out


def web_csv(cells: dict[tuple[str, str], list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(["항목", "업종별", "시도별", *(f"{y}.{m:02d}" for y, m in months())])
    for (industry, region), row in cells.items():
        writer.writerow(["창업기업수", industry, region, *row])
    return buffer.getvalue().encode("cp949")


def long_csv(cells: dict[tuple[str, str], list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["PRD_DE", "ITM_NM", "C1_NM", "C2_NM", "DT", "UNIT_NM"])
    for index, (year, month) in enumerate(months()):
        for (industry, region), row in cells.items():
            writer.writerow([f"{year}{month:02d}", "전체", industry, region, row[index], "개"])
    return buffer.getvalue().encode("utf-8")


def sidecar(form: str, name: str, data: bytes, release: dt.date) -> dict:
    first, last = months()[0], months()[-1]
    mapping: dict = {
        "key_columns": ["ITM_NM"] if form == "long" else ["항목"],
        "industry_column": "C1_NM" if form == "long" else "업종별",
        "region_column": "C2_NM" if form == "long" else "시도별",
        "restated_regions": {"KR-50": "KOSIS restates 세종 before 2012-07 (synthetic benchmark)"},
        "rows": {"전체": {"indicator": "startups", "unit": "개"}},
    }
    if form == "long":
        mapping["unit_column"] = "UNIT_NM"
    else:
        mapping["rows"] = {"창업기업수": {"indicator": "startups", "unit": "개"}}
    return {
        "source_id": "kosis_142_DT_142N_G205",
        "domain": "startups",
        "form": "kosis_api" if form == "long" else "kosis_web",
        "producer": "synthetic benchmark input (bench/generate.py), shaped as 중소벤처기업부 창업기업동향",
        "title": f"synthetic DT_142N_G205 release {name}",
        "citation": {"kosis_org_id": "142", "kosis_table_id": "DT_142N_G205",
                     "obtained_from": "generated by bench/generate.py (not a real release)"},
        "unit": "개",
        "reference_period": f"{first[0]}-{first[1]:02d}..{last[0]}-{last[1]:02d}",
        "retrieved": release.isoformat(),
        "release_date": release.isoformat(),
        "code_system": "name",
        "series": "startups_trend",
        "expected_cells_per_period": len(INDUSTRIES) * len(REGIONS),
        "sha256": hashlib.sha256(data).hexdigest(),
        "mapping": mapping,
    }  # fmt: skip


def generate(root: Path, form: str, files: int, base: Path | None = None) -> list[Path]:
    """A copy of the shipped archive (`base`) plus `files` synthetic releases under `root`."""
    if base is not None:
        shutil.copytree(base, root, dirs_exist_ok=True)
    folder = root / "kosis" / f"bench_{form}"
    folder.mkdir(parents=True, exist_ok=True)
    cells = values()
    written = []
    for vintage in range(1, files + 1):
        release = FIRST_RELEASE + dt.timedelta(days=vintage)
        revised = _revised(cells, vintage)
        data = web_csv(revised) if form == "web" else long_csv(revised)
        path = folder / f"startups_{form}_{release:%Y%m%d}.csv"
        path.write_bytes(data)
        side = sidecar(form, path.name, data, release)
        path.with_name(path.name + ".yaml").write_text(
            yaml.safe_dump(side, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--form", choices=["web", "long"], default="web")
    parser.add_argument("--files", type=int, default=1)
    args = parser.parse_args()
    for path in generate(args.root, args.form, args.files):
        print(path)


if __name__ == "__main__":
    main()
