"""The statistics annex as an Excel workbook (openpyxl).

One sheet: title rows (issuing body, title, the plan, "as of"), a two-row header — the groups
of indicators over the columns' own headers — then a row of column numbers ((1), (2) …) as
statistical annexes print, one row per unit below, and the totals row. Counts are numbers with
a thousands separator, rates numbers formatted ``0.0%`` (so the file sorts and sums like any
sheet); the rates of the totals row are recomputed from the summed parts
(``Table.total``), never averaged.

Set up to print: A4 landscape, one page wide, the header rows repeated on every page, the
header frozen on screen, page numbers in the footer.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .table import Annex

FONT = "Times New Roman"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF4")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

FIRST_DATA_COLUMN = 3  # A: number, B: unit
#: Rows of the title block, then the header rows.
ISSUER_ROW, TITLE_ROW, SUBTITLE_ROW, AS_OF_ROW = 1, 2, 3, 4
GROUP_ROW, HEADER_ROW, NUMBERS_ROW = 6, 7, 8
FIRST_ROW = NUMBERS_ROW + 1


def build_workbook(annex: Annex) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = annex.sheet_name[:31]
    table = annex.table
    width = FIRST_DATA_COLUMN - 1 + len(table.columns)
    last = get_column_letter(width)

    def merged(row: int, text: str, font: Font, align=CENTRE, height=None):
        ws.cell(row=row, column=1, value=text).font = font
        ws.cell(row=row, column=1).alignment = align
        ws.merge_cells(f"A{row}:{last}{row}")
        if height:
            ws.row_dimensions[row].height = height

    ws.cell(row=ISSUER_ROW, column=1, value=annex.issuer).font = Font(name=FONT, size=12, bold=True)
    ws.merge_cells(start_row=ISSUER_ROW, start_column=1, end_row=ISSUER_ROW, end_column=3)
    merged(TITLE_ROW, annex.title, Font(name=FONT, size=14, bold=True), height=21)
    merged(SUBTITLE_ROW, annex.subtitle, Font(name=FONT, size=12, bold=True), height=33)
    merged(AS_OF_ROW, annex.as_of_line, Font(name=FONT, size=12, italic=True))

    header_font = Font(name=FONT, size=11, bold=True)
    # Number and unit span the group row and the header row.
    for column, text in ((1, annex.number_header), (2, annex.unit_header)):
        ws.cell(row=GROUP_ROW, column=column, value=text)
        ws.merge_cells(
            start_row=GROUP_ROW, start_column=column, end_row=HEADER_ROW, end_column=column
        )
    column = FIRST_DATA_COLUMN
    for group, span in table.groups():
        ws.cell(row=GROUP_ROW, column=column, value=group)
        if span > 1:
            ws.merge_cells(
                start_row=GROUP_ROW,
                start_column=column,
                end_row=GROUP_ROW,
                end_column=column + span - 1,
            )
        column += span
    for i, col in enumerate(table.columns):
        ws.cell(row=HEADER_ROW, column=FIRST_DATA_COLUMN + i, value=col.label)
    for i in range(width):
        ws.cell(row=NUMBERS_ROW, column=i + 1, value=f"({i + 1})")
    for row in ws.iter_rows(min_row=GROUP_ROW, max_row=NUMBERS_ROW, max_col=width):
        for cell in row:
            cell.font = header_font if cell.row != NUMBERS_ROW else Font(name=FONT, size=10)
            cell.alignment = CENTRE
            cell.border = BOX
            if cell.row != NUMBERS_ROW:
                cell.fill = HEADER_FILL
    ws.row_dimensions[GROUP_ROW].height = 20
    ws.row_dimensions[HEADER_ROW].height = 66

    body = Font(name=FONT, size=11)
    bold = Font(name=FONT, size=11, bold=True)
    r = FIRST_ROW
    for n, row in enumerate(table.rows, 1):
        _write_row(ws, table, r, n, row, body)
        r += 1
    total = table.total()
    _write_row(ws, table, r, "", total, bold, fill=TOTAL_FILL)

    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 36
    for i, col in enumerate(table.columns):
        ws.column_dimensions[get_column_letter(FIRST_DATA_COLUMN + i)].width = (
            8.5 if col.percent else 10
        )
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_DATA_COLUMN)

    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{GROUP_ROW}:{NUMBERS_ROW}"
    ws.print_area = f"A1:{last}{r}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    if annex.header:
        ws.oddHeader.right.text = annex.header
        ws.oddHeader.right.font = FONT
        ws.oddHeader.right.size = 9
    if annex.footer:
        ws.oddFooter.left.text = annex.footer
        ws.oddFooter.left.font = FONT
        ws.oddFooter.left.size = 9
    return wb


def _write_row(ws, table, r, number, row, font, fill=None) -> None:
    cells = [ws.cell(row=r, column=1, value=number), ws.cell(row=r, column=2, value=row.label)]
    cells[0].alignment = CENTRE
    cells[1].alignment = LEFT
    for i, column in enumerate(table.columns):
        value = table.value(row, column)
        cell = ws.cell(row=r, column=FIRST_DATA_COLUMN + i, value=value)
        cell.number_format = PERCENT_FORMAT if column.percent else COUNT_FORMAT
        cell.alignment = RIGHT
        cells.append(cell)
    for cell in cells:
        cell.font = font
        cell.border = BOX
        if fill is not None:
            cell.fill = fill


def render_xlsx(annex: Annex) -> bytes:
    buffer = io.BytesIO()
    build_workbook(annex).save(buffer)
    return buffer.getvalue()
