"""Fixtures of the inspections tests, on the shared test tree (``tooling/testing.py``)::

HL    Tỉnh ủy Hòa Lâm        inspector_p: inspector, head_p: head     ← conducts
├── HL-A   Đảng ủy xã An Phú  clerk_a, head_a, inspector_a: inspector ← target (or conducts)
│   └── HL-A1  Chi bộ thôn 1
└── HL-B   Đảng ủy phường Bình Minh   clerk_b (the sibling)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.inspections import services
from trienkhai.inspections.models import Inspection, Kind
from trienkhai.tooling.testing import Tree, make_user, pdf_bytes
from trienkhai.units.models import Unit

D = datetime.date
START = D(2026, 3, 2)


@dataclass
class World:
    tree: Tree
    inspector_p: User
    head_p: User
    inspector_a: User


@pytest.fixture
def world(tree) -> World:
    return World(
        tree=tree,
        inspector_p=make_user("inspector_p", Role.INSPECTOR, tree.province),
        head_p=make_user("chief_p", Role.HEAD, tree.province),
        inspector_a=make_user("inspector_a", Role.INSPECTOR, tree.commune_a),
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def clock(monkeypatch):
    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    return freeze


def pdf(name: str = "tu-kiem-tra.pdf", text: str = "Báo cáo tự kiểm tra") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def prepare(user, unit: Unit, targets, kind=Kind.INSPECTION, title="Việc thực hiện Kế hoạch 12"):
    return services.create_inspection(
        user=user,
        unit=unit,
        kind=kind,
        title=title,
        targets=targets,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        decision_number="15-QĐ/UBKT",
        team=[("Lê Văn Tâm", "leader"), ("Phạm Thị Hoa", "member")],
    )


def signed(world: World, on=START) -> Inspection:
    """The province inspects commune A; its head signed on ``on``."""
    t = world.tree
    inspection = prepare(world.inspector_p, t.province, [t.commune_a])
    return services.sign_decision(user=world.head_p, inspection=inspection, on=on)


DUE = D(2026, 6, 30)


def concluded(world: World, *, with_recommendation=True, due=DUE) -> Inspection:
    t = world.tree
    inspection = signed(world)
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=t.commune_a,
        kind="shortcoming",
        severity="moderate",
        text="Chương trình hành động chưa có chỉ tiêu cụ thể.",
    )
    if with_recommendation:
        services.add_recommendation(
            user=world.inspector_p,
            inspection=inspection,
            unit=t.commune_a,
            text="Bổ sung chỉ tiêu cụ thể cho các nhiệm vụ.",
            due_on=due,
        )
    services.submit_draft(user=world.inspector_p, inspection=inspection, conclusion="Kết luận.")
    return services.approve_conclusion(
        user=world.head_p, inspection=inspection, number="20-TB/TU", on=D(2026, 4, 1)
    )
