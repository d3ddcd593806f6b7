"""Fixtures shared by the programs tests (services, progress, quality, views).

The world they build on the shared test tree (``tooling/testing.py``)::

    HL    Tỉnh ủy Hòa Lâm       admin: admin, head_p: head     ← issues plan 12-KH/TU (10/01/2026)
    ├── HL-A   Đảng ủy xã An Phú clerk_a: clerk, head_a: head, member_a: viewer (committee member)
    │   └── HL-A1  Chi bộ thôn 1     viewer_a: viewer
    └── HL-B   Đảng ủy phường Bình Minh   clerk_b: clerk, head_b: head   (the sibling)
        └── HL-B1  Chi bộ khu phố 1

The plan carries out resolution 18-NQ/TW (key points ``kp1``, ``kp2``, ``kp3``) and requires
of every commune party committee an action program by 31/03/2026 (``ACTION_DUE``) and of every
cell a study session; ``foreign_kp`` is a key point of 57-NQ/TW, a document the plan does not
carry out. Heads hold their role ON their own unit: ``head_p`` on the province (which does not
make them head of a commune).

Fixtures (stable; other test files of this folder may use them):

* ``world`` → :class:`World` (the users, documents, key points and plan above), built once for
  a module whose database tests all ask for it (as are the three programs below; see the root
  conftest);
* ``build`` → :class:`Builder`: ``program(unit, ...)``, ``task(program, ...)``,
  ``adopt(program, ...)`` (discussion then approval), ``report(task, ...)``;
* ``province_program`` → the province's program, approved by ``head_p`` on 20/01/2026, with
  tasks P1 (kp1, kp2; lead HL) and P2 (kp3; lead HL);
* ``draft_a`` → commune A's draft program under ``province_program`` with tasks A1 (kp1, lead
  HL-A, due 30/06/2026, indicator "Tỷ lệ hộ dùng nước sạch" baseline 60 target 90 %, milestones
  Q2/2026 value 70 and 31/12/2026 deliverable) and A2 (kp2, lead HL-A1, no indicator);
* ``adopted_a`` → ``draft_a`` approved by ``head_a`` on 15/02/2026 (``A_APPROVED``);
* ``clock`` → ``clock(day)`` freezes ``timezone.localdate`` (services' "today");
* ``media`` → uploads go to a temporary directory;
* module helpers: ``fresh(obj)``, ``pdf_upload(name)``, ``MINIMAL_PDF``, ``refused(exc)`` (the
  call raises and no row of the programs tables, their link tables, obligations or the audit
  log changed), ``database()``.

Dates are passed explicitly (``on=``) by the builders, so nothing depends on the real date.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent, User
from trienkhai.core.querysets import STEPLEN
from trienkhai.programs import models as program_models
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, Task
from trienkhai.resolutions import services as resolution_services
from trienkhai.resolutions.models import KeyPoint, Obligation, Plan, Resolution
from trienkhai.tooling.testing import Tree, make_user, pdf_bytes
from trienkhai.units.models import Unit

D = datetime.date
PLAN_DATE = D(2026, 1, 10)
ACTION_DUE = D(2026, 3, 31)
PROVINCE_APPROVED = D(2026, 1, 20)
A_APPROVED = D(2026, 2, 15)
PROGRAM_MODELS = (
    program_models.ActionProgram,
    program_models.ProgramVersion,
    program_models.ProgramComment,
    program_models.ProgressRuleSetting,
    program_models.Task,
    program_models.Milestone,
    program_models.ProgressUpdate,
    program_models.ProgressEvidence,
    program_models.AnnualReview,
)
MINIMAL_PDF = pdf_bytes()


@dataclass
class World:
    tree: Tree
    head_p: User  # head ON the province
    head_b: User  # head ON commune B
    member_a: User  # viewer ON commune A: a committee member
    resolution: Resolution  # 18-NQ/TW, carried out by the plan
    other_resolution: Resolution  # 57-NQ/TW, not carried out by the plan
    kp1: KeyPoint
    kp2: KeyPoint
    kp3: KeyPoint
    foreign_kp: KeyPoint
    plan: Plan  # the province's issued plan

    # shortcuts to the tree
    def __getattr__(self, name):
        if name == "tree" or name.startswith("__"):  # not set yet: a copy being made
            raise AttributeError(name)
        return getattr(self.tree, name)


def fresh(obj):
    """The row as the database has it now."""
    return type(obj).objects.get(pk=obj.pk)


def make_world(tree: Tree) -> World:
    head_p = make_user("head_p", Role.HEAD, tree.province)
    head_b = make_user("head_b", Role.HEAD, tree.commune_b)
    member_a = make_user("member_a", Role.VIEWER, tree.commune_a)
    register = resolution_services.register_resolution
    resolution = register(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="18-NQ/TW",
        title="Tiếp tục đổi mới, sắp xếp tổ chức bộ máy",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2025, 10, 25),
        key_points=[
            ("Tinh gọn bộ máy, hoạt động hiệu lực, hiệu quả", True),
            ("Nâng cao chất lượng đội ngũ cán bộ", False),
            ("Chuyển đổi số trong hoạt động của hệ thống chính trị", True),
        ],
    )
    other = register(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="57-NQ/TW",
        title="Đột phá phát triển khoa học, công nghệ",
        issuing_body="Bộ Chính trị",
        issued_on=D(2024, 12, 22),
        key_points=[("Khoa học, công nghệ là đột phá quan trọng hàng đầu", True)],
    )
    plan = resolution_services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch thực hiện Nghị quyết 18-NQ/TW",
        issued_on=PLAN_DATE,
        resolutions=[resolution],
        requirements=[
            {
                "kind": "action_program",
                "title": "Xây dựng chương trình hành động",
                "target_kinds": ["party_committee"],
                "target_levels": ["commune"],
                "due_on": ACTION_DUE,
            },
            {
                "kind": "study_session",
                "title": "Tổ chức hội nghị học tập",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": ACTION_DUE,
            },
        ],
    )
    plan = resolution_services.issue_plan(user=tree.admin, plan=plan)
    for unit in (tree.province, tree.commune_a, tree.cell_a, tree.commune_b, tree.cell_b):
        unit.refresh_from_db()
    kps = list(resolution.key_points.order_by("order"))
    return World(
        tree=tree,
        head_p=head_p,
        head_b=head_b,
        member_a=member_a,
        resolution=resolution,
        other_resolution=other,
        kp1=kps[0],
        kp2=kps[1],
        kp3=kps[2],
        foreign_kp=other.key_points.get(),
        plan=plan,
    )


class Builder:
    """Short ways to the usual states; every write goes through the services."""

    def __init__(self, world: World):
        self.w = world

    def clerk_of(self, unit: Unit) -> User:
        t = self.w.tree
        return {t.province.pk: t.admin, t.commune_a.pk: t.clerk_a, t.commune_b.pk: t.clerk_b}[
            unit.pk
        ]

    def head_of(self, unit: Unit) -> User:
        w = self.w
        heads = {w.province.pk: w.head_p, w.commune_a.pk: w.head_a, w.commune_b.pk: w.head_b}
        return heads[unit.pk]

    def program(self, unit: Unit, *, user=None, title=None, plan=None, **fields) -> ActionProgram:
        return services.create_program(
            user=user or self.clerk_of(unit),
            unit=unit,
            plan=plan or self.w.plan,
            title=title or f"Chương trình hành động của {unit.name}",
            **fields,
        )

    def task(self, program: ActionProgram, *, user=None, key_points=None, **fields) -> Task:
        fields.setdefault("title", f"Nhiệm vụ {program.tasks.count() + 1} của {program.unit.code}")
        fields.setdefault("lead_unit", program.unit)
        return services.save_task(
            user=user or self.clerk_of(program.unit),
            program=program,
            key_points=key_points if key_points is not None else [self.w.kp1],
            **fields,
        )

    def adopt(self, program: ActionProgram, *, on=None, approver=None, reason="") -> ActionProgram:
        """Discussion (if still a draft), then approval by the unit's head."""
        program = fresh(program)
        if program.status == ActionProgram.Status.DRAFT:
            services.open_discussion(user=self.clerk_of(program.unit), program=program)
        return services.approve_program(
            user=approver or self.head_of(program.unit),
            program=program,
            reason=reason,
            on=on or D(2026, 2, 15),
        )

    def report(self, task: Task, *, period, status, on=None, user=None, **fields):
        task = Task.objects.select_related("program__unit", "lead_unit").get(pk=task.pk)
        unit = task.lead_unit or task.program.unit
        if user is None:  # the clerk of the lead unit's commune (or of the province)
            user = self.clerk_of(Unit.objects.get(path=unit.path[: 2 * STEPLEN]))
        return services.report_progress(
            user=user, task=task, period=period, status=status, on=on or period, **fields
        )


