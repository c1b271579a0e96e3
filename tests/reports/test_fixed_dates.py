"""Files re-dated to the package's own date are the same bytes whenever they were written."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from sti.reports.fixed_dates import date_pdf, date_zip_members, pdf_date

AS_OF = dt.datetime(2025, 12, 31)
CHROMIUM_INFO = b"<</Creator (Chromium)\n/CreationDate (D:%s+00'00')\n/ModDate (D:%s+00'00')>>\n"


def _zip(path: Path, stamp: tuple[int, int, int, int, int, int]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in (("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<w/>")):
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, data)
    return path


def test_zips_written_at_different_times_become_the_same_bytes(tmp_path: Path) -> None:
    first = _zip(tmp_path / "a.xlsx", (2026, 12, 7, 1, 0, 18))
    second = _zip(tmp_path / "b.xlsx", (2026, 12, 7, 1, 1, 14))
    assert first.read_bytes() != second.read_bytes()
    date_zip_members(first, AS_OF)
    date_zip_members(second, AS_OF)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        members = archive.infolist()
        assert [m.filename for m in members] == ["[Content_Types].xml", "xl/workbook.xml"]
        assert {m.date_time for m in members} == {(2025, 12, 31, 0, 0, 0)}
        assert {m.compress_type for m in members} == {zipfile.ZIP_DEFLATED}
        assert archive.read("xl/workbook.xml") == b"<w/>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp left


def test_a_pdf_s_dates_become_the_package_date_and_keep_their_length(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    original = b"%PDF-1.4\n" + CHROMIUM_INFO % (b"20261207010019", b"20261207010019") + b"%%EOF"
    pdf.write_bytes(original)
    date_pdf(pdf, AS_OF)
    dated = pdf.read_bytes()
    assert len(dated) == len(original)
    assert dated.count(b"(D:20251231000000+00'00')") == 2
    assert pdf_date(dt.datetime(2025, 12, 31, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))) == (
        b"D:20251231000000+00'00'"
    )


def test_a_pdf_date_of_another_length_is_left_alone(tmp_path: Path) -> None:
    """Replacing it would move every object after it and break the cross-reference table."""
    pdf = tmp_path / "report.pdf"
    original = b"%PDF-1.4\n<</CreationDate (D:20261207010019Z)>>\n%%EOF"
    pdf.write_bytes(original)
    assert date_pdf(pdf, AS_OF).read_bytes() == original
