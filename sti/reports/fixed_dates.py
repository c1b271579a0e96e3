"""Office and PDF files that are the same bytes whenever they are written from the same input.

The writers stamp the time of writing where the package already fixes a date of its own:
openpyxl sets the workbook's `modified` to now on save, `zipfile` dates every member of an
.xlsx or .docx with the clock, and chromium dates a PDF's /CreationDate and /ModDate. A package
built again from the same release and as-of date must be byte-identical (manifest checksums,
archives of what the committee read), so each file is re-dated to the package's own date.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

# "/CreationDate (D:20261207010019+00'00')": the form chromium (Skia) writes.
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([+-]\d{2}'\d{2}'|Z)\)")
# zipfile cannot date a member before 1980 (the DOS date format).
_ZIP_EPOCH = dt.datetime(1980, 1, 1)


def date_zip_members(path: Path, when: dt.datetime) -> Path:
    """Rewrite the zip at `path` with every member dated `when`, in the same order, with the
    same names, bytes and compression."""
    stamp = max(when.replace(tzinfo=None), _ZIP_EPOCH).timetuple()[:6]
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w") as target:
            for member in source.infolist():
                dated = zipfile.ZipInfo(member.filename, date_time=stamp)
                dated.compress_type = member.compress_type
                dated.external_attr = member.external_attr
                target.writestr(dated, source.read(member))
        shutil.move(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def pdf_date(when: dt.datetime) -> bytes:
    """`when` as a PDF date in UTC, the length chromium's own dates have."""
    utc = when.astimezone(dt.UTC) if when.tzinfo else when
    return f"D:{utc:%Y%m%d%H%M%S}+00'00'".encode()


def date_pdf(path: Path, when: dt.datetime) -> Path:
    """Set the PDF's /CreationDate and /ModDate to `when`. Only dates of the same length are
    replaced, so every byte offset of the file (its cross-reference table) stays valid."""
    data = path.read_bytes()
    fixed = pdf_date(when)

    def replace(match: re.Match[bytes]) -> bytes:
        new = b"/" + match.group(1) + b" (" + fixed + b")"
        return new if len(new) == len(match.group(0)) else match.group(0)

    path.write_bytes(_PDF_DATE.sub(replace, data))
    return path
