"""One reader for every spreadsheet people send: .xlsx, .xls, .ods (python-calamine) and .csv.

``read(data, name)`` gives the first sheet as a :class:`Sheet`: rows of cell values (text,
numbers, dates; merged cells are their top-left value, the rest empty) and the encoding the
text was found in. A CSV's encoding is found from its bytes: UTF-8 (with or without the BOM
Excel writes), else Windows-1258, the Vietnamese code page of old Windows offices. Legacy font
encodings (TCVN3, VNI) hide inside either and are detected on the text (:mod:`.legacy`).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import legacy

#: What the reader accepts, by the file's own magic (never by its name alone).
KINDS = ("xlsx", "xls", "ods", "csv")
CP1258 = "cp1258"
DETECT_ROWS = 3000
UTF8 = "utf-8"


class Unreadable(Exception):
    """The file is no spreadsheet this reader knows; the message is for the user."""


@dataclass
class Sheet:
    rows: list[list[object]]
    file_kind: str
    encoding: str = ""  # utf-8 / cp1258 for a CSV; "" for a workbook
    legacy: str = ""  # tcvn3 / vni when the text was typed in one of them
    notes: list[str] = field(default_factory=list)


def sniff(data: bytes, name: str = "") -> str | None:
    """The file's kind from its bytes: a ZIP holding ``xl/`` or ``content.xml``, an OLE2
    compound file, or text that decodes as CSV."""
    if data[:4] == b"PK\x03\x04":
        head = data[:4096] + data[-65536:]
        if b"xl/" in head:
            return "xlsx"
        if b"content.xml" in head or b"opendocument.spreadsheet" in head:
            return "ods"
        return None
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    head = data[:4096]
    if head.startswith(b"%PDF") or any(b < 9 or (13 < b < 32 and b != 27) for b in head):
        return None  # binary: a PDF, an image, an archive
    return "csv"


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with its BOM, UTF-8, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode(UTF8), UTF8
    try:
        return data.decode(UTF8), UTF8
    except UnicodeDecodeError:
        pass
    return data.decode(CP1258, errors="replace"), CP1258


def _csv_rows(text: str) -> list[list[object]]:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _workbook_rows(data: bytes) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            return []
        sheet = book.get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises its own errors for broken or locked files
        raise Unreadable(_("The spreadsheet cannot be read (%(error)s).") % {"error": exc}) from exc


def read(data: bytes, name: str = "") -> Sheet:
    kind = sniff(data, name)
    if kind is None:
        raise Unreadable(_("This is not a spreadsheet: upload an .xlsx, .xls, .ods or .csv file."))
    if kind == "csv":
        text, encoding = decode_csv(data)
        rows = _csv_rows(text)
    else:
        encoding = ""
        rows = _workbook_rows(data)
    rows = [[v if type(v) is str else _cell(v) for v in row] for row in rows]
    # The encoding is judged on the first rows (a legacy column is legacy throughout).
    found, columns = legacy.detect_columns(rows[:DETECT_ROWS])
    if columns:
        rows = [
            [
                legacy.convert(v, columns[j]) if j in columns and type(v) is str else v
                for j, v in enumerate(row)
            ]
            for row in rows
        ]
    return Sheet(rows=rows, file_kind=kind, encoding=encoding, legacy=found)


def _cell(value: object) -> object:
    """Empty cells as ``""``; whole floats as ints (Excel stores 1975 as 1975.0); dates kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value
