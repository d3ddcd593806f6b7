"""The text of uploaded documents (PDF, Word's DOCX, OpenDocument's ODT), for the copy checks.

``extract(file)`` reads the kind from the content (not the name) and returns an
:class:`Extracted`: the text (paragraphs on their own lines, ``textvi.normalize_paragraphs``) and
a state — ``ok``; ``no_text`` when the document holds no text to read (a scanned PDF: images of
pages), which the reviewer is told rather than the report passing as its author's own; or
``unreadable`` with the reason (a damaged or encrypted file, a kind we do not read).

It only reads: whether an upload is accepted (its size, its kind, zip bombs) is decided by
``core.uploads`` before the file is stored. Reading is bounded all the same, because the files
are read again later from storage: at most ``MAX_PAGES`` pages of a PDF, ``MAX_XML_BYTES`` of a
DOCX's or ODT's document part, ``MAX_CHARS`` characters kept.

Libraries: pypdf (pure Python, maintained by the py-pdf organisation) for PDF; python-docx
(already used for the Word exports) for DOCX; the standard library's ``zipfile`` and
``xml.etree`` for ODT's ``content.xml`` (odfpy would add a dependency for one XML file).
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from trienkhai.core.textvi import normalize_paragraphs

log = logging.getLogger(__name__)

OK = "ok"
NO_TEXT = "no_text"
UNREADABLE = "unreadable"

PDF = "pdf"
DOCX = "docx"
ODT = "odt"

MAX_PAGES = 200  # a resolution is some 20–60 pages; a learning report 2–5
MAX_XML_BYTES = 20 * 1024 * 1024  # the uncompressed document part of a DOCX or ODT
MAX_CHARS = 500_000
#: Fewer letters than this over the whole document reads as "no text" (a scan whose only text
#: is a page number or a scanner's stamp).
MIN_LETTERS = 20

_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@dataclass(frozen=True)
class Extracted:
    kind: str | None  # pdf / docx / odt, None when not recognised
    state: str  # ok / no_text / unreadable
    text: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.state == OK


def kind_of(data: bytes) -> str | None:
    """``pdf``, ``docx``, ``odt`` or None, from the content."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return DOCX
                if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIME:
                    return ODT
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return None
    return None


def extract(file: IO[bytes] | Any) -> Extracted:
    """The text of a document (a Django ``File``, an open binary file or bytes)."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        if hasattr(file, "open") and getattr(file, "closed", False):
            file.open("rb")
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read()
    kind = kind_of(data)
    if kind is None:
        return Extracted(None, UNREADABLE, error="not a PDF, DOCX or ODT document")
    try:
        raw = {PDF: _pdf, DOCX: _docx, ODT: _odt}[kind](data)
    except Exception as exc:  # a damaged file of any library's making: said, never raised
        log.info("Could not read a %s document: %s", kind, exc)
        return Extracted(kind, UNREADABLE, error=f"{type(exc).__name__}: {exc}"[:500])
    text = normalize_paragraphs(raw)[:MAX_CHARS]
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return Extracted(kind, NO_TEXT)
    return Extracted(kind, OK, text)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many "protected" PDFs only restrict printing; others raise
    parts = []
    for page in reader.pages[:MAX_PAGES]:
        parts.append(page.extract_text() or "")
    return join_wrapped("\n".join(parts))


_SENTENCE_END = tuple(".!?;:…")
#: A line at least this long that does not end a sentence was wrapped (A4 lines in 12–14 pt
#: hold some 80–100 characters).
WRAPPED_LINE = 50


def join_wrapped(text: str) -> str:
    """A PDF's lines joined back into paragraphs: a line that does not end a sentence goes on
    with the next one when it is long enough to have been wrapped (the copy checks split
    sentences at line breaks, so a sentence wrapped over two lines would otherwise be two
    halves, neither matching a copy of the whole). An empty line ends a paragraph."""
    out: list[str] = []
    carry = False
    for line in text.splitlines():
        line = line.strip()
        if not line:
            carry = False
            out.append("")
            continue
        if carry and out:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        # A short line is a heading, a date or a signature, not a wrapped one.
        carry = len(line) >= WRAPPED_LINE and not line.endswith(_SENTENCE_END)
    return "\n".join(out)


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        if info.file_size > MAX_XML_BYTES:
            raise ValueError(f"{name} is too large ({info.file_size} bytes)")
        with archive.open(info) as member:
            out = member.read(MAX_XML_BYTES + 1)
        if len(out) > MAX_XML_BYTES:
            raise ValueError(f"{name} is too large")
        return out


def _docx(data: bytes) -> str:
    import docx

    _member(data, "word/document.xml")  # the size bound before python-docx parses it
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _odt(data: bytes) -> str:
    root = ElementTree.fromstring(_member(data, "content.xml"))
    lines = []
    for element in root.iter():
        if element.tag in (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"):
            lines.append(_odt_text(element))
    return "\n".join(lines)


def _odt_text(element: ElementTree.Element) -> str:
    """A paragraph's text, with ``text:s`` (spaces), ``text:tab`` and ``text:line-break``."""
    out = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            out.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append("\n")
        elif tag not in ("p", "h"):  # nested paragraphs are read on their own
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)
