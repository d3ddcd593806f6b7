"""The results report as a Word document (python-docx), in the party's official format.

Layout (Hướng dẫn 36-HD/VPTW): Times New Roman, A4, margins 20 mm top, 15 mm right, 20 mm
bottom, 30 mm left. A borderless two-column table carries the header, as real templates do:
left the body above (upright capitals 14 pt), the issuing body (bold capitals 14 pt), ``*``
and the number line; right ``ĐẢNG CỘNG SẢN VIỆT NAM`` (bold 15 pt, underlined) and the place
and date in italics, on the same line as the number. Then the type (``BÁO CÁO``, bold 16 pt)
and the summary line (bold 14 pt), the body (14 pt, justified, first line indented), and a
second borderless table: the recipients bottom left (``Nơi nhận:`` 14 pt underlined, the list
12 pt) and the signature block right (authority and title in bold capitals, room to sign, the
name in bold). Page numbers sit at the top centre from the second page on.

The annex table follows in a landscape section, its header rows repeated on every page.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm, Pt

from trienkhai.resolutions.letterhead import PARTY

from .table import Annex, ResultsReport

FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "right": Mm(15), "bottom": Mm(20), "left": Mm(30)}
TEXT_WIDTH = Mm(210 - 30 - 15)
J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


def render_docx(report: ResultsReport) -> bytes:
    buffer = io.BytesIO()
    build_document(report).save(buffer)
    return buffer.getvalue()


def build_document(report: ResultsReport):
    doc = Document()
    _base_style(doc)
    section = doc.sections[0]
    _page(section, landscape=False)
    _page_numbers(section)
    _header(doc, report)
    _title(doc, report)
    for block in report.body:
        _block(doc, block)
    _closing(doc, report)
    if report.annex is not None:
        _annex(doc, report)
    return doc


# --- page, styles -------------------------------------------------------------------------------


def _base_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _page(section, landscape: bool) -> None:
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
        section.top_margin = section.bottom_margin = Mm(15)
        section.left_margin = section.right_margin = Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        for side, size in MARGINS.items():
            setattr(section, f"{side}_margin", size)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_numbers(section) -> None:
    """A PAGE field centred at the top, from the second page on (the form's page numbers)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = C
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(14)


def _para(
    container,
    text="",
    *,
    size=14,
    bold=False,
    italic=False,
    underline=False,
    align=C,
    before=0,
    after=0,
    indent=None,
):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        run = p.add_run()
        _add_text(run, text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return p


#: The hyphen of a document number ("45-NQ/TW", "Số 12-KH/TU"): never a line break there.
_NUMBER_HYPHEN = re.compile(r"(?<=\d)-(?=[A-ZĐ]{1,5}/)")


def _add_text(run, text: str) -> None:
    """The text of a run, each document number's hyphen a non-breaking one (``w:noBreakHyphen``,
    which Word and LibreOffice both honour): "45-" never ends a line with "NQ/TW" on the next."""
    pieces = _NUMBER_HYPHEN.split(text)
    for i, piece in enumerate(pieces):
        if i:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            run.add_text(piece)


#: The children of ``w:tblPr`` in schema order: Word refuses a file whose elements are out of
#: order, so each is inserted before the first of those that must follow it.
TBL_PR = [
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
]


def _set_tbl_pr(table, el) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(el.tag):
        tbl_pr.remove(old)
    name = el.tag.split("}")[1]
    after = TBL_PR[TBL_PR.index(f"w:{name}") + 1 :]
    tbl_pr.insert_element_before(el, *after)


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _set_tbl_pr(table, borders)


def _widths(table, widths) -> None:
    """Fixed column widths, in the grid (LibreOffice reads these) and on each cell (Word)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _set_tbl_pr(table, layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _cell_margins(table, side) -> None:
    """Narrow left and right cell padding: Word's default 1,9 mm a side leaves a 11 mm column
    too little room for ``12.345``."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(side.twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _set_tbl_pr(table, margins)


def _cell(cell):
    """The cell with its empty first paragraph removed, ready for ``_para`` calls."""
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)
    return cell


# --- the parts ----------------------------------------------------------------------------------


def _header(doc, report: ResultsReport) -> None:
    head = report.letterhead
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


RULE_WIDTH = Mm(30)


def _rule(doc, width=RULE_WIDTH, after=0) -> None:
    """The short line drawn under a title (Hướng dẫn 36-HD/VPTW), centred: a paragraph's
    bottom border between indents, not typed dashes."""
    p = _para(doc, "", after=after)
    side = (TEXT_WIDTH - width) // 2
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def _title(doc, report: ResultsReport) -> None:
    _para(doc, report.doc_type, size=16, bold=True, before=24)
    _para(doc, report.summary, bold=True)
    _rule(doc, after=12)


def _block(doc, block) -> None:
    if block.kind == "heading":
        _para(doc, block.text, bold=True, align=J, before=6, after=6, indent=Mm(10))
    elif block.kind == "subheading":
        _para(doc, block.text, bold=True, italic=False, align=J, after=6, indent=Mm(10))
    elif block.kind == "bullet":
        _para(doc, f"- {block.text}", align=J, after=6, indent=Mm(10))
    else:
        _para(doc, block.text, align=J, after=6, indent=Mm(10))


def _closing(doc, report: ResultsReport) -> None:
    _para(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    _borderless(table)
    _widths(table, [Mm(80), TEXT_WIDTH - Mm(80)])
    left, right = _cell(table.cell(0, 0)), _cell(table.cell(0, 1))
    _para(left, "Nơi nhận:", underline=True, align=L)
    for i, recipient in enumerate(report.recipients):
        end = "." if i == len(report.recipients) - 1 else ","
        _para(left, f"- {recipient.rstrip('.,')}{end}", size=12, align=L)
    sign = report.signature
    _para(right, sign.on_behalf, bold=True)
    _para(right, sign.title, bold=True)
    for _ in range(4):
        _para(right, "")
    _para(right, sign.name, bold=True)


# --- the annex ----------------------------------------------------------------------------------

ANNEX_WIDTH = Mm(297 - 30)


def _annex(doc, report: ResultsReport) -> None:
    annex = report.annex
    assert annex is not None, "the report has its annex"
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.header.is_linked_to_previous = False
    section.different_first_page_header_footer = False
    for i, line in enumerate(report.annex_heading or [annex.title]):
        _para(doc, line, size=14 if i == 0 else 13, bold=True)
    _para(doc, annex.subtitle, size=13, bold=True)
    _para(doc, annex.as_of_line, size=13, italic=True, after=8)
    _annex_table(doc, annex)


def _annex_table(doc, annex: Annex) -> None:
    """The annex table. Data rows are appended with ``add_row`` and filled through their own
    ``cells``: ``Table.cell(r, c)`` lists every cell of the table on each call, which is
    quadratic on a province's table."""
    data = annex.table
    columns = data.columns
    n = 2 + len(columns)
    size = 9 if len(columns) > 14 else 10 if len(columns) > 10 else 11
    # A rate ("100,0%") needs a little more room than a count, and no header breaks inside a
    # word ("Chươn-g trình"): a column is at least as wide as its label's longest word in
    # bold at the header's size (about 0.6 em a letter) and the cell's margins. The unit takes
    # the rest.
    figures = [
        max(
            Mm(13) if c.percent else Mm(11.5),
            Emu(Pt(0.6 * size * max(len(w) for w in c.label.split())) + Mm(2)),
        )
        for c in columns
    ]
    number_width = Mm(8)
    unit_width = Emu(max(Mm(40), ANNEX_WIDTH - number_width - sum(figures)))
    table = doc.add_table(rows=3, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [number_width, unit_width, *figures])
    _cell_margins(table, Mm(0.8))

    def put(cell, text, *, bold=False, italic=False, align=C):
        _para(_cell(cell), text, size=size, bold=bold, italic=italic, align=align)

    # Group row and header row; number and unit span both.
    for c, text in ((0, annex.number_header), (1, annex.unit_header)):
        put(table.cell(0, c).merge(table.cell(1, c)), text, bold=True)
    c = 2
    for group, span in data.groups():
        target = table.cell(0, c)
        if span > 1:
            target = target.merge(table.cell(0, c + span - 1))
        put(target, group, bold=True)
        c += span
    header, numbers = table.rows[1].cells, table.rows[2].cells
    for i, column in enumerate(columns):
        put(header[2 + i], column.label, bold=True)
    for i in range(n):
        put(numbers[i], f"({i + 1})", italic=True)
    for row in table.rows:
        _repeat_header(row)
    rows = [*data.rows, data.total()]
    grid = [int(w.twips) for w in [number_width, unit_width, *figures]]
    for k, row in enumerate(rows):
        is_total = k == len(rows) - 1
        texts = ["" if is_total else str(k + 1), row.label]
        for column in columns:
            texts.append(data.text(row, column))
        table._tbl.append(_row_xml(texts, grid, size, bold=is_total))


_CELL = (
    '<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
    '<w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr><w:r><w:rPr>{b}<w:sz w:val="{sz}"/>'
    '<w:szCs w:val="{sz}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
)


def _row_xml(texts, grid, size, *, bold=False):
    """One data row of the annex as XML, parsed once: python-docx's setters cost a
    millisecond and a half a cell, seconds on a province's table. Number centred, unit
    left, figures right."""
    half_points = int(size * 2)
    cells = []
    for i, (text, width) in enumerate(zip(texts, grid, strict=True)):
        jc = "center" if i == 0 else "left" if i == 1 else "right"
        cells.append(
            _CELL.format(
                w=width, jc=jc, b="<w:b/>" if bold else "", sz=half_points, text=escape(text)
            )
        )
    return parse_xml(f"<w:tr {nsdecls('w')}>{''.join(cells)}</w:tr>")


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)
