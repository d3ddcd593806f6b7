"""The Word results report and the annual review's print page head the same unit the same
way: both take their letterhead from ``resolutions.letterhead``."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from docx import Document

from trienkhai.programs.models import AnnualReview
from trienkhai.reporting import exports

from .world import make_world, program

pytestmark = pytest.mark.django_db


def word_letterhead(world, unit) -> list[str]:
    doc = Document(io.BytesIO(exports.build(world.plan, unit, "docx").content))
    head = doc.tables[0]
    upper, issuer, _star = (p.text for p in head.cell(0, 0).paragraphs)
    number = head.cell(1, 0).paragraphs[0].text
    place_date = head.cell(1, 1).paragraphs[0].text
    on_behalf = doc.tables[1].cell(0, 1).paragraphs[0].text
    return [upper, issuer, number, place_date, on_behalf]


def printed_letterhead(client, review) -> list[str]:
    page = client.get(reverse("programs:review-print", args=[review.pk])).content.decode()

    def div(css: str) -> str:
        return html.unescape(re.search(rf'<div class="{css}">([^<]*)</div>', page).group(1))

    signature = page[page.index('<td class="signature">') :]
    on_behalf = html.unescape(re.search(r"<div>([^<]*)</div>", signature).group(1))
    return [div("upper"), div("issuer"), div("number"), div("date"), on_behalf]


@pytest.mark.parametrize(
    ("code", "parent_body", "issuing_body", "issuer_code", "on_behalf"),
    [
        ("HL", "ĐẢNG BỘ TỈNH HÒA LÂM", "TỈNH ỦY", "TU", "T/M BAN THƯỜNG VỤ"),
        ("HL-A", "ĐẢNG BỘ TỈNH HÒA LÂM", "ĐẢNG ỦY XÃ AN PHÚ", "ĐU", "T/M BAN THƯỜNG VỤ"),
        ("HL-A1", "ĐẢNG BỘ XÃ AN PHÚ", "CHI BỘ THÔN 1", "CB", "T/M CHI BỘ"),
    ],
)
def test_the_word_report_and_the_review_print_page_share_the_letterhead(
    tree, login, code, parent_body, issuing_body, issuer_code, on_behalf
):
    cache.clear()
    world = make_world(tree)
    today = timezone.localdate()
    if code == "HL":
        world.programs["P_HL"] = program(
            tree.province, world.plan, "Chương trình hành động của Tỉnh ủy", "approved", today
        )
    mine = next(p for p in world.programs.values() if p.unit.code == code)
    review = AnnualReview.objects.create(
        unit=mine.unit, program=mine, year=today.year, status="approved", approved_on=today
    )
    printed = printed_letterhead(login(tree.admin), review)
    assert printed == word_letterhead(world, mine.unit)
    upper, issuer, number, _date, authority = printed
    assert (upper, issuer, authority) == (parent_body, issuing_body, on_behalf)
    assert number.endswith(f"-BC/{issuer_code}")
