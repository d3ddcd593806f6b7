"""The notice of conclusion (thông báo kết luận kiểm tra / giám sát) as a Word document, in the
party's document format (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW): the letterhead of the
conducting unit from ``resolutions.letterhead``, the type ``THÔNG BÁO`` and its summary line,
the findings by kind, the conclusion, the recommendations with their addressees and deadlines,
the signature block and the recipients. Vietnamese whatever the screen's language (it is the
form, not interface text). Laid out like the results report (``reporting/exports``), which
this app may not import: the few layout helpers it needs are here.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from trienkhai.core import people
from trienkhai.resolutions.letterhead import PARTY, letterhead
from trienkhai.units.naming import committee_name

from .models import Finding, Inspection, Kind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
TEXT_WIDTH = Mm(210 - 30 - 15)
J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
KIND_WORD: dict[str, str] = {
    Kind.INSPECTION: "kiểm tra",
    Kind.THEMATIC: "giám sát chuyên đề",
    Kind.REGULAR: "giám sát thường xuyên",
}
FINDING_HEADINGS = {
    Finding.Kind.STRENGTH: "Ưu điểm",
    Finding.Kind.SHORTCOMING: "Hạn chế, khuyết điểm",
    Finding.Kind.VIOLATION: "Vi phạm",
}
SEVERITY_WORD = {"minor": "mức độ nhẹ", "moderate": "mức độ trung bình", "serious": "nghiêm trọng"}


def _day(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def _para(container, text="", *, size=14, bold=False, italic=False, underline=False, align=C,
          before=0, after=0, indent=None):  # fmt: skip
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return p


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _cell(cell):
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


def _widths(table, widths) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _base(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def build(inspection: Inspection) -> bytes:
    unit = inspection.unit
    # "31-TB/TU" typed whole, or "31": the number line is built by the letterhead module.
    typed = re.match(r"\s*(\d+)", inspection.conclusion_number or "")
    head = letterhead(
        unit, day=inspection.concluded_on, doc_type="TB", number=typed[1] if typed else ""
    )
    doc = Document()
    _base(doc)
    table = doc.add_table(rows=2, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Mm(72), TEXT_WIDTH - Mm(72)])
    left, right = _cell(table.cell(0, 0)), _cell(table.cell(0, 1))
    _para(left, head.parent_body)
    _para(left, head.issuing_body, bold=True)
    _para(left, "*")
    _para(right, PARTY, size=15, bold=True, underline=True)
    _para(_cell(table.cell(1, 0)), head.number_line, before=2)
    _para(_cell(table.cell(1, 1)), head.place_date, italic=True, before=2)

    word = KIND_WORD.get(inspection.kind, "kiểm tra")
    _para(doc, "THÔNG BÁO", size=16, bold=True, before=24)
    subject = inspection.title[:1].lower() + inspection.title[1:]
    _para(doc, f"Kết luận {word} {subject}", bold=True, after=12)
    targets = [t.unit for t in inspection.targets.select_related("unit")]
    names = ", ".join(committee_name(u) for u in targets)
    decision = (
        f"Thực hiện Quyết định số {inspection.decision_number} ngày {_day(inspection.decision_on)}"
        if inspection.decision_number
        else "Thực hiện chương trình kiểm tra, giám sát"
    )
    period = (
        f" trong thời gian từ {_day(inspection.period_from)} đến {_day(inspection.period_to)}"
        if inspection.period_from
        else ""
    )
    _para(
        doc,
        f"{decision} của {head.issuer_name}, Đoàn {word} đã tiến hành {word} đối với {names}"
        f"{period}. Trên cơ sở báo cáo của Đoàn, {head.issuer_name} kết luận như sau:",
        align=J,
        after=6,
        indent=Mm(10),
    )
    if inspection.looked_at:
        _para(doc, "Nội dung giám sát", bold=True, align=J, after=6, indent=Mm(10))
        for line in inspection.looked_at.splitlines():
            _para(doc, line, align=J, after=6, indent=Mm(10))
    findings = list(inspection.findings.select_related("target").order_by("kind", "id"))
    n = 0
    for kind, heading in FINDING_HEADINGS.items():
        rows = [f for f in findings if f.kind == kind]
        if not rows:
            continue
        n += 1
        _para(doc, f"{n}. {heading}", bold=True, align=J, after=6, indent=Mm(10))
        for f in rows:
            extra = f" ({SEVERITY_WORD[f.severity]})" if f.severity in SEVERITY_WORD else ""
            _para(doc, f"- {f.target.name}: {f.text}{extra}", align=J, after=6, indent=Mm(10))
    n += 1
    _para(doc, f"{n}. Kết luận", bold=True, align=J, after=6, indent=Mm(10))
    for line in inspection.conclusion.splitlines():
        if line.strip():
            _para(doc, line, align=J, after=6, indent=Mm(10))
    recs = list(inspection.recommendations.select_related("unit").order_by("due_on", "id"))
    if recs:
        n += 1
        _para(doc, f"{n}. Kiến nghị", bold=True, align=J, after=6, indent=Mm(10))
        for rec in recs:
            _para(
                doc,
                f"- {committee_name(rec.unit)}: {rec.text} Thời hạn: {_day(rec.due_on)}.",
                align=J,
                after=6,
                indent=Mm(10),
            )
    closing = doc.add_table(rows=1, cols=2)
    _borderless(closing)
    _widths(closing, [Mm(80), TEXT_WIDTH - Mm(80)])
    left, right = _cell(closing.cell(0, 0)), _cell(closing.cell(0, 1))
    _para(left, "Nơi nhận:", underline=True, align=L, before=12)
    recipients = [
        r for r in (*(committee_name(u) for u in targets), head.parent_name, "Lưu Văn phòng") if r
    ]
    for i, name in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ","
        _para(left, f"- {name}{end}", size=12, align=L)
    _para(right, head.on_behalf, bold=True, before=12)
    signer = inspection.approved_by
    shown = people.display_name(signer) if signer else ""
    name, _comma, title = shown.partition(", ")
    _para(right, (title or "Bí thư").upper(), bold=True)
    for _ in range(4):
        _para(right, "")
    _para(right, name, bold=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
