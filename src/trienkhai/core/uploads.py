"""Checks for uploaded documents: the type is read by parsing the content, never from the name
or the first bytes (``%PDF-1.4`` followed by text is not a PDF), and every limit is enforced
before the work it bounds.

- size: ``MAX_UPLOAD_MB`` (20 MB by default) a file, checked before anything is read;
- PDF (pypdf): the file must parse, have between 1 and ``MAX_UPLOAD_PAGES`` pages and not be
  locked by a password (a file nobody can open is no evidence);
- Office files (DOCX, XLSX, ODT): ZIP archives whose central directory is inspected *before*
  anything is decompressed — at most ``MAX_ZIP_ENTRIES`` entries, at most
  ``MAX_UNCOMPRESSED_MB`` once uncompressed, no entry compressed more than
  ``MAX_ZIP_RATIO`` times (a zip bomb), nothing encrypted — then opened with the library that
  reads them (python-docx, openpyxl, lxml without entities or network);
- images (JPEG, PNG; only where a caller allows them): the structure is walked — a PNG's
  chunks with their CRCs from IHDR to IEND, a JPEG's markers from SOI to a frame header —
  and the dimensions bounded by ``MAX_IMAGE_SIDE``; nothing is decoded;
- names: ``display_name`` keeps what the user called the file (Vietnamese letters included)
  without path parts, control characters or bidirectional overrides, bounded in length and
  ending with the real type's extension; the file is stored under ``stored_name``, a random
  name, never the user's.

The parsing helpers (``open_pdf``, ``open_office_zip``) are public: the copy checks extract
the text of reports through them, after ``validate_document`` said the file is sound.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

PDF = "pdf"
DOCX = "docx"
XLSX = "xlsx"
ODT = "odt"
JPEG = "jpg"
PNG = "png"

#: The MIME type each kind is served with.
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
    JPEG: "image/jpeg",
    PNG: "image/png",
}

#: The longest name kept for a file (the models' ``original_name`` holds 255).
MAX_NAME_CHARS = 120

# pypdf logs a warning for every oddity of a real-world PDF it repairs; they are not ours.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_upload_bytes() -> int:
    return _setting("MAX_UPLOAD_MB", 20) * 1024 * 1024


def max_pages() -> int:
    return _setting("MAX_UPLOAD_PAGES", 500)


class Refused(ValidationError):
    """A file the checks refuse; its message is in the user's language."""


def _size_mb(size: int) -> str:
    return str(round(size / 1024 / 1024, 1))


# --- PDF ----------------------------------------------------------------------------------


@contextmanager
def open_pdf(upload: File[Any] | IO[bytes]) -> Iterator[Any]:
    """A ``pypdf.PdfReader`` on ``upload`` (from its start); raises ``Refused`` when it is not
    a readable PDF. The file is rewound afterwards."""
    from pypdf import PdfReader

    upload.seek(0)
    try:
        try:
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                try:  # an owner password only (no password to open it) is readable
                    opened = bool(reader.decrypt(""))
                except Exception:  # AES without the cryptography package: cannot open either
                    opened = False
                if not opened:
                    raise Refused(_("This PDF is protected by a password; upload it unlocked."))
            yield reader
        except Refused:
            raise
        except Exception as exc:  # pypdf raises many kinds on a damaged file: all say "not a PDF"
            raise Refused(_("This PDF is damaged or is not a PDF; it cannot be read.")) from exc
    finally:
        upload.seek(0)


