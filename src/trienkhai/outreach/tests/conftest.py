"""Fixtures of the outreach tests, on the shared test tree (``tooling/testing.py``)::

    HL    Tỉnh ủy Hòa Lâm        admin, head_p: head   ← registers 57-NQ/TW, issues 12-KH/TU
    ├── HL-A   Đảng ủy xã An Phú  clerk_a: clerk, head_a: head
    │   └── HL-A1  Chi bộ thôn 1
    └── HL-B   Đảng ủy phường Bình Minh   clerk_b: clerk (the sibling)

The plan (dated 10/01/2026) requires of every commune party committee a dissemination
activity by 30/06/2026 (``DUE``).
"""

from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.outreach import services
from trienkhai.outreach.models import Activity, PublicPage
from trienkhai.resolutions import services as resolution_services
from trienkhai.resolutions.models import KeyPoint, Plan, Resolution
from trienkhai.tooling.testing import Tree, make_user, pdf_bytes

D = datetime.date
PLAN_DAY = D(2026, 1, 10)
DUE = D(2026, 6, 30)


def png_bytes(seed: int = 0) -> bytes:
    """A real 1×1 PNG (chunks with their CRCs); ``seed`` changes its pixel, hence its hash."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(bytes([0, seed % 256, 0, 0]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# A minimal JPEG (SOI, APP0, SOF0 of 1×1, SOS, EOI): its structure is what the check walks.
JPEG_TINY = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000"
    "ffc0000b080001000101011100"
    "ffda0008010100003f00d2cf20ffd9"
)


@dataclass
class World:
    tree: Tree
    head_p: User
    resolution: Resolution
    kp1: KeyPoint
    kp2: KeyPoint
    plan: Plan


def build_world(tree: Tree) -> World:
    head_p = make_user("head_p", Role.HEAD, tree.province)
    resolution = resolution_services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="57-NQ/TW",
        title="Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        issuing_body="Bộ Chính trị",
        issued_on=D(2024, 12, 22),
        key_points=[("Chuyển đổi số là yêu cầu tất yếu", False), ("Thể chế là điểm nghẽn", True)],
    )
    kp1, kp2 = resolution.key_points.order_by("order")
    plan = resolution_services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch tuyên truyền Nghị quyết 57",
        issued_on=PLAN_DAY,
        resolutions=[resolution],
        requirements=[
            {
                "kind": "dissemination",
                "title": "Tuyên truyền đến nhân dân",
                "target_kinds": ["party_committee"],
                "target_levels": ["commune"],
                "due_on": DUE,
            }
        ],
    )
    plan = resolution_services.issue_plan(user=head_p, plan=plan)
    return World(tree, head_p, resolution, kp1, kp2, plan)


@pytest.fixture
def world(tree) -> World:
    return build_world(tree)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def upload(data: bytes, name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def activity(world: World, **kwargs) -> Activity:
    values = dict(
        user=world.tree.clerk_a,
        unit=world.tree.commune_a,
        plan=world.plan,
        channel="radio",
        held_on=D(2026, 2, 3),
        title="Phát thanh về Nghị quyết 57 trên loa truyền thanh xã",
        reach=800,
        audience_label="Nhân dân xã An Phú",
        audience_size=5000,
    )
    values.update(kwargs)
    return services.record_activity(**values)


def published_page(world: World, unit=None, user=None, head=None) -> PublicPage:
    tree = world.tree
    page = services.create_page(
        user=user or tree.clerk_a,
        unit=unit or tree.commune_a,
        resolution=world.resolution,
        content="Nghị quyết 57 nói gì?\nKhoa học, công nghệ và chuyển đổi số là đột phá.",
    )
    return services.publish_page(user=head or tree.head_a, page=page)


__all__ = ["PDF", "pdf_bytes"]
PDF = pdf_bytes()
