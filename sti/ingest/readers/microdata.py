"""Reader for establishment microdata (전국사업체조사 MDIS extracts): one row per establishment.

A national census year has about 6 million rows, so the file is never held in Python: polars
scans it in one streaming pass, grouped by the raw texts of year, 시도 code and KSIC code, and
only those groups (a few thousand a year) reach Python. Each group is checked, rolled up from its
KSIC class to its section (reference/industries.csv `divisions`: `10-34` is C) and to the
all-industry total, and becomes cells like any other reader's: one `사업체수` (establishments =
rows) and one `종사자수` (workers = sum) per year x region x section. A cell's `source_row` is the
first establishment row counted in it, so a problem found later (a region code not valid in
that year) still names a row of the file.

The sidecar names the file's columns (`mapping.columns`): `year`, `region_code` (a code of the
sidecar's `code_system`), `industry_code` (KSIC, 2 to 5 digits) and `workers`, either one column
or a list of columns an establishment's workers are the sum of (MDIS extracts give them by sex:
`[남자종사자수, 여자종사자수]`); other columns (시군구, size band, founding year, legal form, ...)
are kept in the file and not read. `national_region_code` adds the national total (the sum of
every region) under that code.

National R&D project microdata (NTIS 국가연구개발사업 과제 data, form `rnd_projects`: one row per
project and year) is read the same way, counted by year x region x performer type (연구수행주체,
as written) with the all-performer total `계`: `과제수` (projects = rows) and `정부연구비` (the
sum of the government funding column, in the file's unit; the sidecar's rule converts it).
Its columns are `year`, `region_code`, `performer` and `funding`.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sti.errors import InputError, InputProblem
from sti.ingest.readers.cell_table import cell, cell_frame
from sti.paths import RAW_DIR, relative_to_raw
from sti.reference.industries import ALL_INDUSTRIES, IndustryResolver

ITEM_LABEL = "항목"  # the label naming what a cell counts (the sidecar's key_columns)
ROWS_COLUMN = "(행 수)"  # the source_column of a count: it counts rows


@dataclass(frozen=True)
class MicrodataForm:
    """What a kind of microdata row is counted by: a category column and a summed measure."""

    category: str  # mapping.columns key of the category: a KSIC code, a performer type
    measure: str  # mapping.columns key of the summed column
    category_label: str  # the label of the category in the cells (a sidecar's *_column)
    count_item: str  # the item of a row count
    measure_item: str  # the item of the measure's sum
    category_noun: str  # the category in messages
    total: str  # the category of the all-category total
    ksic: bool  # the category is a KSIC code, rolled up to its section (industries.csv)

    @property
    def fields(self) -> tuple[str, ...]:
        return ("year", "region_code", self.category, self.measure)


CENSUS = MicrodataForm(
    "industry_code", "workers", "산업대분류", "사업체수", "종사자수", "code", ALL_INDUSTRIES, True
)
RND_PROJECTS = MicrodataForm(
    "performer", "funding", "연구수행주체", "과제수", "정부연구비", "performer type", "계", False
)
_CHUNK_BYTES = 16 * 1024 * 1024
_PROBLEMS_KEPT = 200  # enough to show (20) and count; a broken file can have millions
_ROW = "_row"
_EXTRA = "_cell_beyond_the_header"


@dataclass(frozen=True)
class _Columns:
    """The file's column for each field of the form (sidecar mapping.columns)."""

    year: str
    region_code: str
    category: str
    measure: tuple[str, ...]  # summed per row (workers by sex)

    @property
    def measure_name(self) -> str:
        """The measure's column as a cell names it ('남자종사자수+여자종사자수' for a sum)."""
        return "+".join(self.measure)


