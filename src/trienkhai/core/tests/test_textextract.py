"""Text extraction of uploaded documents: PDF, DOCX, ODT, a scan with no text, damaged files."""

from __future__ import annotations

import io
import zipfile

import docx

from trienkhai.core import textextract
from trienkhai.demo.documents import tiny_docx, tiny_pdf

LINES = [
    "Qua học tập Nghị quyết, tôi nhận thức rõ yêu cầu sắp xếp bộ máy tinh gọn.",
    "Bản thân tôi sẽ hướng dẫn bà con thôn 1 dùng dịch vụ công trực tuyến.",
]


def odt_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(
        f'<text:p text:style-name="P1">{p.replace("  ", " <text:s/>")}</text:p>' for p in paragraphs
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text><text:h>Bài thu hoạch</text:h>{body}</office:text>"
        "</office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_a_pdf_s_text_is_read():
    found = textextract.extract(tiny_pdf(LINES))
    assert (found.kind, found.state) == ("pdf", "ok")
    # The demo's PDF font has no Vietnamese letters: the text comes without tone marks.
    assert "Qua hoc tap Nghi quyet" in found.text
    assert "dich vu cong truc tuyen" in found.text


def test_a_docx_keeps_its_diacritics_and_tables():
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Nhiệm vụ"
    table.rows[0].cells[1].text = "Chuyển đổi số"
    buffer = io.BytesIO()
    document.save(buffer)

    found = textextract.extract(buffer.getvalue())

    assert (found.kind, found.state) == ("docx", "ok")
    assert found.text.splitlines()[:2] == LINES
    assert "Nhiệm vụ Chuyển đổi số" in found.text


def test_the_demo_s_hand_made_docx_is_read():
    found = textextract.extract(tiny_docx(LINES))
    assert found.ok and LINES[0] in found.text


def test_an_odt_is_read_with_its_headings_and_spaces():
    found = textextract.extract(odt_bytes(LINES))
    assert (found.kind, found.state) == ("odt", "ok")
    assert found.text.splitlines() == ["Bài thu hoạch", *LINES]


def test_a_scanned_pdf_has_no_text_rather_than_an_empty_own_text():
    found = textextract.extract(tiny_pdf([]))
    assert (found.kind, found.state, found.text) == ("pdf", "no_text", "")
    # A page number or a scanner's stamp alone is no text either.
    assert textextract.extract(tiny_pdf(["- 1 -"])).state == "no_text"


def test_damaged_or_unknown_files_are_said_unreadable_never_raised():
    broken = textextract.extract(b"%PDF-1.4\n this is not a PDF at all")
    assert broken.state == "unreadable" and broken.kind == "pdf" and broken.error
    assert textextract.extract(b"plain text").state == "unreadable"
    assert textextract.extract(b"PK\x03\x04garbage").state == "unreadable"


def test_an_oversized_document_part_is_refused(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_XML_BYTES", 100)
    found = textextract.extract(odt_bytes(LINES * 10))
    assert found.state == "unreadable" and "too large" in found.error


def test_a_django_file_is_read_from_its_start():
    from django.core.files.base import ContentFile

    upload = ContentFile(tiny_docx(LINES), name="r.docx")
    upload.read(10)
    assert textextract.extract(upload).ok


def test_a_sentence_wrapped_over_lines_of_a_pdf_is_one_sentence_again():
    wrapped = "Cac cap uy, to chuc dang phai quan triet sau sac cac quan diem cua"
    found = textextract.extract(
        tiny_pdf(["NGHI QUYET", "Ha Noi, ngay 25/11/2023", wrapped, "Nghi quyet nay.", "Hai."])
    )
    assert found.text.splitlines() == [
        "NGHI QUYET",
        "Ha Noi, ngay 25/11/2023",  # short lines: a heading, a date
        f"{wrapped} Nghi quyet nay.",
        "Hai.",
    ]
