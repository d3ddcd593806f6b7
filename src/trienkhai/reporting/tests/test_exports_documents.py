"""The Excel annex and the Word report of the world of ``world.py``, opened and read back.

Hand-computed at T (16/06/2025) for the province (rows: the communes, in Vietnamese order —
``phường Bình Minh`` before ``xã An Phú``):

=====================  =======  =======  =======
                       HL-B     HL-A     total
=====================  =======  =======  =======
sessions held          1        1        2
eligible members       2        3        5
members who studied    1        2        3        (Dũng, exempt, came too: not counted)
non-member attendances 0        3        3
learning reports due   2        3        5
submitted              1        2        3
programs due           1        1        2
programs issued        0        1        1
obligations owed       6        6        12
on time / late         0 / 2    4 / 0    4 / 2
overdue                3        1        4
=====================  =======  =======  =======
"""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from trienkhai.reporting import exports
from trienkhai.reporting.exports import dataset
from trienkhai.reporting.exports.narrative import NAMED, name_list
from trienkhai.units.models import Person, Unit

from .world import T

pytestmark = pytest.mark.django_db

EXPECTED = {
    # label: (HL-B, HL-A, total)
    "Sessions held": (1, 1, 2),
    "Eligible members": (2, 3, 5),
    "Members who studied": (1, 2, 3),
    "Non-member attendances": (0, 3, 3),
    "Learning reports due": (2, 3, 5),
    "Learning reports submitted": (1, 2, 3),
    "Programs due": (1, 1, 2),
    "Programs issued": (0, 1, 1),
    "Obligations owed": (6, 6, 12),
    "Done on time": (0, 4, 4),
    "Done late": (2, 0, 2),
}


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def workbook(world, unit):
    export = exports.build(world.plan, unit, "xlsx", T)
    return load_workbook(io.BytesIO(export.content)).active


def header(ws) -> list[str]:
    return [ws.cell(7, c).value for c in range(1, ws.max_column + 1)]


def test_the_annex_has_a_row_per_unit_below_and_hand_computed_totals(world, tree, english):
    ws = workbook(world, tree.province)
    assert ws["A1"].value == "TỈNH ỦY HÒA LÂM"
    assert "12-KH/TU" in ws["A2"].value
    assert ws["A3"].value == world.plan.title
    assert "16/06/2025" in ws["A4"].value
    groups = [ws.cell(6, c).value for c in range(3, ws.max_column + 1)]
    assert [g for g in groups if g] == [
        "Study and dissemination",
        "Action programs",
        "Obligations and deadlines",
    ]
    labels = header(ws)
    assert [ws.cell(r, 2).value for r in range(9, ws.max_row + 1)] == [
        "Đảng bộ phường Bình Minh",
        "Đảng bộ xã An Phú",
        "Total",
    ]
    for label, values in EXPECTED.items():
        column = labels.index(label) + 1
        assert tuple(ws.cell(r, column).value for r in (9, 10, 11)) == values, label
    # Rates: recomputed from the summed parts.
    overdue = [i + 1 for i, v in enumerate(labels) if v == "Overdue"]
    assert [ws.cell(11, c).value for c in overdue] == [1, 4]  # programs, obligations
    rates = [i + 1 for i, v in enumerate(labels) if v == "Rate (%)"]
    assert [ws.cell(11, c).value for c in rates] == [3 / 5, 3 / 5, 1 / 2]
    assert [ws.cell(9, c).value for c in rates] == [1 / 2, 1 / 2, 0]
    done = labels.index("Done (%)") + 1
    assert ws.cell(11, done).value == 6 / 12
    assert ws.cell(11, done).number_format == "0.0%"


def test_the_annex_is_set_up_to_print(world, tree):
    ws = workbook(world, tree.province)
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$6:$8"
    assert ws.freeze_panes == "C9"
    assert ws.oddFooter.center.text == "Trang &P/&N"
    assert ws.oddHeader.right.text == "12-KH/TU · Đảng bộ tỉnh Hòa Lâm · 16/06/2025"


def test_rows_on_the_unit_itself_get_a_row_so_the_totals_stay_whole(world, tree, english):
    Person.objects.create(unit=tree.province, full_name="Trần Văn Tỉnh", member_code="P001")
    ws = workbook(world, tree.province)
    rows = [ws.cell(r, 2).value for r in range(9, ws.max_row + 1)]
    assert rows[-2] == "Đảng bộ tỉnh Hòa Lâm (its own rows)"
    eligible = header(ws).index("Eligible members") + 1
    assert ws.cell(ws.max_row, eligible).value == 6


