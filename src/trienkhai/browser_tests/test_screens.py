"""The organisation screens driven in headless chromium against a live server.

Each test logs in through the real login form; the browser asks for Vietnamese (vi-VN), as
the users' browsers do, so the texts checked are the Vietnamese ones unless a test switches.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Person


def unit_row(page, unit):
    return page.locator(f"#unit-{unit.pk}")


@pytest.mark.browser
def test_login_then_expand_the_tree_lazily(tree, page, url, log_in):
    page.goto(url("/"))
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    log_in("clerk_a")
    expect(page).to_have_url(url("/"))  # the home page: what awaits the clerk
    expect(page.locator("h1")).to_contain_text("Chào đồng chí")
    page.get_by_role("link", name="Tổ chức", exact=True).click()
    expect(page).to_have_url(url("/units/"))
    expect(page.locator("h1")).to_have_text("Tổ chức")

    commune = unit_row(page, tree.commune_a)
    expect(commune.locator(".node .label > a")).to_have_text("Đảng bộ xã An Phú")
    cell = page.locator(f"#unit-{tree.cell_a.pk}")
    expect(cell).to_have_count(0)  # children are not in the page until asked for

    toggle = commune.locator(".node > button.toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    with page.expect_response(re.compile(rf"/units/{tree.commune_a.pk}/children/")) as resp:
        toggle.click()
    assert resp.value.status == 200
    expect(cell).to_be_visible()
    expect(cell.locator(".node .label > a")).to_have_text("Chi bộ thôn 1")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_have_text("−")

    # A second click folds the branch without asking the server again.
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/children/" in r.url else None)
    toggle.click()
    expect(cell).to_be_hidden()
    toggle.click()
    expect(cell).to_be_visible()
    assert requests == []


@pytest.mark.browser
def test_search_without_diacritics(tree, page, url, log_in, log_out):
    log_in("clerk_a")
    page.goto(url("/units/search/"))
    page.locator("#q").fill("nguyen van an")  # live search: HTMX on input, no submit
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=nguyen"))

    # The sibling commune's people are outside clerk_a's scope.
    page.locator("#q").fill("dang")
    expect(results).to_contain_text("Không")  # "No person matches." in Vietnamese
    expect(results.get_by_text("Đặng Thị Bình")).to_have_count(0)

    log_out()
    log_in("admin")
    # From the tree page's search form (a plain GET) this time.
    page.goto(url("/units/"))
    page.locator("#q").fill("dang")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/units/search/\?q=dang"))
    expect(page.locator("#results").get_by_role("link", name="Đặng Thị Bình")).to_be_visible()


@pytest.mark.browser
def test_edit_a_person_and_find_it_in_the_audit_log(tree, page, url, log_in, log_out):
    log_in("clerk_a")
    page.goto(url(f"/units/people/{tree.person_a.pk}/"))
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    page.get_by_role("link", name="Sửa", exact=True).click()
    expect(page).to_have_url(url(f"/units/people/{tree.person_a.pk}/edit/"))
    expect(page.locator("h1")).to_have_text("Sửa nhân sự")

    # An impossible year is refused on the form, and nothing is written.
    page.fill("#id_birth_year", "1800")
    page.get_by_role("button", name="Lưu").click()
    error = page.locator("#id_birth_year ~ ul.errorlist")
    expect(error).to_contain_text("1900")
    expect(page).to_have_url(url(f"/units/people/{tree.person_a.pk}/edit/"))
    assert Person.objects.get(pk=tree.person_a.pk).birth_year is None

    page.fill("#id_birth_year", "1975")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(url(f"/units/people/{tree.person_a.pk}/"))
    expect(page.locator(".messages li.success")).to_have_text("Đã lưu nhân sự.")
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:text-is('Năm sinh') + dd")).to_have_text("1975")
    assert Person.objects.get(pk=tree.person_a.pk).birth_year == 1975
    assert AuditEvent.objects.filter(
        actor=tree.clerk_a, object_type="units.person", object_id=str(tree.person_a.pk)
    ).exists()

    log_out()
    log_in("admin")
    page.goto(url("/audit/"))
    row = page.locator("table tbody tr", has_text="Nguyễn Văn An").filter(has_text="clerk_a")
    expect(row).to_have_count(1)
    row.locator("td").first.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    change = page.locator("table.diff tbody tr", has_text="1975")
    expect(change).to_have_count(1)


@pytest.mark.browser
def test_sibling_unit_user_is_refused(tree, page, url, log_in):
    log_in("clerk_b")
    page.goto(url("/units/"))
    tree_list = page.locator("ul.tree")
    expect(tree_list).to_contain_text("Đảng bộ phường Bình Minh")
    expect(tree_list).not_to_contain_text("An Phú")
    expect(tree_list).not_to_contain_text("Đảng bộ tỉnh Hòa Lâm")
    expect(tree_list.locator(":scope > li")).to_have_count(1)

    for path in [
        f"/units/{tree.commune_a.pk}/",
        f"/units/people/{tree.person_a.pk}/",
        f"/units/people/{tree.person_a.pk}/edit/",
        f"/units/{tree.commune_a.pk}/children/",
        f"/units/{tree.province.pk}/",
    ]:
        response = page.goto(url(path))
        assert response.status == 404, path
        body = page.locator("body")
        expect(body).not_to_contain_text("Nguyễn Văn An")
        expect(body).not_to_contain_text("An Phú")


@pytest.mark.browser
def test_switch_language_to_english_and_back(tree, page, url, log_in):
    page.goto(url("/login/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator("h1")).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="EN", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    log_in("clerk_a")  # the choice outlives the login
    expect(page.locator("h1")).to_contain_text("Hello")
    expect(page.locator("header.top nav")).to_contain_text("Search")
    page.get_by_role("button", name="VI", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Chào đồng chí")
    expect(page).to_have_url(url("/"))


@pytest.mark.browser
def test_wrong_password_and_unknown_user_get_the_same_error(tree, page, url, log_in):
    log_in("clerk_a", "wrong-password")
    expect(page).to_have_url(re.compile(r"/login/"))
    wrong_password = page.locator(".errorlist").inner_text().strip()
    log_in("no_such_user", "wrong-password")
    expect(page).to_have_url(re.compile(r"/login/"))
    unknown_user = page.locator(".errorlist").inner_text().strip()
    assert wrong_password
    assert wrong_password == unknown_user
    assert "clerk_a" not in wrong_password


@pytest.mark.browser
def test_user_without_a_role_sees_the_no_role_page(tree, page, url, log_in):
    log_in("nobody")
    expect(page).to_have_url(url("/"))
    expect(page.locator("h1")).to_have_text("Bạn chưa được phân quyền trên đơn vị nào")
    expect(page.locator("main")).to_contain_text("nobody")
    expect(page.locator("ul.tree")).to_have_count(0)


@pytest.mark.browser
def test_tree_fits_a_phone_screen(tree, page, url, log_in):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in("admin")
    page.goto(url("/units/"))
    province = unit_row(page, tree.province)
    province.locator(".node > button.toggle").click()
    commune = unit_row(page, tree.commune_a)
    expect(commune).to_be_visible()
    commune.locator(".node > button.toggle").click()
    expect(unit_row(page, tree.cell_a)).to_be_visible()
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    scroll_width, inner_width = overflow
    assert scroll_width <= inner_width + 1, overflow


@pytest.mark.browser
def test_a_list_filters_by_a_unit_chosen_by_name(tree, page, url, log_in):
    log_in("admin")
    page.goto(url("/units/people/"))
    expect(page.locator(".list-count")).to_contain_text("2 dòng")

    page.locator("#id_unit-name").press_sequentially("binh minh", delay=30)
    option = page.locator("#id_unit-options option").first
    expect(option).to_have_attribute("value", "Đảng ủy phường Bình Minh (HL-B)")
    page.fill("#id_unit-name", "Đảng ủy phường Bình Minh (HL-B)")

    expect(page.locator("#id_unit")).to_have_value(str(tree.commune_b.pk))
    expect(page.locator(".list-count")).to_contain_text("1 dòng")
    expect(page.locator("#results")).to_contain_text("Đặng Thị Bình")
    expect(page).to_have_url(url(f"/units/people/?unit={tree.commune_b.pk}"))


@pytest.mark.browser
def test_the_home_page_is_cards_that_fit_a_phone(tree, page, url, log_in):
    """What awaits the clerk, as cards one under the other at phone width: no table wider
    than the screen, the dashboard one tap away in the menu."""
    page.set_viewport_size({"width": 390, "height": 800})
    log_in("clerk_a")
    expect(page).to_have_url(url("/"))
    cards = page.locator("section.home-card")
    expect(cards.first).to_be_visible()
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert all(box["width"] <= 390 for box in boxes), boxes
    assert [round(box["x"]) for box in boxes] == [round(boxes[0]["x"])] * len(boxes)  # stacked
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1
    expect(page.locator("header.top nav")).to_contain_text("Bảng điều hành")
