"""Annual review screens: prepared from the data, edited, figures refreshed, approved by the
head only, read-only afterwards, and printed in the official format. A committee member reads
but is refused (403); the sibling commune's clerk gets 404 on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.programs import services
from trienkhai.programs.models import AnnualReview

from .conftest import database, fresh
from .test_views_follow_support import (  # noqa: F401 (english, today: fixtures)
    Q2,
    D,
    english,
    errors_of,
    tasks_of,
    text,
    today,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today", "media")]

SECTIONS = {
    "results": "Hoàn thành 1/2 nhiệm vụ; tỷ lệ hộ dùng nước sạch đạt 80 %.",
    "shortcomings": "Kiện toàn chi bộ còn chậm.",
    "causes": "Thiếu kinh phí.",
    "lessons": "Phân công rõ người, rõ việc.",
    "next_year": "Hoàn thành kiện toàn chi bộ thôn 1.",
}


@pytest.fixture
def review(world, adopted_a, build):
    a1, a2 = tasks_of(adopted_a)
    build.report(a1, period=Q2, status="on_track", value="72", on=D(2026, 6, 25))
    build.report(a2, period=Q2, status="late", narrative="Chưa họp", on=D(2026, 6, 25))
    return services.prepare_review(user=world.clerk_a, program=adopted_a, year=2026)


def detail_url(review):
    return reverse("programs:review-detail", args=[review.pk])


def test_the_list_offers_to_prepare_this_years_review_and_preparing_fills_the_figures(
    world, adopted_a, build, login
):
    a1, _ = tasks_of(adopted_a)
    build.report(a1, period=Q2, status="done", value="90", on=D(2026, 6, 25))
    client = login(world.clerk_a)
    listing = client.get(reverse("programs:review-list", args=[adopted_a.pk]))
    assert listing.status_code == 200
    assert listing.context["years"] == [2026] and "No annual review yet" in text(listing)

    response = client.post(reverse("programs:review-add", args=[adopted_a.pk]), {"year": "2026"})

    review = AnnualReview.objects.get(program=adopted_a, year=2026)
    assert response.status_code == 302 and response.url == detail_url(review)
    assert review.facts["tasks"]["done"] == 1 and review.facts["tasks"]["total"] == 2
    again = client.get(reverse("programs:review-list", args=[adopted_a.pk]))
    assert again.context["years"] == [] and again.context["reviews"] == [review]


def test_a_year_already_reviewed_or_out_of_range_is_refused_with_a_message(world, review, login):
    client = login(world.clerk_a)
    before = database()
    for year in ("2026", "2025", "2030", "x"):
        response = client.post(
            reverse("programs:review-add", args=[review.program_id]), {"year": year}
        )
        assert response.status_code == 400
        assert "Select a valid choice" in errors_of(response)
    assert database() == before


def test_the_review_page_shows_the_figures_as_tables_and_the_sections_as_a_form(
    world, review, login
):
    response = login(world.clerk_a).get(detail_url(review))
    assert response.status_code == 200
    facts = response.context["facts"]
    counts = {row["status"]: row["n"] for row in facts["status_rows"]}
    assert counts == {"not_started": 0, "on_track": 1, "at_risk": 0, "late": 1, "done": 0}
    assert facts["total"] == 2
    assert [(i["value"], i["target"], i["attainment"]) for i in facts["indicators"]] == [
        ("72", "90", 40.0)  # (72 - 60) / (90 - 60)
    ]
    # The figures were drafted by the service in the fixture, outside a request: in the
    # default language, whatever language the page is then read in.
    assert [m["when"] for m in facts["overdue"]] == ["Quý II/2026"]
    page = text(response)
    for label in ("Tasks by status", "Indicators against targets", "Overdue milestones"):
        assert label in page
    assert 'name="refresh"' in page and '<textarea name="results"' in page
    assert 'name="approve"' not in page  # the clerk does not approve


def test_edit_refresh_and_approve_by_the_head_then_read_only(world, adopted_a, review, login):
    clerk = login(world.clerk_a)
    response = clerk.post(detail_url(review), {**SECTIONS, "save": ""})
    assert response.status_code == 302
    assert fresh(review).results == SECTIONS["results"]

    a1, _ = tasks_of(adopted_a)
    services.report_progress(
        user=world.clerk_a, task=a1, period=D(2026, 7, 5), status="done", value="90"
    )
    assert fresh(review).facts["tasks"]["done"] == 0  # kept until refreshed
    response = clerk.post(detail_url(review), {**SECTIONS, "refresh": ""})
    assert response.status_code == 302
    assert fresh(review).facts["tasks"]["done"] == 1

    head = login(world.head_a)
    page = head.get(detail_url(review))
    assert 'name="approve"' in text(page)
    response = head.post(detail_url(review), {**SECTIONS, "approve": ""})
    assert response.status_code == 302
    approved = fresh(review)
    assert approved.status == "approved" and approved.approved_by == world.head_a
    assert approved.approved_on == D(2026, 7, 10)

    page = head.get(detail_url(review))
    assert "Approved by head_a on 10/07/2026" in text(page)
    assert "<textarea" not in text(page) and 'name="approve"' not in text(page)
    before = database()
    response = head.post(detail_url(review), {**SECTIONS, "results": "Khác", "save": ""})
    assert response.status_code == 302
    assert database() == before


def test_approval_with_missing_sections_is_refused_and_writes_nothing(world, review, login):
    before = database()
    response = login(world.head_a).post(
        detail_url(review), {**SECTIONS, "shortcomings": "", "approve": ""}
    )
    assert response.status_code == 400
    assert "Write these sections before approval" in errors_of(response)
    assert database() == before  # not even the sections typed with it
    assert "Hoàn thành 1/2 nhiệm vụ" in text(response)  # what was typed comes back


def test_a_clerk_who_is_not_the_head_cannot_approve(world, review, login):
    services.update_review(user=world.clerk_a, review=review, **SECTIONS)
    before = database()
    response = login(world.clerk_a).post(detail_url(review), {**SECTIONS, "approve": ""})
    assert response.status_code == 403
    assert "Only the head of the unit" in text(response)
    assert database() == before


def test_a_committee_member_reads_but_cannot_write(world, review, login):
    client = login(world.member_a)
    page = client.get(detail_url(review))
    assert page.status_code == 200 and "<textarea" not in text(page)
    before = database()
    response = client.post(detail_url(review), {**SECTIONS, "save": ""})
    assert response.status_code == 403 and "not change it" in text(response)
    response = client.post(
        reverse("programs:review-add", args=[review.program_id]), {"year": "2026"}
    )
    assert response.status_code == 403
    assert database() == before
    listing = client.get(reverse("programs:review-list", args=[review.program_id]))
    assert listing.status_code == 200 and listing.context["form"] is None


def test_the_sibling_commune_gets_404_on_every_review_page(world, review, login):
    client = login(world.clerk_b)
    program = review.program_id
    before = database()
    for url in (
        reverse("programs:review-list", args=[program]),
        reverse("programs:review-add", args=[program]),
        detail_url(review),
        reverse("programs:review-print", args=[review.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("programs:review-add", args=[program]), {"year": "2026"}).status_code
        == 404
    )
    assert client.post(detail_url(review), {**SECTIONS, "approve": ""}).status_code == 404
    assert database() == before


def test_the_print_page_follows_the_official_format(world, review, login):
    services.update_review(user=world.clerk_a, review=review, **SECTIONS)
    services.approve_review(user=world.head_a, review=review)
    response = login(world.clerk_a).get(reverse("programs:review-print", args=[review.pk]))
    assert response.status_code == 200
    page = text(response)
    for expected in (
        "ĐẢNG BỘ TỈNH HÒA LÂM",  # the party organisation above the issuer
        "ĐẢNG ỦY XÃ AN PHÚ",  # the issuer, bold
        "-BC/ĐU",  # the number line
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "An Phú, ngày 10 tháng 07 năm 2026",
        ">BÁO CÁO<",
        "Kiểm điểm tiến độ thực hiện Chương trình hành động của Đảng ủy xã An Phú",
        "năm 2026",
        "Bảng 1. Nhiệm vụ theo tình trạng thực hiện",
        "Bảng 2. Kết quả thực hiện các chỉ tiêu so với mục tiêu",
        "Bảng 3. Các mốc lộ trình quá hạn",
        "Chậm tiến độ",  # task A2's status, in Vietnamese
        SECTIONS["shortcomings"],
        "NHIỆM VỤ, GIẢI PHÁP NĂM 2027",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Văn An",  # the head's position in the unit
        "Nơi nhận:",
        "Tỉnh ủy Hòa Lâm (để báo cáo)",
        "Times New Roman",
        "@page { size: A4; margin: 20mm 15mm 20mm 30mm }",
    ):
        assert expected in page, expected
    assert "DỰ THẢO" not in page


def test_a_draft_prints_as_a_draft_with_the_date_left_blank(world, review, login):
    page = text(login(world.clerk_a).get(reverse("programs:review-print", args=[review.pk])))
    assert "DỰ THẢO" in page and "ngày 10 tháng" not in page and "năm 2026" in page