def test_a_commune_reports_on_its_cells_with_its_own_letterhead(world, tree, english):
    cache.clear()
    ws = workbook(world, tree.commune_a)
    assert ws["A1"].value == "ĐẢNG ỦY XÃ AN PHÚ"
    assert [ws.cell(r, 2).value for r in range(9, ws.max_row + 1)] == [
        "Chi bộ thôn 1",
        f"Chi bộ thôn 2 (closed {world.cell_a2.active_to:%d/%m/%Y})",
        "Đảng bộ xã An Phú (its own rows)",  # Giang, and the commune's obligations
        "Total",
    ]


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def document(world, unit):
    export = exports.build(world.plan, unit, "docx", T)
    return Document(io.BytesIO(export.content))


def test_the_report_has_the_official_header_title_and_closing(world, tree, english):
    doc = document(world, tree.province)
    head = doc.tables[0]
    left = [p.text for p in head.cell(0, 0).paragraphs]
    assert left == ["ĐẢNG BỘ TỈNH HÒA LÂM", "TỈNH ỦY", "*"]
    assert head.cell(0, 0).paragraphs[1].runs[0].bold
    assert not head.cell(0, 0).paragraphs[0].runs[0].bold
    number = head.cell(1, 0).paragraphs[0].text
    assert number.startswith("Số ") and number.endswith("-BC/TU") and ":" not in number
    today = timezone.localdate()
    date = head.cell(1, 1).paragraphs[0]
    assert date.text == f"Hòa Lâm, ngày {today:%d} tháng {today:%m} năm {today:%Y}"
    assert date.runs[0].italic
    party = head.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    texts = paragraphs(doc)
    title = doc.paragraphs[texts.index("BÁO CÁO")]
    assert title.runs[0].bold and title.runs[0].font.size.pt == 16
    summary = doc.paragraphs[texts.index("BÁO CÁO") + 1]
    assert "12-KH/TU" in summary.text and summary.runs[0].bold
    assert [t for t in texts if t.startswith(("I.", "II.", "III.", "IV."))] == [
        "I. STUDY AND DISSEMINATION OF THE RESOLUTION",
        "II. ACTION PROGRAMS",
        "III. OBLIGATIONS AND DEADLINES",
        "IV. SHORTCOMINGS AND TASKS AHEAD",
    ]
    closing = doc.tables[1]
    recipients = [p.text for p in closing.cell(0, 0).paragraphs]
    assert recipients[0] == "Nơi nhận:"
    assert closing.cell(0, 0).paragraphs[0].runs[0].underline
    assert all(p.runs[0].font.size.pt == 12 for p in closing.cell(0, 0).paragraphs[1:])
    assert recipients[-1].endswith(".")
    signature = [p.text for p in closing.cell(0, 1).paragraphs]
    assert signature[:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    section = doc.sections[0]
    assert [
        round(x.mm)
        for x in (
            section.top_margin,
            section.right_margin,
            section.bottom_margin,
            section.left_margin,
        )
    ] == [20, 15, 20, 30]


def test_the_narrative_numbers_are_the_annex_numbers(world, tree, english):
    text = "\n".join(paragraphs(document(world, tree.province)))
    assert "16/06/2025" in text
    assert "3/5 (60,0%) eligible party members have studied" in text
    assert (
        "3/5 (60,0%) learning reports due have been submitted, 1 of them late; 2 are missing"
        in text
    )
    assert (
        "1/2 (50,0%) units owing an action program have issued it: 1 on time, 0 late; 1 are overdue"
        in text
    )
    assert "Of the 12 obligations" in text
    assert "6/12 (50,0%) are done: 4 on time and 2 late; 4 are overdue and 2 not yet due" in text
    # Laggards named, those missing the most first (a tie here: the lower rate first), with
    # their figures.
    assert (
        "Units below 95% attendance: Đảng bộ phường Bình Minh (1/2, 50,0%), "
        "Đảng bộ xã An Phú (2/3, 66,7%)." in text
    )
    assert (
        "Units with obligations overdue: Đảng bộ phường Bình Minh (3), Đảng bộ xã An Phú (1)."
        in text
    )
    assert "2 eligible party members have not studied the resolution yet." in text


def test_the_annex_table_of_the_report_is_the_excel_one(world, tree):
    doc = document(world, tree.province)
    grid = doc.tables[-1]
    total = [c.text for c in grid.rows[-1].cells]
    assert total[2:5] == ["2", "5", "3"]  # sessions, eligible, studied
    assert total[5] == "60,0%"
    assert doc.sections[-1].page_width > doc.sections[-1].page_height


def test_a_commune_report_is_signed_by_its_head(world, tree):
    cache.clear()
    doc = document(world, tree.commune_a)
    head = doc.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs] == [
        "ĐẢNG BỘ TỈNH HÒA LÂM",
        "ĐẢNG ỦY XÃ AN PHÚ",
        "*",
    ]
    assert head.cell(1, 0).paragraphs[0].text.endswith("-BC/ĐU")
    assert head.cell(1, 1).paragraphs[0].text.startswith("An Phú, ngày ")
    signature = [p.text for p in doc.tables[1].cell(0, 1).paragraphs]
    assert signature[0] == "T/M BAN THƯỜNG VỤ"
    assert signature[1] == "BÍ THƯ"
    assert signature[-1] == "Nguyễn Văn An"


