"""The export builders on hand-made data: totals, Vietnamese numbers, the official parts."""

from __future__ import annotations

import datetime
import io

from docx import Document
from openpyxl import load_workbook

from trienkhai.reporting.exports import annex, docx_report, official
from trienkhai.reporting.exports.table import (
    Annex,
    Block,
    Column,
    Figure,
    Letterhead,
    ResultsReport,
    Row,
    Signature,
    Table,
)


def table() -> Table:
    cols = [
        Column("held", "Sessions", "Study"),
        Column("att", "Attended", "Study"),
        Column("att", "Rate", "Study", percent=True),
        Column("done", "Done", "Obligations", percent=True),
    ]
    rows = [
        Row("A", {"held": Figure(2), "att": Figure(99, 100), "done": Figure(1, 2)}),
        Row("B", {"held": Figure(1), "att": Figure(1, 10), "done": Figure(0, 0)}),
        Row("C", {"held": Figure(0), "att": Figure(0, 0)}),
    ]
    return Table(cols, rows, total_label="Tổng cộng")


def test_the_totals_row_sums_counts_and_recomputes_rates_from_the_parts():
    total = table().total()
    assert total.figure("held") == Figure(3)
    # 100/110, not the mean of 99 % and 10 %.
    assert total.figure("att") == Figure(100, 110)
    assert total.figure("att").ratio == 100 / 110
    assert total.figure("done") == Figure(1, 2)


def test_a_rate_without_a_denominator_is_empty_not_zero():
    t = table()
    assert t.value(t.rows[2], t.columns[2]) is None
    assert t.value(t.rows[2], t.columns[1]) == 0


def test_groups_span_their_consecutive_columns():
    assert table().groups() == [("Study", 3), ("Obligations", 1)]


def test_numbers_are_written_the_vietnamese_way():
    assert official.vn_number(1234567) == "1.234.567"
    assert official.vn_number(1234.5, 1) == "1.234,5"
    assert official.vn_percent(1230 / 1260) == "97,6%"
    assert official.vn_percent(None) == "—"
    assert official.vn_date(datetime.date(2026, 2, 5)) == "05/02/2026"


def the_annex() -> Annex:
    return Annex(
        issuer="TỈNH ỦY HÒA LÂM",
        title="BIỂU THỐNG KÊ",
        subtitle="Kế hoạch",
        as_of_line="(Số liệu đến ngày 20/02/2026)",
        unit_header="Đơn vị",
        table=table(),
    )


def test_the_workbook_lays_the_table_out_with_numbers_and_print_setup():
    wb = load_workbook(io.BytesIO(annex.render_xlsx(the_annex())))
    ws = wb.active
    assert ws["A1"].value == "TỈNH ỦY HÒA LÂM"
    assert ws["C6"].value == "Study"
    assert "C6:E6" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.cell(7, c).value for c in range(3, 7)] == ["Sessions", "Attended", "Rate", "Done"]
    assert [ws.cell(r, 2).value for r in range(9, 13)] == ["A", "B", "C", "Tổng cộng"]
    assert ws["E9"].value == 0.99
    assert ws["E9"].number_format == "0.0%"
    assert ws["D9"].number_format == "#,##0"
    assert ws["E11"].value is None  # no denominator
    assert ws["E12"].value == 100 / 110
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$6:$8"
    assert ws.freeze_panes == "C9"
    assert "&P" in ws.oddFooter.center.text


def test_the_document_carries_the_official_parts():
    report = ResultsReport(
        letterhead=Letterhead("ĐẢNG BỘ TỈNH HÒA LÂM", "TỈNH ỦY", "Số 15-BC/TU", "Hòa Lâm, ngày…"),
        doc_type="BÁO CÁO",
        summary="Kết quả",
        body=[Block("heading", "I. HỌC TẬP"), Block("paragraph", "Đoạn <1> & 2")],
        signature=Signature("T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn An"),
        recipients=["Ban Tuyên giáo", "Lưu"],
        annex=the_annex(),
    )
    doc = Document(io.BytesIO(docx_report.render_docx(report)))
    texts = [p.text for p in doc.paragraphs]
    assert "Đoạn <1> & 2" in texts
    head = doc.tables[0]
    assert head.cell(0, 1).paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    run = head.cell(0, 1).paragraphs[0].runs[0]
    assert run.bold and run.underline and run.font.size.pt == 15
    closing = doc.tables[1]
    assert [p.text for p in closing.cell(0, 0).paragraphs] == [
        "Nơi nhận:",
        "- Ban Tuyên giáo,",
        "- Lưu.",
    ]
    grid = doc.tables[2]
    assert [c.text for c in grid.rows[-1].cells][1:] == ["Tổng cộng", "3", "100", "90,9%", "50,0%"]
    portrait, landscape = doc.sections
    assert (round(portrait.page_width.mm), round(portrait.page_height.mm)) == (210, 297)
    assert round(portrait.left_margin.mm) == 30 and round(portrait.right_margin.mm) == 15
    assert landscape.page_width > landscape.page_height
