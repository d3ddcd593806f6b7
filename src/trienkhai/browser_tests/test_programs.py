"""The program screens in headless chromium: a commune clerk drafts an action program (two
tasks with key points, a lead unit, an indicator and a quarter milestone) and puts it to
discussion; the head logs in, reads the quality checks on the approval screen and approves it.

Screenshots of the list, the program, the task form and the approval screen, at desktop and
phone (390 px) width, are saved under ``$TRIENKHAI_SHOTS`` (default ``/tmp/shots/programs``)
for people to look at; each page must fit a phone's width (wide tables scroll inside)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from trienkhai.programs.models import ActionProgram
from trienkhai.programs.tests.conftest import PROVINCE_APPROVED, Builder, make_world

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("TRIENKHAI_SHOTS", "/tmp/shots/programs"))


@pytest.fixture
def world(tree):
    """The plan of the province, its approved program (two tasks), committed for the server."""
    world = make_world(tree)
    build = Builder(world)
    program = build.program(world.province, number="05-CTr/TU")
    build.task(
        program,
        title="Sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị toàn tỉnh",
        key_points=[world.kp1, world.kp2],
    )
    build.task(
        program, title="Đẩy mạnh chuyển đổi số trong các cơ quan đảng", key_points=[world.kp3]
    )
    build.adopt(program, on=PROVINCE_APPROVED)
    return world


def shoot(page, name: str) -> None:
    """Desktop and phone screenshots of the page as it is; the phone one must not overflow."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.set_viewport_size(DESKTOP)
    assert width[0] <= width[1] + 1, f"{name}: {width[0]} px wide on a {width[1]} px phone"


def fill_task(page, *, title, key_points, lead, indicator=None, when, value=None, thing=None):
    page.fill("#id_title", title)
    for kp in key_points:
        page.locator(f"input[name=key_points][value='{kp.pk}']").check()
    page.select_option("#id_lead_unit", str(lead.pk))
    if indicator:
        name, measure, baseline, target, year = indicator
        page.fill("#id_indicator", name)
        page.fill("#id_measure", measure)
        page.fill("#id_baseline", baseline)
        page.fill("#id_target", target)
        page.fill("#id_target_year", year)
    page.fill("#id_ms-0-when", when)
    if value:
        page.fill("#id_ms-0-expected_value", value)
    if thing:
        page.fill("#id_ms-0-deliverable", thing)


@pytest.mark.browser
def test_a_clerk_drafts_and_the_head_approves(world, page, url, log_in, log_out):
    log_in("clerk_a")
    page.locator("header.top nav a[href='/programs/']").click()
    expect(page.locator("table.programs")).to_contain_text("05-CTr/TU")  # the province's
    shoot(page, "list")

    page.locator(f"a[href^='/programs/add/?unit={world.commune_a.pk}']").click()
    with page.expect_response(lambda r: "partial=parent" in r.url):
        page.select_option("#id_plan", str(world.plan.pk))
    expect(page.locator("#parent-hint")).to_contain_text("05-CTr/TU")
    page.fill("#id_number", "02-CTr/ĐU")
    page.fill("#id_title", "Chương trình hành động thực hiện Nghị quyết 18-NQ/TW của xã An Phú")
    page.fill("#id_summary", "Đưa Nghị quyết vào cuộc sống, phù hợp điều kiện của xã.")
    page.locator("form.card button[type=submit].primary").click()
    program = ActionProgram.objects.get(number="02-CTr/ĐU")
    expect(page).to_have_url(url(program.get_absolute_url()))

    page.locator(f"a[href='/programs/{program.pk}/tasks/add/']").click()
    fill_task(
        page,
        title="Bảo đảm nước sạch cho các hộ dân thôn 1",
        key_points=[world.kp1],
        lead=world.cell_a,
        indicator=("Tỷ lệ hộ dùng nước sạch", "%", "60", "90", "2026"),
        when="Q2/2026",
        value="75",
    )
    page.locator("#ms-add").click()  # a fourth milestone row appears
    expect(page.locator("#ms-rows tr")).to_have_count(4)
    expect(page.locator("#id_ms-TOTAL_FORMS")).to_have_value("4")
    shoot(page, "task-form")
    page.locator("button[name=another]").click()
    expect(page).to_have_url(url(f"/programs/{program.pk}/tasks/add/"))

    fill_task(
        page,
        title="Tập huấn chuyển đổi số cho cán bộ, công chức xã",
        key_points=[world.kp2, world.kp3],
        lead=world.commune_a,
        when="Q3/2026",
        thing="2 lớp tập huấn, 45 học viên",
    )
    page.locator("form.task-form button[type=submit].primary").click()
    expect(page.locator("table.tasks tbody tr[id^=task-]")).to_have_count(2)
    expect(page.locator("table.tasks")).to_contain_text("Quý II/2026")
    expect(page.locator("table.tasks")).to_contain_text("Quý III/2026")
    shoot(page, "detail-draft")

    page.locator(f"form[action='/programs/{program.pk}/discussion/'] button").click()
    expect(page.locator("h1 .badge[data-status=discussion]")).to_be_visible()
    log_out()

    log_in("head_a")
    page.goto(url(program.get_absolute_url()))
    page.locator(f"a[href='/programs/{program.pk}/approve/']").click()
    expect(page.locator("#quality")).to_be_visible()
    expect(page.locator("#own-share")).to_be_visible()
    approve = page.locator("button[name=approve]")
    expect(approve).to_be_visible()
    shoot(page, "approval")
    approve.click()

    expect(page).to_have_url(url(program.get_absolute_url()))
    expect(page.locator("h1 .badge[data-status=approved]")).to_be_visible()
    program.refresh_from_db()
    assert (program.status, program.version, program.approved_by.username) == (
        "approved",
        1,
        "head_a",
    )
    shoot(page, "detail-approved")
