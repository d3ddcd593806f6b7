"""Checks for uploaded documents: the type is read from the content, not the file name, and
the size is limited (``TRIENKHAI_MAX_UPLOAD_MB``, 20 MB by default)."""

from __future__ import annotations

import hashlib
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

PDF = "pdf"
DOCX = "docx"


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_MB", 20)) * 1024 * 1024


def sniff(upload: File[Any]) -> str | None:
    """``"pdf"``, ``"docx"`` or None, from the file's first bytes and structure."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def validate_document(upload: File[Any], allowed: tuple[str, ...] = (PDF,)) -> str:
    """Raise a ValidationError in the user's language unless ``upload`` is an allowed type
    within the size limit; return the type."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    kind = sniff(upload)
    if kind not in allowed:
        names = ", ".join(a.upper() for a in allowed)
        raise ValidationError(
            _("This file is not a %(types)s document (its content says otherwise).")
            % {"types": names}
        )
    return kind


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
