"""A small tree for tests: a province with two sibling communes, each with a cell.

HL  Tỉnh ủy Hòa Lâm (province)
├── HL-A  Đảng ủy xã An Phú (commune)        clerk_a: clerk, head_a: head
│   └── HL-A1  Chi bộ thôn 1
└── HL-B  Đảng ủy phường Bình Minh (commune)  clerk_b: clerk (the sibling who must get 404)
    └── HL-B1  Chi bộ khu phố 1
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.demo.documents import tiny_docx, tiny_pdf
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

PASSWORD = "correct-horse-42"


@dataclass
class Tree:
    province: Unit
    commune_a: Unit
    cell_a: Unit
    commune_b: Unit
    cell_b: Unit
    admin: User
    clerk_a: User
    head_a: User
    viewer_a: User
    clerk_b: User
    nobody: User
    person_a: Person
    person_b: Person
    position_a: Position
    role_a: RoleAssignment


def make_user(username: str, role: str | None = None, unit: Unit | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if role:
        assert unit is not None, "a role is held on a unit"
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


def make_tree() -> Tree:
    province = Unit.objects.add_root(
        create_kwargs=dict(
            name="Tỉnh ủy Hòa Lâm", code="HL", kind="party_committee", level="province"
        )
    )
    commune_a = Unit.objects.add_child(
        province,
        create_kwargs=dict(
            name="Đảng ủy xã An Phú", code="HL-A", kind="party_committee", level="commune"
        ),
    )
    cell_a = Unit.objects.add_child(
        commune_a,
        create_kwargs=dict(
            name="Chi bộ thôn 1", code="HL-A1", kind="party_cell", level="grassroots"
        ),
    )
    province.refresh_from_db()
    commune_b = Unit.objects.add_child(
        province,
        create_kwargs=dict(
            name="Đảng ủy phường Bình Minh", code="HL-B", kind="party_committee", level="commune"
        ),
    )
    cell_b = Unit.objects.add_child(
        commune_b,
        create_kwargs=dict(
            name="Chi bộ khu phố 1", code="HL-B1", kind="party_cell", level="grassroots"
        ),
    )
    for unit in (province, commune_a, commune_b):
        unit.refresh_from_db()
    person_a = Person.objects.create(unit=cell_a, full_name="Nguyễn Văn An", member_code="A001")
    person_b = Person.objects.create(unit=cell_b, full_name="Đặng Thị Bình", member_code="B001")
    position_a = Position.objects.create(
        unit=commune_a, person=person_a, title="Bí thư", is_head=True
    )
    clerk_a = make_user("clerk_a", Role.CLERK, commune_a)
    return Tree(
        province=province,
        commune_a=commune_a,
        cell_a=cell_a,
        commune_b=commune_b,
        cell_b=cell_b,
        admin=make_user("admin", Role.ADMIN, province),
        clerk_a=clerk_a,
        head_a=make_user("head_a", Role.HEAD, commune_a),
        viewer_a=make_user("viewer_a", Role.VIEWER, cell_a),
        clerk_b=make_user("clerk_b", Role.CLERK, commune_b),
        nobody=make_user("nobody"),
        person_a=person_a,
        person_b=person_b,
        position_a=position_a,
        role_a=RoleAssignment.objects.get(user=clerk_a),
    )


def vacate(unit: Unit) -> None:
    """Empty ``unit`` so it may close: its members have left, its positions ended (a test's
    setting, written directly)."""
    Person.objects.filter(unit=unit, left_on__isnull=True).update(left_on="2026-01-01")
    Position.objects.filter(unit=unit, ended_on__isnull=True).update(ended_on="2026-01-01")


def pdf_bytes(text: str = "Nghị quyết") -> bytes:
    """A real one-page PDF (the upload checks parse it), the same bytes for the same text."""
    return tiny_pdf([text])


def docx_bytes(text: str = "Báo cáo kết quả") -> bytes:
    """A real Word document of one paragraph, the same bytes for the same text."""
    return tiny_docx([text])


def odt_bytes(paragraphs: list[str] | None = None) -> bytes:
    """A real OpenDocument text (LibreOffice's .odt) of these paragraphs: a ZIP with its
    ``mimetype`` and ``content.xml``, as the upload checks and the text extraction read it."""
    body = "".join(
        f"<text:p>{escape(p)}</text:p>" for p in (paragraphs or ["Bài thu hoạch của tôi."])
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()