# Each fixture below is built once for a module whose database tests all ask for it (and for
# the ones below it), inside the module's transaction (root conftest: ``build_once``); each
# test then gets its own copies (``own_copy``). Elsewhere it is built for each test.


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once) -> World | None:
    return build_once("world", lambda: make_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy) -> World:
    return make_world(tree) if shared_world is None else own_copy(shared_world)


@pytest.fixture
def build(world) -> Builder:
    return Builder(world)


def make_province_program(world: World, build: Builder) -> ActionProgram:
    program = build.program(world.province, number="05-CTr/TU")
    build.task(
        program,
        title="Sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị toàn tỉnh",
        key_points=[world.kp1, world.kp2],
    )
    build.task(
        program,
        title="Đẩy mạnh chuyển đổi số trong các cơ quan đảng",
        key_points=[world.kp3],
    )
    return build.adopt(program, on=PROVINCE_APPROVED)


def make_draft_a(world: World, build: Builder) -> ActionProgram:
    program = build.program(world.commune_a, number="02-CTr/ĐU")
    build.task(
        program,
        title="Bảo đảm nước sạch cho các hộ dân trong xã",
        key_points=[world.kp1],
        due_on=D(2026, 6, 30),
        indicator="Tỷ lệ hộ dùng nước sạch",
        measure="%",
        baseline="60",
        target="90",
        target_year=2026,
        milestones=[
            {"when": "Q2/2026", "expected_value": "70"},
            {"when": "31/12/2026", "deliverable": "Báo cáo kết quả năm"},
        ],
    )
    build.task(
        program,
        title="Kiện toàn chi bộ thôn 1",
        key_points=[world.kp2],
        lead_unit=world.cell_a,
    )
    return fresh(program)


