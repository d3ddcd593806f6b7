"""What the screen tests share (no tests here): a province plan cascaded to both communes, a
plan of commune A implementing it, uploads kept in a temporary folder, and form data.

    HL   province: resolution 18-NQ/TW, plan 12-KH/TU (issued)
         requirements: a study session of every party cell (due 31/03/2026),
                       a results report of every commune committee (due 30/06/2026)
    HL-A commune A: resolution 05-NQ/ĐU, plan 05-KH/ĐU implementing 12-KH/TU (issued)
    cell A1 held its session on time; cell B1 never did (overdue).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services
from trienkhai.resolutions.models import (
    KeyPoint,
    Obligation,
    ObligationDocument,
    Plan,
    PlanVersion,
    Requirement,
    Resolution,
)
from trienkhai.tooling.testing import Tree, docx_bytes, pdf_bytes  # noqa: F401 (docx_bytes: the view tests import it from here)

D = datetime.date
PLAN_DATE = D(2026, 1, 10)
STUDY_DUE = D(2026, 3, 31)
REPORT_DUE = D(2026, 6, 30)
MODELS = (
    Resolution,
    KeyPoint,
    Plan,
    PlanVersion,
    Requirement,
    Obligation,
    ObligationDocument,
    AuditEvent,
)
PDF = pdf_bytes()


def pdf_upload(name="nghi-quyet.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads go to a temporary folder, never to ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English (the user's choice, as the VI/EN switch sets it), so that the
    tests read the English msgids whatever the Vietnamese catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@dataclass
class World:
    tree: Tree
    resolution: Resolution  # registered by the province
    resolution_a: Resolution  # registered by commune A
    plan: Plan  # the province plan, issued
    study: Requirement
    report: Requirement
    plan_a: Plan  # commune A's plan implementing it, issued
    study_a: Requirement  # carries out ``study``


def requirement(kind, title, kinds, due, levels=(), **extra) -> dict:
    return {
        "kind": kind,
        "title": title,
        "target_kinds": list(kinds),
        "target_levels": list(levels),
        "due_on": due,
        **extra,
    }


def build_world(tree: Tree) -> World:
    resolution = services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="18-NQ/TW",
        title="Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2017, 10, 25),
        term="khóa XII",
        summary="Tinh gọn bộ máy.",
        key_points=[("Sắp xếp tổ chức bộ máy", False), ("Bỏ cấp huyện", True)],
        document=pdf_upload(),
    )
    resolution_a = services.register_resolution(
        user=tree.clerk_a,
        unit=tree.commune_a,
        kind="resolution",
        number="05-NQ/ĐU",
        title="Phát triển kinh tế xã An Phú",
        issuing_body="Đảng ủy xã An Phú",
        issued_on=D(2025, 9, 1),
    )
    plan = services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch học tập, quán triệt Nghị quyết",
        issued_on=PLAN_DATE,
        resolutions=[resolution],
        requirements=[
            requirement("study_session", "Tổ chức hội nghị học tập", ["party_cell"], STUDY_DUE),
            requirement(
                "results_report",
                "Báo cáo kết quả",
                ["party_committee"],
                REPORT_DUE,
                levels=["commune"],
            ),
        ],
    )
    plan = services.issue_plan(user=tree.admin, plan=plan)
    study, report = plan.requirements.order_by("order")
    plan_a = services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch thực hiện của xã An Phú",
        issued_on=D(2026, 1, 20),
        parent=plan,
        requirements=[
            requirement(
                "study_session",
                "Hội nghị học tập ở chi bộ",
                ["party_cell"],
                D(2026, 3, 15),
                parent_requirement=study,
            )
        ],
    )
    plan_a = services.issue_plan(user=tree.head_a, plan=plan_a)
    services.record_evidence(
        unit=tree.cell_a, plan=plan_a, kind="study_session", on=D(2026, 3, 1), evidence="HN"
    )
    return World(
        tree=tree,
        resolution=resolution,
        resolution_a=resolution_a,
        plan=plan,
        study=study,
        report=report,
        plan_a=plan_a,
        study_a=plan_a.requirements.get(),
    )


@pytest.fixture
def world(tree) -> World:
    return build_world(tree)


def database() -> dict:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


def error_messages(response) -> str:
    """The text of the page's error lists (field, form and row errors)."""
    lists = re.findall(
        r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    assert lists, "the page shows no error"
    return "\n".join(lists)


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }


def row(i: int, **values) -> dict:
    """One requirement row of the plan form, as the browser posts it."""
    data = {
        "kind": "study_session",
        "title": "Tổ chức hội nghị học tập",
        "target_kinds": ["party_cell"],
        "target_levels": [],
        "due_on": "31/03/2026",
        "target_value": "",
        "id": "",
        "parent_requirement": "",
        **values,
    }
    return {f"req-{i}-{k}": v for k, v in data.items()}


def plan_data(unit_code: str, *rows: dict, **overrides) -> dict:
    data = {
        "unit": unit_code,
        "number": "07-KH/ĐU",
        "title": "Kế hoạch thực hiện Nghị quyết",
        "issued_on": "15/01/2026",
        "parent": "",
        **management("req", len(rows), 0),
    }
    for r in rows:
        data.update(r)
    data.update(overrides)
    return data