def read_microdata_csv(
    path: Path, root: Path = RAW_DIR, mapping: dict | None = None, form: MicrodataForm = CENSUS
) -> pl.DataFrame:
    """Cells (sti.ingest.readers.cell_table) of year x region x category counts of one file: KSIC
    sections of establishments (CENSUS) or performer types of R&D projects (RND_PROJECTS)."""
    file = relative_to_raw(path, root)
    mapping = mapping or {}
    with tempfile.TemporaryDirectory(prefix="sti_microdata_") as work:
        utf8, encoding, lines = _utf8_file(path, file, Path(work))
        header = _header(utf8, file)
        columns = _columns(mapping, header, file, form)
        groups = _groups(utf8, file, header, columns)
        rows = int(groups["rows"].sum())
        if rows == 0:
            raise InputError(InputProblem(file, "the file has a header but no data rows", row=1))
        if rows != lines - 1:  # a blank or multi-line record would shift every row number
            raise _irregular(utf8, file, len(header)) or InputError(
                InputProblem(file, f"{rows:,} records in {lines - 1:,} lines after the header")
            )
    sections = IndustryResolver(root / "reference").section_of_division() if form.ksic else None
    groups = _checked(groups, columns, form, file, sections)
    totals = _with_totals(groups, mapping.get("national_region_code"), form.total)
    return _cells(totals, file, columns, form, encoding)


class _Undecodable(Exception):
    def __init__(self, row: int, found: str):
        self.row, self.found = row, found


def _utf8_file(path: Path, file: str, work: Path) -> tuple[Path, str, int]:
    """(a UTF-8 file polars can scan, the encoding received, its line count). UTF-8 is read in
    place; CP949 (or UTF-8 with a byte order mark) is transcoded chunk by chunk. A file that is
    neither is named by the row where the encoding that read furthest fails: the file's own
    encoding, broken there (the other one fails at the first Hangul, in the header)."""
    failures = []
    for encoding in ("utf-8", "cp949"):
        try:
            lines, bom = _count_lines(path, file, encoding)
        except _Undecodable as undecodable:
            failures.append(undecodable)
            continue
        if encoding == "utf-8" and not bom:
            return path, "utf-8", lines
        target = work / "utf8.csv"
        with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
            decoder = codecs.getincrementaldecoder("utf-8-sig" if bom else encoding)()
            for chunk in iter(lambda: source.read(_CHUNK_BYTES), b""):
                out.write(decoder.decode(chunk))
            out.write(decoder.decode(b"", final=True))
        return target, encoding, lines
    furthest = max(failures, key=lambda failure: failure.row)
    raise InputError(
        InputProblem(
            file, "encoding is neither UTF-8 nor CP949", row=furthest.row, value=furthest.found
        )
    )


def _count_lines(path: Path, file: str, encoding: str) -> tuple[int, bool]:
    """Lines of the file (a last line without newline counts), decoding it all as `encoding`."""
    if path.stat().st_size == 0:
        raise InputError(InputProblem(file, "file is empty"))
    decoder = codecs.getincrementaldecoder(encoding)()
    lines, last, bom = 0, b"\n", False
    with path.open("rb") as source:
        for index, chunk in enumerate(iter(lambda: source.read(_CHUNK_BYTES), b"")):
            if index == 0:
                bom = chunk.startswith(codecs.BOM_UTF8)
                if not chunk.strip():
                    raise InputError(InputProblem(file, "file is empty"))
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad = chunk[exc.start : exc.start + 4].hex(" ")
                raise _Undecodable(lines + chunk[: exc.start].count(b"\n") + 1, bad) from exc
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:  # a character cut off at the end of the file
        raise _Undecodable(lines + 1, "") from exc
    return lines + (last != b"\n"), bom


