"""The public page of a resolution on a cheap phone's screen (390 px), without a login: it
reads without scrolling sideways, its FAQ is searched without tone marks, a question is sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from trienkhai.outreach import services, spam
from trienkhai.outreach.models import Question
from trienkhai.outreach.tests.conftest import build_world, published_page

PHONE = {"width": 390, "height": 800}


@pytest.fixture
def public_page(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world(tree)
    page = published_page(world)
    question = services.ask(page=page, text="Hộ nông dân có được hỗ trợ thiết bị số không?")
    answer = services.answer_question(
        user=tree.clerk_a, question=question, text="Có, theo đề án của xã.", key_points=[world.kp1]
    )
    services.approve_answer(user=tree.head_a, answer=answer)
    return page


@pytest.mark.browser
def test_the_public_page_on_a_phone_without_login(public_page, page, url, monkeypatch):
    monkeypatch.setattr(spam, "MIN_SECONDS", 0)  # a person types for longer than a test
    page.set_viewport_size(PHONE)
    page.goto(url(public_page.get_public_url()))

    expect(page.locator("h1")).to_contain_text("57-NQ/TW")
    expect(page.locator("body")).to_contain_text("Khoa học, công nghệ và chuyển đổi số")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.scripts.length") == 0

    page.fill("#q", "thiet bi so")
    page.locator("form.search button").click()
    expect(page.locator("#faq article")).to_have_count(1)
    expect(page.locator("#faq article")).to_contain_text("Có, theo đề án của xã.")

    page.fill("#id_text", "Khi nào thôn 3 có wifi miễn phí?")
    page.locator("#ask button[type=submit]").click()
    expect(page.locator(".note.ok")).to_be_visible()
    assert Question.objects.filter(text="Khi nào thôn 3 có wifi miễn phí?").count() == 1