def _check_pdf(upload: File[Any]) -> None:
    with open_pdf(upload) as reader:
        try:
            pages = len(reader.pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018 - reading each page's box parses the page tree
        except Refused:
            raise
        except Exception as exc:
            raise Refused(_("This PDF is damaged or is not a PDF; it cannot be read.")) from exc
    if pages == 0:
        raise Refused(_("This PDF has no pages."))
    if pages > max_pages():
        raise Refused(
            _("This PDF has %(pages)s pages; the limit is %(limit)s.")
            % {"pages": pages, "limit": max_pages()}
        )


# --- Office files (ZIP) ---------------------------------------------------------------------


def _zip_limits() -> tuple[int, int, int]:
    return (
        _setting("MAX_ZIP_ENTRIES", 2000),
        _setting("MAX_UNCOMPRESSED_MB", 100) * 1024 * 1024,
        _setting("MAX_ZIP_RATIO", 100),
    )


#: Entries smaller than this are not held to the ratio (a page of blank XML compresses well).
_RATIO_FLOOR = 1024 * 1024


def _inspect_zip(archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the central directory alone: nothing is decompressed here.
    ``zipfile`` then never inflates an entry past the size its directory declares."""
    max_entries, max_total, max_ratio = _zip_limits()
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise Refused(
            _("This document holds %(n)s parts; the limit is %(limit)s.")
            % {"n": len(entries), "limit": max_entries}
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise Refused(_("This document is protected by a password; upload it unlocked."))
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > max_ratio:
            raise Refused(_("This document is compressed abnormally (a zip bomb?); it is refused."))
    if total > max_total:
        raise Refused(
            _("This document is %(size)s MB once uncompressed; the limit is %(limit)s MB.")
            % {"size": _size_mb(total), "limit": max_total // 1024 // 1024}
        )


@contextmanager
def open_office_zip(upload: File[Any] | IO[bytes]) -> Iterator[zipfile.ZipFile]:
    """The ZIP archive of an Office document, once its directory passed the zip-bomb limits;
    raises ``Refused`` otherwise. The file is rewound afterwards."""
    upload.seek(0)
    try:
        try:
            archive = zipfile.ZipFile(upload)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Refused(_("This document is damaged; it cannot be read.")) from exc
        with archive:
            _inspect_zip(archive)
            yield archive
    finally:
        upload.seek(0)


def _office_kind(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    odt = b"application/vnd.oasis.opendocument.text"
    if {"mimetype", "content.xml"} <= names and archive.read("mimetype").strip() == odt:
        return ODT
    return None


def _parse_office(upload: File[Any], kind: str) -> None:
    """Open the document with the library that reads it; any failure means a damaged file."""
    upload.seek(0)
    data = io.BytesIO(upload.read())
    upload.seek(0)
    try:
        if kind == DOCX:
            import docx

            docx.Document(data)
        elif kind == XLSX:
            import openpyxl

            workbook = openpyxl.load_workbook(data, read_only=True)
            workbook.close()
        else:
            from lxml import etree

            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            with zipfile.ZipFile(data) as archive:
                etree.fromstring(archive.read("content.xml"), parser)
    except Exception as exc:  # each library raises its own kinds on a damaged file
        raise Refused(_("This document is damaged; it cannot be read.")) from exc


# --- Images (photos of a meeting, a banner, a leaflet) ---------------------------------------

#: The largest side of an image accepted (pixels): a phone's photo is ~4,000 a side.
MAX_IMAGE_SIDE = 20_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check_png(upload: File[Any]) -> None:
    """A PNG whose chunks all check (length, CRC), starting with a sane IHDR and ending with
    IEND; nothing is decompressed."""
    damaged = Refused(_("This image is damaged; it cannot be read."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    pos, first, ended = len(_PNG_SIGNATURE), True, False
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise damaged
        body = data[pos + 8 : pos + 8 + length]
        if zlib.crc32(kind + body) != int.from_bytes(data[end - 4 : end], "big"):
            raise damaged
        if first:
            if kind != b"IHDR" or length != 13:
                raise damaged
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
                raise damaged
            first = False
        if kind == b"IEND":
            ended = True
            break
        pos = end
    if first or not ended:
        raise damaged


def _check_jpeg(upload: File[Any]) -> None:
    """A JPEG whose markers walk from SOI to a frame header with sane dimensions and whose
    data ends with EOI (a phone may append a few bytes after it)."""
    damaged = Refused(_("This image is damaged; it cannot be read."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\xff\xd9" not in data[-64:]:
        raise damaged
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise damaged
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            raise damaged
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if length < 8:
                raise damaged
            height = int.from_bytes(data[pos + 5 : pos + 7], "big")
            width = int.from_bytes(data[pos + 7 : pos + 9], "big")
            if not (0 < width <= MAX_IMAGE_SIDE and 0 < height <= MAX_IMAGE_SIDE):
                raise damaged
            return
        if marker == 0xDA:  # scan data before any frame header
            raise damaged
        pos += 2 + length
    raise damaged


# --- The check ------------------------------------------------------------------------------


def sniff(upload: File[Any]) -> str | None:
    """The kind the content claims to be (``"pdf"``, ``"docx"``, ``"xlsx"``, ``"odt"``) or
    None — a claim only: ``validate_document`` parses the file."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                return _office_kind(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        finally:
            upload.seek(0)
    return None


def _not_allowed(allowed: tuple[str, ...]) -> Refused:
    names = ", ".join(a.upper() for a in allowed)
    return Refused(
        _("This file is not a %(types)s document (its content says otherwise).") % {"types": names}
    )


def validate_document(upload: File[Any], allowed: tuple[str, ...] = (PDF,)) -> str:
    """Raise a ValidationError in the user's language unless ``upload`` is a sound document of
    an allowed type within the limits; return the type."""
    limit = max_upload_bytes()
    size = upload.size or 0
    if size > limit:
        raise Refused(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": _size_mb(size), "limit": limit // 1024 // 1024}
        )
    if size == 0:
        raise Refused(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if PDF not in allowed:
            raise _not_allowed(allowed)
        _check_pdf(upload)
        return PDF
    if head.startswith(_PNG_SIGNATURE) or head.startswith(b"\xff\xd8\xff"):
        image = PNG if head.startswith(_PNG_SIGNATURE) else JPEG
        if image not in allowed:
            raise _not_allowed(allowed)
        (_check_png if image == PNG else _check_jpeg)(upload)
        return image
    if not head.startswith(b"PK\x03\x04"):
        raise _not_allowed(allowed)
    with open_office_zip(upload) as archive:
        kind = _office_kind(archive)
    if kind is None or kind not in allowed:
        raise _not_allowed(allowed)
    _parse_office(upload, kind)
    return kind


# --- Names ----------------------------------------------------------------------------------


def display_name(name: str | None, kind: str) -> str:
    """The name shown for a file: the user's, made harmless. Path parts, control and format
    characters (the right-to-left override that turns ``cod.exe`` round) are dropped, the
    Vietnamese letters kept (NFC), the length bounded, and the name ends with the extension of
    what the file really is."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") or ch.isspace()
    )
    text = " ".join(text.split()).strip(" .")
    stem, ext = os.path.splitext(text)
    if ext.lower() != f".{kind}":
        stem = text
    stem = stem.strip(" .")[: MAX_NAME_CHARS - len(kind) - 1].strip(" .")
    return f"{stem or _('document')}.{kind}"


def stored_name(kind: str) -> str:
    """The name a file is stored under (the field's ``upload_to`` adds its folder): random, so
    nothing the user typed reaches the file system."""
    return f"{uuid.uuid4().hex}.{kind}"


def sha256_of(upload: File[Any]) -> str:
    """The SHA-256 of a file's content (hex), read in chunks; the file is left at its start.
    Evidence files store it, so that the same file given twice is found by one index look-up
    (``evidence_reused``)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