def test_file_names_are_ascii_and_keep_the_number(world, tree):
    assert exports.filename(world.plan, tree.commune_a, "docx") == "bao-cao-12-KH-TU-xa-an-phu.docx"
    assert exports.filename(world.plan, tree.province, "xlsx") == "phu-luc-12-KH-TU-hoa-lam.xlsx"


def add_communes(tree, plan, n):
    for i in range(n):
        tree.province.refresh_from_db()
        commune = Unit.objects.add_child(
            tree.province,
            create_kwargs=dict(
                name=f"Đảng ủy xã Mới {i}",
                code=f"HL-N{i}",
                kind="party_committee",
                level="commune",
            ),
        )
        cell = Unit.objects.add_child(
            commune,
            create_kwargs=dict(
                name=f"Chi bộ mới {i}", code=f"HL-N{i}C", kind="party_cell", level="grassroots"
            ),
        )
        Person.objects.create(unit=cell, full_name=f"Người Mới {i}", member_code=f"N{i}")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_queries_do_not_grow_with_the_number_of_units_below(world, tree, fmt):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            exports.build(world.plan, tree.province, fmt, T)
        return len(queries)

    before = count()
    add_communes(tree, world.plan, 4)
    assert count() == before
    # the engine's queries (with the inspections' two and the dissemination's three) and the
    # report's own context
    assert before <= 22


def test_gather_reads_the_context_in_a_handful_of_queries(
    world, tree, django_assert_max_num_queries
):
    from trienkhai.reporting.engine import compute

    result = compute(world.plan, tree.commune_a, T)
    with django_assert_max_num_queries(4):
        context = dataset.gather(world.plan, tree.commune_a, T, rollup=result)
    assert context.head.person.full_name == "Nguyễn Văn An"
    assert [u.code for u in context.ancestors] == ["HL"]


def test_the_title_rule_is_a_drawn_line_not_typed_dashes(world, tree):
    doc = document(world, tree.province)

    assert not any(set(text.strip()) == {"-"} for text in paragraphs(doc))
    ruled = [p for p in doc.paragraphs if p._p.find(".//" + qn("w:pBdr")) is not None]
    assert len(ruled) == 1 and ruled[0].text == ""


def test_a_list_of_units_names_them_rather_than_count_one_or_two_more(english, tree):
    names = [f"Xã {i}" for i in range(NAMED + 2)]
    assert name_list(names) == ", ".join(names)  # never "and 1 other unit"
    many = [f"Xã {i}" for i in range(NAMED + 3)]
    assert name_list(many).endswith("and 3 other units")
    assert name_list([]) == ""


def test_a_document_number_never_breaks_at_its_hyphen(world, tree):
    doc = document(world, tree.province)
    body = doc.element.body
    hyphens = body.findall(".//" + qn("w:noBreakHyphen"))
    assert hyphens  # "12-KH/TU", "18-NQ/TW" … in the header and the text
    text = "\n".join(paragraphs(doc))
    assert "12-KH/TU" in text  # read back as an ordinary hyphen


def test_annex_headers_are_wide_enough_for_their_longest_word(world, tree):
    doc = document(world, tree.province)
    annex = doc.tables[-1]
    header = annex.rows[1].cells
    for cell in header[2:]:
        words = cell.text.split()
        if not words:
            continue
        longest = max(len(w) for w in words)
        width_pt = cell.width / 12700  # EMU per point
        assert width_pt >= 0.6 * 9 * longest, cell.text
