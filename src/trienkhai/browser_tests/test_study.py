"""The study screens in headless chromium: the roster marked with the keyboard (each mark saved
at once through HTMX), and the QR check-in on a phone-sized screen."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from trienkhai.study import qr, services
from trienkhai.study.models import Attendance
from trienkhai.study.tests.test_services_builders import make_study
from trienkhai.tooling.testing import PASSWORD, make_user

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def study(tree):
    return make_study(tree)


def saved(session) -> dict[str, tuple[str, str]]:
    return {
        a.person.full_name: (a.status, a.method)
        for a in Attendance.objects.filter(session=session).select_related("person")
    }


@pytest.mark.browser
def test_the_roster_is_filtered_by_a_cell_chosen_by_name(study, page, url, log_in):
    session = study.session()
    log_in("clerk_a")
    page.goto(url(f"/study/sessions/{session.pk}/roster/"))
    rows = page.locator("table.roster tbody tr")
    expect(rows).to_have_count(4)

    page.locator("#id_unit-name").press_sequentially("thon 1", delay=30)
    option = page.locator("#id_unit-options option").first
    expect(option).to_have_attribute("value", "Chi bộ thôn 1 (HL-A1)")
    page.fill("#id_unit-name", "Chi bộ thôn 1 (HL-A1)")

    expect(page.locator("#id_unit")).to_have_value(str(study.tree.cell_a.pk))
    expect(rows).to_have_count(3)  # Giang belongs to the commune, not to the cell
    expect(page.locator("#roster-table")).not_to_contain_text("Võ Văn Giang")
    expect(page).to_have_url(re.compile(rf"unit={study.tree.cell_a.pk}"))


@pytest.mark.browser
def test_the_roster_is_marked_with_the_keyboard_and_saved_as_you_go(study, page, url, log_in):
    session = study.session()
    log_in("clerk_a")
    page.goto(url(f"/study/sessions/{session.pk}/roster/"))
    rows = page.locator("table.roster tbody tr")
    expect(rows).to_have_count(4)  # An, Cường, Giang, Hoa (by given name)
    expect(rows.nth(0)).to_contain_text("Nguyễn Văn An")

    rows.nth(0).focus()
    with page.expect_response(lambda r: r.request.method == "POST") as first:
        page.keyboard.press("p")  # An present; the focus moves to the next row
    assert first.value.status == 200
    expect(page.locator(f"#r{study.cuong.pk}")).to_be_focused()
    page.keyboard.press("ArrowDown")  # skip Cường
    expect(page.locator(f"#r{study.giang.pk}")).to_be_focused()
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("e")  # Giang excused
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("3")  # Hoa absent
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(f"#r{study.cuong.pk}")).to_be_focused()
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("a")  # Cường absent

    # Each row came back from the server with its mark; the counts were swapped in too.
    expect(page.locator(f"#r{study.an.pk}")).to_have_class(re.compile(r"\bm-present\b"))
    expect(page.locator(f"#r{study.hoa.pk}")).to_have_class(re.compile(r"\bm-absent\b"))
    expect(page.locator("#roster-counts .c-absent b")).to_have_text("2")
    expect(page.locator("#roster-counts .c-excused b")).to_have_text("1")
    assert saved(session) == {
        "Nguyễn Văn An": ("present", "roster"),
        "Lê Văn Cường": ("absent", "roster"),
        "Võ Văn Giang": ("excused", "roster"),
        "Trần Thị Hoa": ("absent", "roster"),
    }

    # A click works too, and the marks are still there after a reload.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator(f"#r{study.hoa.pk} input[value=present]").check()
    page.reload()
    expect(page.locator(f"#r{study.hoa.pk} input[value=present]")).to_be_checked()
    expect(page.locator(f"#r{study.cuong.pk} input[value=absent]")).to_be_checked()
    assert saved(session)["Trần Thị Hoa"] == ("present", "roster")


@pytest.mark.browser
def test_the_roster_filters_by_name_without_diacritics(study, page, url, log_in):
    session = study.session()
    log_in("clerk_a")
    page.goto(url(f"/study/sessions/{session.pk}/roster/"))
    page.locator("#rq").fill("cuong")
    expect(page.locator("table.roster tbody tr")).to_have_count(1)
    expect(page.locator("table.roster tbody tr")).to_contain_text("Lê Văn Cường")
    expect(page).to_have_url(re.compile(r"q=cuong"))


@pytest.mark.browser
def test_all_present_except_those_marked(study, page, url, log_in):
    session = study.session()
    log_in("clerk_a")
    page.goto(url(f"/study/sessions/{session.pk}/roster/"))
    page.locator(f"#r{study.hoa.pk}").focus()
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.keyboard.press("a")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[name=all_present]").click()
    page.wait_for_load_state()
    expect(page.locator("#roster-counts .c-present b")).to_have_text("3")
    assert {status for status, _ in saved(session).values()} == {"present", "absent"}
    assert saved(session)["Trần Thị Hoa"][0] == "absent"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_a_member_checks_in_on_a_phone_with_their_login(study, phone, url):
    session = study.session()
    user = make_user("an")
    study.an.user = user
    study.an.save(update_fields=["user"])
    phone.goto(url("/login/"))
    phone.fill("#id_username", "an")
    phone.fill("#id_password", PASSWORD)
    phone.locator("form.form-grid button[type=submit]").click()
    phone.wait_for_load_state()

    response = phone.goto(url(f"/study/checkin/{session.pk}/{qr.token_for(session.pk)}/"))
    assert response.status == 200
    button = phone.locator("button[name=confirm]")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 48  # a big button for a thumb
    assert fits_the_screen(phone)

    button.click()

    expect(phone.locator(".checkin-ok")).to_be_visible()
    assert fits_the_screen(phone)
    assert saved(session) == {"Nguyễn Văn An": ("present", "qr")}


@pytest.mark.browser
def test_a_phone_without_login_checks_in_with_a_member_code_and_pin(study, phone, url):
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    phone.goto(url(f"/study/checkin/{session.pk}/{qr.token_for(session.pk)}/"))
    phone.fill("#member_code", "a002")
    phone.fill("#pin", pin)
    phone.locator("button[type=submit]").click()
    # Initials only: whoever holds the phone may not be Hoa.
    expect(phone.locator(".checkin-ok")).to_contain_text("T.T.H.")
    expect(phone.locator(".checkin-ok")).not_to_contain_text("Trần Thị Hoa")
    assert fits_the_screen(phone)
    assert saved(session) == {"Trần Thị Hoa": ("present", "pin")}


@pytest.mark.browser
def test_the_hall_kiosk_checks_in_one_member_after_another(study, page, url, log_in):
    session = study.session()
    pins = {
        p.member_code: services.issue_pin(user=study.tree.clerk_a, person=p)
        for p in (study.an, study.hoa)
    }
    log_in("clerk_a")
    page.goto(url(f"/study/kiosk/{session.pk}/"))
    page.locator("button.primary").click()
    for code, pin in pins.items():
        page.fill("#member_code", code)
        page.fill("#pin", pin)
        page.locator("form.checkin-form button[type=submit]").click()
        expect(page.locator(".checkin-ok")).to_be_visible()
    assert saved(session) == {
        "Nguyễn Văn An": ("present", "kiosk"),
        "Trần Thị Hoa": ("present", "kiosk"),
    }


@pytest.mark.browser
def test_an_expired_code_is_refused_on_the_phone(study, phone, url):
    session = study.session()
    old = qr.token_for(session.pk, at=time.time() - 5 * qr.WINDOW)

    response = phone.goto(url(f"/study/checkin/{session.pk}/{old}/"))

    assert response.status == 400
    expect(phone.locator(".checkin-error")).to_be_visible()
    expect(phone.locator("#member_code")).to_have_count(0)
    expect(phone.locator("button[name=confirm]")).to_have_count(0)
    assert fits_the_screen(phone)
    assert saved(session) == {}


@pytest.mark.browser
def test_the_hall_screen_shows_the_code_and_a_countdown(study, page, url, log_in):
    session = study.session()
    log_in("clerk_a")
    page.goto(url(f"/study/sessions/{session.pk}/qr/"))
    expect(page.locator("#qr-code svg")).to_be_visible()
    left = int(page.locator("#qr-left").inner_text())
    assert 0 <= left <= qr.WINDOW
    svg = page.locator("#qr-code svg").bounding_box()
    assert svg["width"] >= 400  # readable from the back of the hall