def _header(path: Path, file: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        first = next(csv.reader(handle), None)
    if not first or not any(name.strip() for name in first):
        raise InputError(InputProblem(file, "file has no header", row=1))
    repeated = sorted({name for name in first if first.count(name) > 1})
    if repeated:
        raise InputError(
            InputProblem(file, "header repeats a column name", row=1, value=repeated[0])
        )
    return first


def _columns(mapping: dict, header: list[str], file: str, form: MicrodataForm) -> _Columns:
    declared = mapping.get("columns") or {}
    problems = []
    fields = form.fields
    names: dict[str, tuple[str, ...]] = {}
    for field in fields:
        given = declared.get(field)
        listed = tuple(given) if isinstance(given, list) and field == form.measure else (given,)
        if not all(listed):
            problems.append(
                InputProblem(
                    file,
                    f"the sidecar mapping declares no `columns.{field}` "
                    f"(the file's column for each of {', '.join(fields)})",
                )
            )
            continue
        for name in listed:
            if name not in header:
                problems.append(
                    InputProblem(
                        file,
                        f"column {name!r} (mapping columns.{field}) is not in the header {header}",
                        row=1,
                    )
                )
        names[field] = listed
    if problems:
        raise InputError(problems)
    year, region, category, measure = (names[field] for field in fields)
    return _Columns(year[0], region[0], category[0], measure)


def _groups(path: Path, file: str, header: list[str], columns: _Columns) -> pl.DataFrame:
    """One streaming pass: rows, the measure's sum and the first row per (year, region,
    category) text, the first row whose measure is not a whole number, and the first row that is not as wide
    as the header: read with one column more than the header, a longer row fills it; a shorter
    one leaves the last column null, as an empty last cell does, so only then is the file read
    again line by line to tell them apart."""
    parts = [
        pl.col(name).str.strip_chars().cast(pl.Int64, strict=False) for name in columns.measure
    ]
    number = pl.sum_horizontal(parts)  # one column, or workers by sex summed
    bad = pl.any_horizontal([part.is_null() | (part < 0) for part in parts])
    measure = pl.concat_str([pl.col(name) for name in columns.measure], separator="+")
    longer = pl.col(_EXTRA).is_not_null()
    maybe_shorter = pl.col(header[-1]).is_null()
    scan = pl.scan_csv(
        path,
        schema=dict.fromkeys([*header, _EXTRA], pl.String),
        has_header=False,
        skip_rows=1,
        row_index_name=_ROW,
        row_index_offset=2,  # the header is line 1
        truncate_ragged_lines=True,
        missing_columns="insert",
    )
    keys = [columns.year, columns.region_code, columns.category]
    query = scan.group_by(keys).agg(
        pl.len().alias("rows"),
        number.sum().alias("measure"),
        pl.col(_ROW).min().alias("first_row"),
        pl.col(_ROW).filter(bad).min().alias("bad_row"),
        bad.sum().alias("bad_count"),
        longer.any().alias("longer"),
        maybe_shorter.any().alias("maybe_shorter"),
    )
    try:
        groups = query.collect(engine="streaming")
    except pl.exceptions.PolarsError as exc:
        problem = _irregular(path, file, len(header))
        raise problem or InputError(InputProblem(file, f"not readable as CSV: {exc}")) from exc
    if groups["longer"].any() or groups["maybe_shorter"].any():
        problem = _irregular(path, file, len(header))
        if problem is not None or groups["longer"].any():
            raise problem or InputError(InputProblem(file, "a row has more cells than the header"))
    if groups["bad_count"].sum():  # the text of each group's first bad row (few: error path)
        found = scan.filter(pl.col(_ROW).is_in(groups["bad_row"].drop_nulls().implode()))
        texts = found.select(pl.col(_ROW).alias("bad_row"), measure.alias("bad_measure"))
        groups = groups.join(texts.collect(), on="bad_row", how="left")
    else:
        groups = groups.with_columns(pl.lit(None, pl.String).alias("bad_measure"))
    return groups.rename(
        {
            columns.year: "year",
            columns.region_code: "region_code",
            columns.category: "category_text",
        }
    ).with_columns(pl.col("year", "region_code", "category_text").fill_null(""))


def _irregular(path: Path, file: str, width: int) -> InputError | None:
    """The first record that is blank, spans lines or has another number of cells than the
    header, found by reading the file again line by line (only when something is amiss)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        for record in reader:
            if reader.line_num != start:
                rule = "a quoted cell spans lines (every line must be one establishment)"
            elif not any(cell.strip() for cell in record):
                rule = "blank line inside the data (every line must be one establishment)"
            elif len(record) != width:
                rule = f"row has {len(record)} cells, the header {width}"
            else:
                start = reader.line_num + 1
                continue
            return InputError(InputProblem(file, rule, row=start))
    return None


def _checked(
    groups: pl.DataFrame,
    columns: _Columns,
    form: MicrodataForm,
    file: str,
    sections: dict[str, str] | None,
) -> pl.DataFrame:
    """Each group's category (a KSIC code's section when `sections` are given, else the text as
    written); every broken rule of every group named by its first row."""
    year = pl.col("year").str.strip_chars()
    code = pl.col("category_text").str.strip_chars()
    if sections is not None:
        category = code.str.slice(0, 2).replace_strict(sections, default=None)
        code_ok = code.str.contains(r"^[0-9]{2,5}$")
    else:
        category = pl.when(code != "").then(code)
        code_ok = code != ""
    groups = groups.with_columns(
        year.alias("year"),
        pl.col("region_code").str.strip_chars().alias("region_code"),
        category.alias("category"),
        year.str.contains(r"^[0-9]{4}$").alias("year_ok"),
        code_ok.alias("code_ok"),
    )
    problems = []
    for group in groups.filter(
        ~pl.col("year_ok") | ~pl.col("code_ok") | pl.col("category").is_null()
        | (pl.col("region_code") == "") | (pl.col("bad_count") > 0)
    ).sort("first_row").head(_PROBLEMS_KEPT).iter_rows(named=True):  # fmt: skip
        problems.extend(_group_problems(group, columns, form, file))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    return groups.select("year", "region_code", "category", "rows", "measure", "first_row")


def _group_problems(
    group: dict, columns: _Columns, form: MicrodataForm, file: str
) -> list[InputProblem]:
    more = f" ({group['rows'] - 1:,} more rows with the same year, region and {form.category_noun})"
    tail = more if group["rows"] > 1 else ""
    out = []
    if not group["year_ok"]:
        out.append(InputProblem(file, "the year is not four digits" + tail,
                                group["first_row"], columns.year, group["year"]))  # fmt: skip
    if group["region_code"] == "":
        out.append(InputProblem(file, "the region code is blank" + tail,
                                group["first_row"], columns.region_code, ""))  # fmt: skip
    if not form.ksic and not group["code_ok"]:
        out.append(InputProblem(file, f"the {form.category_noun} is blank" + tail,
                                group["first_row"], columns.category, ""))  # fmt: skip
    elif not group["code_ok"]:
        out.append(InputProblem(file, "a KSIC code is 2 to 5 digits" + tail,
                                group["first_row"], columns.category,
                                group["category_text"]))  # fmt: skip
    elif group["category"] is None:
        out.append(InputProblem(
            file, f"KSIC division {group['category_text'][:2]} is in no section of "
            "reference/industries.csv" + tail,
            group["first_row"], columns.category, group["category_text"]))  # fmt: skip
    if group["bad_count"]:
        extra = (
            f" ({group['bad_count'] - 1:,} more in this group)" if group["bad_count"] > 1 else ""
        )
        out.append(InputProblem(file, f"{form.measure} must be a whole number of 0 or more" + extra,
                                group["bad_row"], columns.measure_name, group["bad_measure"]))  # fmt: skip
    return out


def _with_totals(groups: pl.DataFrame, national: str | None, total: str) -> pl.DataFrame:
    """Categories, their total (`total`) per region and, when declared, the national rows."""
    keys = ["year", "region_code", "category"]
    agg = [pl.col("rows").sum(), pl.col("measure").sum(), pl.col("first_row").min()]
    by_category = groups.group_by(keys).agg(agg)
    frames = [by_category, by_category.with_columns(pl.lit(total).alias("category"))]
    if national:
        frames += [
            frame.with_columns(pl.lit(str(national)).alias("region_code")) for frame in frames
        ]
    return pl.concat([f.group_by(keys).agg(agg) for f in frames]).sort(keys)


def _cells(
    totals: pl.DataFrame, file: str, columns: _Columns, form: MicrodataForm, encoding: str
) -> pl.DataFrame:
    """Two cells per total (a few thousand a file), in the order of `totals`."""
    records = []
    for total in totals.iter_rows(named=True):
        for item, column, value in (
            (form.count_item, ROWS_COLUMN, total["rows"]),
            (form.measure_item, columns.measure_name, total["measure"]),
        ):
            labels = {ITEM_LABEL: item, columns.region_code: total["region_code"],
                      form.category_label: total["category"]}  # fmt: skip
            records.append(
                cell(file, total["first_row"], column, labels, total["year"], str(value), encoding)
            )
    return cell_frame(records)
