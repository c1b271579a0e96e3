"""Excel workbooks checked before anything parses them, so a hostile or mistaken file is refused
with one line that says what it is, and never reaches openpyxl, expat or memory.

An .xlsx is a zip of XML parts. What is refused, and why:
- not a zip at all: an Excel 97-2003 `.xls` or a password-protected workbook (both OLE
  containers), a CSV or other text renamed `.xlsx`, an empty file;
- a zip that is no Excel workbook: an OpenDocument spreadsheet, a binary `.xlsb`, an archive
  without `xl/workbook.xml`;
- macros (`vbaProject.bin`, `.xlsm`) and links to other workbooks (`xl/externalLinks/`): a
  report holds values, and a link's value is whatever the other file says when opened;
- member names that are absolute or climb out (`..`), more members than a report has;
- more than `MAX_UNCOMPRESSED_BYTES` once unpacked (a zip bomb: 1 MB that expands to 1 GB),
  read from the zip's directory; Python's zipfile never hands out more bytes than a member
  declares, so the bound also holds while openpyxl reads;
- XML parts that declare a DTD or entities (`<!DOCTYPE`, `<!ENTITY`): Excel never writes one,
  and entities are how XML bombs and external-entity reads work.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from sti.errors import InputError, InputProblem

# A department's yearly report is under 1 MB unpacked and a KOSIS download under 20 MB
# (the largest shipped: 0.3 MB); 50 MB leaves room and bounds what a read can hold.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# An Excel-written workbook has ~10 parts plus one per sheet, drawing and comment.
MAX_MEMBERS = 1_000
# Excel's own limit of the text in one cell (Excel specifications and limits).
MAX_CELL_CHARS = 32_767
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
WORKBOOK_PART = "xl/workbook.xml"
_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 20


def _refuse(file: str, rule: str) -> InputError:
    return InputError(InputProblem(file, rule))


def _kind_of_non_zip(head: bytes) -> str:
    if not head:
        return "the file is empty"
    if head.startswith(OLE_MAGIC):
        return (
            "not an .xlsx workbook: it is an Excel 97-2003 (.xls) file or a password-protected "
            "workbook; save it as 'Excel Workbook (.xlsx)' without a password"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or all(
        byte in b"\t\r\n" or 32 <= byte < 127 or byte >= 128 for byte in head
    ):
        return (
            "not an .xlsx workbook (an .xlsx file is a zip archive): it is text, such as a CSV "
            "renamed .xlsx; send it as .csv or save it as .xlsx in Excel"
        )
    return "not an .xlsx workbook (an .xlsx file is a zip archive, this file is not one)"


def _member_problem(name: str) -> str | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or re.match(r"^[A-Za-z]:", name) or ".." in path.parts:
        return (
            f"holds a part named {name!r}, a path outside the workbook: not an Excel-written file"
        )
    lowered = name.lower()
    if lowered.endswith("vbaproject.bin"):
        return "is macro-enabled (it holds VBA code): save it as .xlsx without macros"
    if lowered.startswith("xl/externallinks/"):
        return "links to other workbooks (external links): copy the values in and remove the links"
    return None


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _MARKERS):
                return True
            tail = window[-32:]
    return False


def check_workbook(path: Path, file: str) -> None:
    """Refuse `path` (shown as `file`) unless it is a plain, bounded .xlsx workbook."""
    if path.suffix.lower() in (".xlsm", ".xltm"):
        raise _refuse(file, "is macro-enabled (.xlsm): save it as .xlsx without macros")
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        raise _refuse(file, _kind_of_non_zip(head))
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive, file)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise _refuse(file, f"is a damaged zip archive, not a readable .xlsx ({error})") from None


def _check_members(archive: zipfile.ZipFile, file: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(file, f"holds {len(members)} parts, more than a workbook has ({MAX_MEMBERS})")
    names = {m.filename for m in members}
    for member in members:
        problem = _member_problem(member.filename)
        if problem:
            raise _refuse(file, problem)
    if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis"):
        raise _refuse(file, "is an OpenDocument spreadsheet (.ods): save it as .xlsx in Excel")
    if WORKBOOK_PART not in names:
        binary = "xl/workbook.bin" in names
        raise _refuse(
            file,
            "is a binary workbook (.xlsb): save it as .xlsx"
            if binary
            else f"is a zip archive but not an Excel workbook (no {WORKBOOK_PART})",
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(
            file,
            f"expands to {unpacked / 1024**2:,.0f} MB when unpacked, more than the "
            f"{MAX_UNCOMPRESSED_BYTES // 1024**2} MB a workbook may hold (a zip bomb, or not a "
            "report)",
        )
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels", ".vml")) and _declares_entities(
            archive, member
        ):
            raise _refuse(
                file,
                f"part {member.filename} declares a DTD or entities (<!DOCTYPE/<!ENTITY): Excel "
                "never writes them; save the workbook again in Excel",
            )
