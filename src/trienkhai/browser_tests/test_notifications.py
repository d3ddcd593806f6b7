"""Notifications in a real browser: the head of commune A logs in, sees in the bell the program
waiting for approval, opens it from there and approves it; the clerk who submitted it then
finds the approval in their bell. Screenshots of the bell, the list, the preferences and the
numbers at 1366 and 390 px go to ``$TRIENKHAI_SHOTS`` (default ``/tmp/shots/notifications``);
each page must fit a phone's width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from trienkhai.core.tests.matrix import program_of_commune_a_in_discussion
from trienkhai.programs.models import ActionProgram

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("TRIENKHAI_SHOTS", "/tmp/shots/notifications"))


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.set_viewport_size(DESKTOP)
    assert width[0] <= width[1] + 1, f"{name}: {width[0]} px wide on a {width[1]} px phone"


def test_the_head_sees_the_program_in_the_bell_and_approves_it(tree, page, url, log_in, log_out):
    program = program_of_commune_a_in_discussion(tree)
    page.set_viewport_size(DESKTOP)
    log_in("head_a")

    # the bell came with HTMX after the page: the province's plan issued, the program waiting
    expect(page.locator("#bell .bell-count")).to_have_text("2")
    page.locator("#bell summary").click()
    notice = page.locator("#bell button.notice-open", has_text="chờ đồng chí phê duyệt")
    expect(notice).to_be_visible()
    shoot(page, "bell-open")
    notice.click()

    expect(page).to_have_url(url(program.get_absolute_url()))
    expect(page.locator("#bell summary")).to_be_visible()
    expect(page.locator("#bell .bell-count")).to_have_text("1")  # that one is read now
    page.locator(f"a[href='/programs/{program.pk}/approve/']").click()
    approve = page.locator("button[name=approve]")
    expect(approve).to_be_visible()
    approve.click()
    expect(page.locator("h1 .badge[data-status=approved]")).to_be_visible()
    program.refresh_from_db()
    assert program.status == ActionProgram.Status.APPROVED

    page.goto(url("/notifications/"))
    expect(page.locator("table.notifications")).to_contain_text("chờ đồng chí phê duyệt")
    shoot(page, "list")
    page.goto(url("/notifications/preferences/"))
    shoot(page, "preferences")
    page.goto(url("/notifications/numbers/"))
    shoot(page, "numbers")
    log_out()

    log_in("clerk_a")
    expect(page.locator("#bell summary")).to_be_visible()
    page.locator("#bell summary").click()
    approved = page.locator("#bell button.notice-open", has_text="đã được phê duyệt")
    expect(approved).to_be_visible()
