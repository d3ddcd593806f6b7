"""An inspection in headless chromium, from decision to conclusion: commune A's inspector
prepares the inspection of its cell A1, the commune's head signs the decision, the clerk
uploads the cell's self-report, the inspector records a finding, a recommendation and the
draft, the head approves the conclusion and the notice prints.

Screenshots at desktop and phone width go to ``$TRIENKHAI_SHOTS`` (default
``/tmp/shots/inspections``)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from trienkhai.core.access import Role
from trienkhai.inspections.models import Inspection, State
from trienkhai.tooling.testing import make_user, pdf_bytes

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("TRIENKHAI_SHOTS", "/tmp/shots/inspections"))


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.set_viewport_size(DESKTOP)
    assert width[0] <= width[1] + 1, f"{name}: {width[0]} px wide on a {width[1]} px phone"


def submit(page) -> None:
    page.locator("form.form-grid button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_an_inspector_walks_from_decision_to_conclusion(
    tree, page, url, log_in, log_out, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("inspector_a", Role.INSPECTOR, tree.commune_a)
    page.set_viewport_size(DESKTOP)

    log_in("inspector_a")
    page.locator("header.top nav a[href='/inspections/']").click()
    page.get_by_role("link", name="Kiểm tra mới của Đảng ủy xã An Phú").click()
    page.select_option("#id_kind", "inspection")
    page.fill("#id_title", "Việc học tập, quán triệt nghị quyết")
    page.select_option("#id_targets", str(tree.cell_a.pk))
    page.fill("#id_period_from", "01/01/2025")
    page.fill("#id_period_to", "31/12/2025")
    page.fill("#id_decision_number", "03-QĐ/ĐU")
    page.fill("#id_leader", "Lê Văn Tâm")
    shoot(page, "decision-form")
    submit(page)
    expect(page.locator("h1")).to_have_text("Việc học tập, quán triệt nghị quyết")
    expect(page.locator("body")).not_to_contain_text("Ký quyết định")  # not the inspector's
    inspection = Inspection.objects.get()
    log_out()

    log_in("head_a")
    page.goto(url(inspection.get_absolute_url()))
    page.get_by_role("link", name="Ký quyết định").click()
    submit(page)
    expect(page.locator("#limit-warning, .facts")).not_to_have_count(0)
    expect(page.locator("body")).to_contain_text("20 ngày")  # a commune's time limit
    log_out()

    log_in("clerk_a")
    page.goto(url(inspection.get_absolute_url()))
    page.get_by_role("link", name="Gửi báo cáo tự kiểm tra").click()
    report = tmp_path / "tu-kiem-tra.pdf"
    report.write_bytes(pdf_bytes("Báo cáo tự kiểm tra"))
    page.set_input_files("#id_file", str(report))
    submit(page)
    expect(page.locator("body")).to_contain_text("báo cáo tự kiểm tra")
    log_out()

    log_in("inspector_a")
    page.goto(url(inspection.get_absolute_url()))
    page.get_by_role("link", name="Ghi kết quả kiểm tra").click()
    page.select_option("#id_target", str(tree.cell_a.pk))
    page.select_option("#id_kind", "shortcoming")
    page.select_option("#id_severity", "moderate")
    page.fill("#id_text", "Chưa tổ chức học tập bù cho đảng viên vắng mặt.")
    shoot(page, "finding-form")
    submit(page)
    page.get_by_role("link", name="Thêm kiến nghị").click()
    page.select_option("#id_unit", str(tree.cell_a.pk))
    page.fill("#id_text", "Tổ chức học tập bù trong quý.")
    due = datetime.date.today() + datetime.timedelta(days=60)
    page.fill("#id_due_on", due.strftime("%d/%m/%Y"))
    submit(page)
    page.get_by_role("link", name="Dự thảo kết luận").click()
    page.fill("#id_conclusion", "Chi bộ cần khắc phục ngay hạn chế về học tập bù.")
    submit(page)
    expect(page.locator("body")).to_contain_text("chờ người đứng đầu phê duyệt")
    log_out()

    log_in("head_a")
    page.goto(url(inspection.get_absolute_url()))
    page.get_by_role("link", name="Phê duyệt kết luận").click()
    submit(page)
    inspection.refresh_from_db()
    assert inspection.state == State.CONCLUDED and inspection.within_limit
    expect(page.locator("body")).to_contain_text("Đã phê duyệt")
    shoot(page, "concluded")
    with page.expect_download() as download:
        page.get_by_role("link", name="Thông báo kết luận (Word)").click()
    assert download.value.suggested_filename.endswith(".docx")
