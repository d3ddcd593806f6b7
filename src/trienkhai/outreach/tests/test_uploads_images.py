"""Photos as evidence (``core/uploads.py``): JPEG and PNG are checked by their structure, and
only where the caller allows images."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.uploads import JPEG, PDF, PNG, validate_document

from .conftest import JPEG_TINY, png_bytes


def f(data: bytes, name: str = "x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_sound_images_are_accepted_where_allowed():
    assert validate_document(f(png_bytes()), allowed=(PDF, PNG, JPEG)) == PNG
    assert validate_document(f(JPEG_TINY, "x.jpg"), allowed=(PDF, PNG, JPEG)) == JPEG


def test_an_image_is_not_a_pdf():
    with pytest.raises(ValidationError):
        validate_document(f(png_bytes()), allowed=(PDF,))


@pytest.mark.parametrize(
    "data",
    [
        png_bytes()[:-5] + b"XXXXX",  # the IEND chunk's CRC broken
        png_bytes()[:30],  # cut short
        b"\x89PNG\r\n\x1a\n" + b"\0" * 30,
        JPEG_TINY[:-2],  # no end of image
        b"\xff\xd8\xff\xe0" + b"\0" * 40 + b"\xff\xd9",  # no frame header
    ],
)
def test_damaged_or_forged_images_are_refused(data):
    with pytest.raises(ValidationError):
        validate_document(f(data), allowed=(PNG, JPEG))