def make_adopted_a(build: Builder, draft_a: ActionProgram) -> ActionProgram:
    return fresh(build.adopt(draft_a, on=A_APPROVED))


@pytest.fixture(scope="module")
def shared_province_program(shared_world, build_once) -> ActionProgram | None:
    if shared_world is None:
        return None
    return build_once(
        "province_program", lambda: make_province_program(shared_world, Builder(shared_world))
    )


@pytest.fixture
def province_program(shared_province_program, world, build, own_copy) -> ActionProgram:
    if shared_province_program is None:
        return make_province_program(world, build)
    return own_copy(shared_province_program)


@pytest.fixture(scope="module")
def shared_draft_a(shared_world, shared_province_program, build_once) -> ActionProgram | None:
    if shared_province_program is None:
        return None
    return build_once("draft_a", lambda: make_draft_a(shared_world, Builder(shared_world)))


@pytest.fixture
def draft_a(shared_draft_a, world, build, province_program, own_copy) -> ActionProgram:
    if shared_draft_a is None:
        return make_draft_a(world, build)
    return own_copy(shared_draft_a)


@pytest.fixture(scope="module")
def shared_adopted_a(shared_world, shared_draft_a, build_once) -> ActionProgram | None:
    if shared_draft_a is None:
        return None
    return build_once("adopted_a", lambda: make_adopted_a(Builder(shared_world), shared_draft_a))


@pytest.fixture
def adopted_a(shared_adopted_a, build, draft_a, own_copy) -> ActionProgram:
    """``draft_a`` discussed and approved by ``head_a`` on 15/02/2026 (on time)."""
    if shared_adopted_a is None:
        return make_adopted_a(build, draft_a)
    return own_copy(shared_adopted_a)


@pytest.fixture
def clock(monkeypatch):
    """``clock(day)`` freezes the services' and models' "today" (``timezone.localdate``)."""

    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day

    return freeze


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def database() -> dict:
    """Every row of the tables a programs service may write."""
    tables = (
        *PROGRAM_MODELS,
        Task.key_points.through,
        Task.coordinating_units.through,
        Obligation,
        AuditEvent,
    )
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in tables}


@contextmanager
def refused(exc=ValidationError):
    """The call raises ``exc`` and writes nothing (no row added, changed or removed)."""
    before = database()
    with pytest.raises(exc) as info:
        yield info
    assert database() == before


def pdf_upload(name="bien-ban.pdf", content=MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
