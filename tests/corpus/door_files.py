"""The hostile and mistaken files of tests/corpus/door_cases.yaml, made from a valid report.

`python -m tests.corpus.door_files` writes the small ones into tests/corpus/door/ (committed, so
each case is a file one can open); the large ones (a zip bomb, a million-row sheet, a 10 MB cell)
are made by the test into a temporary folder with the same functions, as committing them would
add megabytes that say nothing more.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.files import CORPUS

DOOR = CORPUS / "door"
HEADERS = ["부서", "성과지표ID", "연도", "실적값", "단위", "근거자료", "보고자", "보고일", "상태"]
ROW = ["국방산업추진단", "defence_production_2027", 2025, 650000, "백만원", "실태조사", "홍길동",
       "2026-02-20", "확정"]  # fmt: skip
CSV_HEADER = ",".join(HEADERS) + "\n"
CSV_ROW = ",".join(str(v) for v in ROW) + "\n"
SHEET = "성과지표 실적"
BOMB_BYTES = 200 * 1024 * 1024  # unpacked; about 200 KB packed


def workbook(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in rows or [ROW]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(
    data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes]
) -> bytes:
    """The workbook's members with `change(name, bytes)` applied (None drops one), plus `extra`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            changed = change(member.filename, source.read(member))
            if changed is not None:
                target.writestr(member.filename, changed, zipfile.ZIP_DEFLATED)
        for name, body in extra.items():
            target.writestr(name, body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet_xml(transform: Callable[[bytes], bytes]) -> bytes:
    def change(name: str, body: bytes) -> bytes:
        return transform(body) if name == "xl/worksheets/sheet1.xml" else body

    return rezip(workbook(), change, {})


def _prolog(declaration: bytes) -> bytes:
    """The sheet with a DTD before its root element (openpyxl writes no XML declaration)."""
    return _sheet_xml(lambda body: declaration + body)


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


UTF16_PROLOG = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'


def formula(cell_value: str, column: int) -> bytes:
    row = list(ROW)
    row[column] = cell_value
    return workbook([row])


def padded(unpacked: int) -> bytes:
    """The workbook with a part of zeros making it `unpacked` bytes unpacked in all."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as source, zipfile.ZipFile(out, "w") as target:
        members = source.infolist()
        for member in members:
            target.writestr(member.filename, source.read(member), zipfile.ZIP_DEFLATED)
        left = unpacked - sum(m.file_size for m in members)
        padding = zipfile.ZipInfo("xl/media/padding.bin")
        padding.compress_type = zipfile.ZIP_DEFLATED
        with target.open(padding, "w", force_zip64=True) as pad:
            while left > 0:
                pad.write(bytes(min(left, 1 << 20)))
                left -= 1 << 20
    return out.getvalue()


def zip_bomb() -> bytes:
    return padded(BOMB_BYTES)


def rows(total: int) -> bytes:
    """A sheet of `total` rows: the header, the report's row and one-cell rows after them."""
    extra = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(3, total + 1)
    )
    return _sheet_xml(lambda body: body.replace(b"</sheetData>", extra + b"</sheetData>"))


def million_rows() -> bytes:
    return rows(1_000_000)


def long_cell(chars: int) -> bytes:
    """A cell of `chars` characters in column J of the report's row (written into the XML:
    openpyxl itself cuts a cell to 32,767 characters on writing)."""
    cell = b'<c r="J2" t="inlineStr"><is><t>' + b"x" * chars + b"</t></is></c>"
    return _sheet_xml(
        lambda body: body.replace(b"</c></row></sheetData>", b"</c>" + cell + b"</row></sheetData>")
    )


def huge_cell() -> bytes:
    return long_cell(10 * 1024 * 1024)  # 10 MB in one cell


def parts(total: int) -> bytes:
    """The workbook with small media parts added up to `total` parts."""
    with zipfile.ZipFile(io.BytesIO(workbook())) as source:
        have = len(source.infolist())
    extra = {f"xl/media/image{i}.png": b"x" for i in range(total - have)}
    return rezip(workbook(), lambda _n, body: body, extra)


