"""Uploads are checked by what they are, not what they start with (issue 14): a real parse of
PDF, DOCX, XLSX and ODT; pages, size and zip-bomb limits enforced before the work; names made
harmless; request bodies bounded, each refusal a message in the user's language."""

from __future__ import annotations

import io
import random
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter

from trienkhai.core import uploads
from trienkhai.core.uploads import DOCX, ODT, PDF, XLSX, display_name, stored_name
from trienkhai.tooling.testing import docx_bytes, make_user, pdf_bytes

ALL = (PDF, DOCX, XLSX, ODT)
ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def check(content: bytes, allowed=ALL, name="tai-lieu") -> str:
    return uploads.validate_document(SimpleUploadedFile(name, content), allowed=allowed)


def refusal(content: bytes, allowed=ALL) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        check(content, allowed)
    [message] = info.value.messages
    return message


def written_pdf(pages: int = 1, user_password: str | None = None, owner: str = "") -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if user_password is not None:
        writer.encrypt(user_password, owner or None, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(entries: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chỉ tiêu", 95])  # type: ignore[union-attr]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes(content: str = "<office:document-content/>") -> bytes:
    return zipped(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f'<?xml version="1.0"?>{content}'.replace(
                "<office:document-content",
                f'<office:document-content xmlns:office="{ODF_OFFICE}"',
            ),
        },
        method=zipfile.ZIP_STORED,
    )


# --- what passes ------------------------------------------------------------------------------


def test_real_documents_of_each_kind_pass_and_say_what_they_are():
    assert check(pdf_bytes()) == PDF
    assert check(written_pdf(pages=3)) == PDF
    assert check(docx_bytes()) == DOCX
    assert check(xlsx_bytes()) == XLSX
    assert check(odt_bytes()) == ODT


def test_a_pdf_locked_only_for_editing_opens_and_passes():
    assert check(written_pdf(user_password="", owner="chu-so-huu")) == PDF


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\ntext",  # the example: passed on its first bytes
        b"%PDF-1.4\n" + b"Nghi quyet 18 ban text\n" * 50,
        pdf_bytes()[:200],  # cut short
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",  # no pages
    ],
)
def test_what_only_starts_like_a_pdf_is_refused(content):
    assert refusal(content) in (
        "This PDF is damaged or is not a PDF; it cannot be read.",
        "This PDF has no pages.",
    )


def test_a_pdf_with_no_pages_is_refused():
    assert refusal(written_pdf(pages=0)) == "This PDF has no pages."


def test_a_password_protected_pdf_is_refused():
    assert refusal(written_pdf(user_password="mat-khau")) == (
        "This PDF is protected by a password; upload it unlocked."
    )


def test_a_pdf_over_the_page_limit_is_refused(settings):
    settings.MAX_UPLOAD_PAGES = 2
    assert check(written_pdf(pages=2)) == PDF
    assert refusal(written_pdf(pages=3)) == "This PDF has 3 pages; the limit is 2."


def test_a_pdf_is_not_accepted_where_only_word_is():
    assert refusal(pdf_bytes(), allowed=(DOCX,)) == (
        "This file is not a DOCX document (its content says otherwise)."
    )


# --- Office files ------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_inflated(monkeypatch):
    bomb = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": b"0" * (50 * 2**20)})
    assert len(bomb) < 100 * 1024  # 50 MB of zeros in under 100 KB
    inflated = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, name, *a, **k: inflated.append(name) or real_open(self, name, *a, **k),
    )
    assert refusal(bomb) == "This document is compressed abnormally (a zip bomb?); it is refused."
    assert inflated == []


def test_a_document_too_large_once_uncompressed_is_refused(settings):
    settings.MAX_UNCOMPRESSED_MB = 1
    random_ish = random.Random(14).randbytes(1280 * 1024)  # 1.25 MB that does not compress
    big = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": random_ish})
    assert refusal(big) == "This document is 1.3 MB once uncompressed; the limit is 1 MB."


def test_a_document_of_too_many_parts_is_refused(settings):
    settings.MAX_ZIP_ENTRIES = 10
    parts = {f"word/media/image{i}.xml": "<x/>" for i in range(20)}
    many = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", **parts})
    assert refusal(many) == "This document holds 22 parts; the limit is 10."


