"""Real-looking spreadsheets made by the tests: title rows, merged cells, old encodings."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

from trienkhai.imports import legacy

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số thẻ đảng viên",
    "Chi bộ",
    "Ngày vào Đảng",
]
ROWS = [
    [1, "NGUYỄN THỊ HOA", "15/03/1975", "Nữ", "01.000001", "HL-A1", "03/02/2000"],
    [2, "trần văn bình", "2/9/80", "Nam", "01.000002", "Chi bộ thôn 1", "19/05/2005"],
    [3, "Lê  Văn   Cường", 27395, "Nam", "", "HL-A1", ""],
]


def xlsx(rows: Sequence[Sequence[object]] = ROWS, header: Sequence[object] = HEADER) -> bytes:
    """A members list as offices make it: two title rows merged across, a blank row, the
    header, the rows, and a signature line under the table."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    width = len(header)
    sheet.append(["ĐẢNG BỘ XÃ AN PHÚ"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["DANH SÁCH ĐẢNG VIÊN NĂM 2026"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    sheet.append([])
    sheet.append(["", "", "", "", "Người lập biểu"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: letters with their shape (â, ơ, ư …) precomposed,
    tones as combining marks after them."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts[1:] if p in "\u0300\u0301\u0303\u0309\u0323")
        shaped = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(shaped + tones)
    return "".join(out).encode("cp1258")


def csv_bytes(
    rows: Sequence[Sequence[object]] = ROWS,
    header: Sequence[object] = HEADER,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    if encoding == "cp1258":
        return cp1258(out.getvalue())
    return out.getvalue().encode(encoding)


def in_legacy(encoding: str, rows: Sequence[Sequence[object]] = ROWS) -> bytes:
    """The same list typed with a TCVN3 (.VnTime) or VNI (VNI-Times) font."""
    convert = legacy.to_tcvn3 if encoding == legacy.TCVN3 else legacy.to_vni
    header = [convert(h) for h in HEADER]
    body = [[convert(v) if isinstance(v, str) else v for v in row] for row in rows]
    return xlsx(body, header)


def xls() -> bytes | None:
    """An .xls (BIFF8) file, when xlwt is installed; None otherwise."""
    try:
        import xlwt  # type: ignore[import-not-found]
    except ImportError:
        return None
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    sheet.write_merge(0, 0, 0, len(HEADER) - 1, "DANH SÁCH ĐẢNG VIÊN")
    for c, h in enumerate(HEADER):
        sheet.write(2, c, h)
    for r, row in enumerate(ROWS, start=3):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