def many_members() -> bytes:
    return parts(1_209)


SMALL: dict[str, Callable[[], bytes]] = {
    "xls_renamed.xlsx": lambda: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
    "csv_renamed.xlsx": lambda: (CSV_HEADER + CSV_ROW).encode("utf-8"),
    "empty.xlsx": lambda: b"",
    "truncated.xlsx": lambda: workbook()[:2000],
    "not_a_workbook.xlsx": lambda: rezip(
        workbook(), lambda name, body: None if name == "xl/workbook.xml" else body, {}
    ),
    "opendocument.xlsx": lambda: rezip(
        workbook(),
        lambda _n, body: body,
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"},
    ),
    "binary_workbook.xlsx": lambda: rezip(
        workbook(),
        lambda name, body: None if name == "xl/workbook.xml" else body,
        {"xl/workbook.bin": b"\x00" * 16},
    ),
    "macro.xlsx": lambda: rezip(
        workbook(), lambda _n, body: body, {"xl/vbaProject.bin": b"\x00" * 64}
    ),
    "macro_named.xlsm": workbook,
    "external_link.xlsx": lambda: rezip(
        workbook(),
        lambda _n, body: body,
        {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"},
    ),
    "climbing_member.xlsx": lambda: rezip(
        workbook(), lambda _n, body: body, {"../../evil.sh": b"#!"}
    ),
    "absolute_member.xlsx": lambda: rezip(
        workbook(), lambda _n, body: body, {"/etc/cron.d/x": b"*"}
    ),
    "entity.xlsx": lambda: _prolog('<!DOCTYPE x [<!ENTITY who "홍길동">]>'.encode()),
    "external_entity.xlsx": lambda: _prolog(
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    ),
    "billion_laughs.xlsx": lambda: _prolog(LAUGHS),
    "external_dtd.xlsx": lambda: _prolog(
        b'<!DOCTYPE worksheet SYSTEM "http://example.invalid/x.dtd">'
    ),
    "utf16_entity.xlsx": lambda: _sheet_xml(
        lambda body: (UTF16_PROLOG + body.decode("utf-8")).encode("utf-16")
    ),
    "broken_xml.xlsx": lambda: _sheet_xml(lambda body: body.replace(b"</sheetData>", b"<row>")),
    "many_members.xlsx": many_members,
    "formula_value.xlsx": lambda: formula("=1+1", 3),
    "formula_evidence.xlsx": lambda: formula('=HYPERLINK("http://example.invalid","근거")', 5),
    "formula_dde.xlsx": lambda: formula("=cmd|' /C calc'!A0", 6),
    "formula.csv": lambda: (
        CSV_HEADER + CSV_ROW.replace("실태조사", '"=HYPERLINK(""x"")"')
    ).encode(),
    "utf16.csv": lambda: (CSV_HEADER + CSV_ROW).encode("utf-16"),
    "nul_bytes.csv": lambda: (CSV_HEADER + CSV_ROW.replace("홍길동", "홍\x00길동")).encode(),
    "cp949.csv": lambda: (CSV_HEADER + CSV_ROW).encode("cp949"),
    "report.xls": lambda: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
    "report.txt": lambda: (CSV_HEADER + CSV_ROW).encode(),
}
LARGE: dict[str, Callable[[], bytes]] = {
    "zip_bomb.xlsx": zip_bomb,
    "million_rows.xlsx": million_rows,
    "huge_cell.xlsx": huge_cell,
}


def make(name: str, folder: Path) -> Path:
    """The case file `name`: the committed one, or a large one made into `folder`."""
    if name in SMALL:
        return DOOR / name
    path = folder / name
    path.write_bytes(LARGE[name]())
    return path


if __name__ == "__main__":
    DOOR.mkdir(exist_ok=True)
    for file_name, maker in SMALL.items():
        (DOOR / file_name).write_bytes(maker())
        print("wrote", DOOR / file_name)