@pytest.mark.parametrize(
    "content",
    [
        # the parts' names without a Word document inside
        zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
        zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "not xml"}),
        odt_bytes("<office:document-content><unclosed>"),
        docx_bytes()[:300],  # cut short
    ],
)
def test_an_office_file_that_does_not_open_is_refused(content):
    assert refusal(content) in (
        "This document is damaged; it cannot be read.",
        "This file is not a PDF, DOCX, XLSX, ODT document (its content says otherwise).",
    )


def test_an_odt_with_an_entity_expansion_is_not_expanded():
    billion_laughs = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<office:document-content>&b;</office:document-content>"
    )
    # lxml is told not to resolve entities: the file is read as it stands, nothing expanded
    assert check(odt_bytes(billion_laughs)) == ODT


def test_a_zip_of_other_files_is_not_an_office_document():
    assert refusal(zipped({"readme.txt": "không phải Word"})) == (
        "This file is not a PDF, DOCX, XLSX, ODT document (its content says otherwise)."
    )


def test_the_refusals_are_in_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        check(b"%PDF-1.4\ntext")
    assert info.value.messages == ["Tệp PDF này bị hỏng hoặc không phải PDF, không đọc được."]


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, kind, shown",
    [
        ("Nghị quyết 18.pdf", PDF, "Nghị quyết 18.pdf"),
        ("Nghi\u0323 quyê\u0301t.PDF", PDF, "Nghị quyết.pdf"),  # decomposed → NFC
        ("../../etc/passwd", DOCX, "passwd.docx"),
        ("C:\\Users\\an\\Báo cáo.docx", DOCX, "Báo cáo.docx"),
        ("bao-cao\u202excod.exe", PDF, "bao-caoxcod.exe.pdf"),  # the right-to-left override
        ("ten\x00\x07\ttep\n.pdf", PDF, "ten tep.pdf"),
        ("bao-cao.docx", PDF, "bao-cao.docx.pdf"),  # ends with what the file really is
        ("  ...  ", PDF, "document.pdf"),
        ("", DOCX, "document.docx"),
    ],
)
def test_the_name_shown_is_the_users_made_harmless(given, kind, shown):
    with translation.override("en"):
        assert display_name(given, kind) == shown


def test_a_long_name_is_bounded_and_keeps_its_extension():
    name = display_name("Báo cáo " * 100 + ".pdf", PDF)
    assert len(name) <= uploads.MAX_NAME_CHARS and name.endswith(".pdf")


def test_the_stored_name_is_random_and_owes_nothing_to_the_user():
    first, second = stored_name(PDF), stored_name(PDF)
    assert first != second and first.endswith(".pdf") and "/" not in first
    assert len(first) == 32 + 4


# --- request bodies ----------------------------------------------------------------------------


@pytest.fixture
def clerk(db):
    return make_user("thu-ky")


def test_a_body_over_the_request_limit_gets_a_413_page_before_it_is_read(client, clerk, settings):
    settings.MAX_REQUEST_MB = 1
    client.force_login(clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("home"),
        data=b"x" * 10,  # what the request says it holds is enough: the body is never read
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(2 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "too large: at most 1 MB in one go, and 20 MB a file" in response.content.decode()


def test_a_body_over_the_request_limit_is_refused_in_vietnamese(client, clerk, settings):
    settings.MAX_REQUEST_MB = 1
    client.force_login(clerk)
    response = client.post(
        reverse("home"), data=b"x", content_type="text/plain", CONTENT_LENGTH=str(2**21)
    )
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()


@pytest.fixture
def csrf_client(clerk):
    """A browser's client: the CSRF check reads the form, as every POST's does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    client.cookies["csrftoken"] = "k" * 32  # past it: the form is read
    return client


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_too_many_fields_is_a_400_page_that_says_so(csrf_client):
    response = csrf_client.post(
        reverse("home"),
        {f"f{i}": "x" for i in range(20)},
    )
    assert response.status_code == 400
    assert "(tối đa 10)" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_form_fields_over_the_memory_limit_are_a_413_page(csrf_client):
    response = csrf_client.post(reverse("home"), {"text": "x" * 4096})
    assert response.status_code == 413
