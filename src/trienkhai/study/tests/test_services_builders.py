"""Builders the study service tests share, and a check of the world they draw.

``make_study(tree)`` adds to the shared test tree (``tooling/testing.py``) a resolution, a plan
the province has issued, and the people of commune A::

    HL    Tỉnh ủy Hòa Lâm          issues 12-KH/TU: study session (cells and committees),
    │                              attendance ≥ 95 %, learning reports
    ├── HL-A   Đảng ủy xã An Phú   Võ Văn Giang (key cadre, member of the committee itself)
    │   └── HL-A1  Chi bộ thôn 1   Nguyễn Văn An, Trần Thị Hoa (members),
    │                              Lê Văn Cường (key cadre), Phạm Văn Dũng (exempt),
    │                              Hoàng Thị Em (not a member)
    └── HL-B   Đảng ủy phường Bình Minh
        └── HL-B1  Chi bộ khu phố 1   Đặng Thị Bình

So commune A expects four members (three in its cell), and the cell three.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation, Plan, Resolution
from trienkhai.study import services
from trienkhai.study.models import StudySession
from trienkhai.tooling.testing import Tree, make_user
from trienkhai.units.models import Person, Unit

DAY = datetime.timedelta(days=1)
KEY_POINTS = [
    (
        "Tiếp tục đổi mới mạnh mẽ phương thức lãnh đạo của Đảng đối với hệ thống chính trị, "
        "bảo đảm tinh gọn, hiệu lực, hiệu quả.",
        False,
    ),
    (
        "Phát triển kinh tế số, xã hội số và chính quyền số là nhiệm vụ trọng tâm, đột phá "
        "của giai đoạn tới.",
        True,
    ),
    (
        "Nâng cao chất lượng đội ngũ cán bộ, đảng viên, nhất là người đứng đầu, gắn trách "
        "nhiệm với kết quả thực hiện nhiệm vụ.",
        True,
    ),
]


@dataclass
class Study:
    tree: Tree
    resolution: Resolution
    plan: Plan
    an: Person  # HL-A1 member (tree.person_a)
    hoa: Person  # HL-A1 member
    cuong: Person  # HL-A1 key cadre
    dung: Person  # HL-A1 exempt from activity
    em: Person  # HL-A1 not a party member
    giang: Person  # HL-A key cadre, directly in the committee
    binh: Person  # HL-B1 member (tree.person_b)
    secretary_a1: User  # head role on the cell: the cell secretary, who grades

    @property
    def expected_cell(self) -> set[int]:
        return {self.an.pk, self.hoa.pk, self.cuong.pk}

    @property
    def expected_commune(self) -> set[int]:
        return self.expected_cell | {self.giang.pk}

    def obligation(self, unit: Unit, kind: str) -> Obligation:
        return Obligation.objects.get(plan=self.plan, unit=unit, requirement__kind=kind)

    def session(self, unit: Unit | None = None, user=None, **fields) -> StudySession:
        """A session of the plan that started an hour ago (so it can be marked held)."""
        values = dict(
            title="Hội nghị học tập Nghị quyết",
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            place="Hội trường xã",
            mode=StudySession.Mode.IN_PERSON,
            lecturer="Đ/c Bí thư",
        )
        values.update(fields)
        return services.schedule_session(
            user=user or self.tree.clerk_a,
            unit=unit or self.tree.commune_a,
            plan=self.plan,
            **values,
        )


def person(unit: Unit, name: str, code: str | None = None, **fields) -> Person:
    return Person.objects.create(unit=unit, full_name=name, member_code=code, **fields)


def make_plan(tree: Tree, resolution: Resolution, *, number="12-KH/TU", issue=True) -> Plan:
    today = timezone.localdate()
    committees_and_cells = ["party_committee", "party_cell"]
    plan = plans.create_plan(
        user=tree.admin,
        unit=tree.province,
        number=number,
        title="Kế hoạch học tập, quán triệt và triển khai thực hiện Nghị quyết",
        issued_on=today - 30 * DAY,
        resolutions=[resolution],
        requirements=[
            {
                "kind": "study_session",
                "title": "Tổ chức hội nghị học tập, quán triệt",
                "target_kinds": committees_and_cells,
                "target_levels": [],
                "due_on": today + 30 * DAY,
            },
            {
                "kind": "attendance",
                "title": "Đảng viên tham gia học tập",
                "target_kinds": committees_and_cells,
                "target_levels": [],
                "due_on": today + 30 * DAY,
                "target_value": 95,
            },
            {
                "kind": "learning_reports",
                "title": "Đảng viên viết bài thu hoạch",
                "target_kinds": committees_and_cells,
                "target_levels": [],
                "due_on": today + 45 * DAY,
            },
        ],
    )
    if issue:
        plan = plans.issue_plan(user=tree.admin, plan=plan)
    return plan


def make_resolution(tree: Tree) -> Resolution:
    return plans.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="18-NQ/TW",
        title="Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2017, 10, 25),
        summary="Nghị quyết về đổi mới, sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực.",
        key_points=KEY_POINTS,
    )


def make_study(tree: Tree) -> Study:
    resolution = make_resolution(tree)
    plan = make_plan(tree, resolution)
    cell = tree.cell_a
    return Study(
        tree=tree,
        resolution=resolution,
        plan=plan,
        an=tree.person_a,
        hoa=person(cell, "Trần Thị Hoa", "A002"),
        cuong=person(cell, "Lê Văn Cường", "A003", category=Person.Category.KEY_CADRE),
        dung=person(cell, "Phạm Văn Dũng", "A004", exempt_from_activity=True),
        em=person(cell, "Hoàng Thị Em", None, is_party_member=False),
        giang=person(tree.commune_a, "Võ Văn Giang", "A010", category=Person.Category.KEY_CADRE),
        binh=tree.person_b,
        secretary_a1=make_user("secretary_a1", Role.HEAD, cell),
    )


@pytest.mark.django_db
def test_the_plan_falls_on_every_committee_and_cell_below_the_province(tree):
    """Given the study world, the issued plan owes three things from each of the four units
    below the province, and the province itself owes nothing."""
    study = make_study(tree)
    owed = sorted(study.plan.obligations.values_list("unit__code", "requirement__kind"))
    assert owed == sorted(
        (code, kind)
        for code in ("HL-A", "HL-A1", "HL-B", "HL-B1")
        for kind in ("attendance", "learning_reports", "study_session")
    )
    assert study.plan.is_issued
    assert study.obligation(tree.cell_a, "attendance").requirement.target_value == 95
