"""The API's test world, on the programs tests' world (``programs/tests/conftest.py``): plan
12-KH/TU of the province with its programs, and on both sibling communes the same things, so
that every resource has a row in scope (commune A) and one of the sibling (commune B):

* programs: the province's, commune A's (adopted, task A1 with milestones, progress reported)
  and commune B's (adopted, one task with a milestone, progress reported);
* study sessions of cells A1 and B1 (two days ago), an attendance and a learning report in each;
* an inspection by the province of each commune, concluded, with a finding and a recommendation
  addressed to the commune; a dissemination activity of each commune; an import previewed on
  each commune, with a problem.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from trienkhai.api.services import create_token
from trienkhai.core.access import Role
from trienkhai.imports.models import ImportBatch
from trienkhai.inspections import services as inspection_services
from trienkhai.inspections.models import Inspection, Recommendation
from trienkhai.outreach import services as outreach_services
from trienkhai.outreach.models import Activity
from trienkhai.programs.models import ActionProgram, Milestone, ProgressUpdate, Task
from trienkhai.programs.tests.conftest import (
    Builder,
    World,
    make_adopted_a,
    make_draft_a,
    make_province_program,
)
from trienkhai.programs.tests.conftest import make_world as make_programs_world
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Person, Unit

D = datetime.date


@dataclass
class Side:
    """What one commune has, for the matrix: in scope (A) or the sibling's (B)."""

    program: ActionProgram
    task: Task
    milestone: Milestone
    progress: ProgressUpdate
    session: StudySession
    attendance: Attendance
    report: LearningReport
    person: Person
    inspection: Inspection
    recommendation: Recommendation
    activity: Activity
    batch: ImportBatch


@dataclass
class ApiWorld:
    w: World
    a: Side
    b: Side
    inspector_p: object  # the province's inspector, who conducts both inspections

    @property
    def tree(self):
        return self.w.tree


def _inspect(w: World, inspector, commune: Unit) -> tuple[Inspection, Recommendation]:
    """The province inspects ``commune``, finds a shortcoming, recommends, concludes."""
    inspection = inspection_services.create_inspection(
        user=inspector,
        unit=w.tree.province,
        kind="inspection",
        title=f"Việc thực hiện Kế hoạch 12 ({commune.code})",
        targets=[commune],
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        decision_number="15-QĐ/UBKT",
        team=[("Lê Văn Tâm", "leader")],
    )
    inspection_services.sign_decision(user=w.head_p, inspection=inspection, on=D(2026, 3, 2))
    inspection_services.add_finding(
        user=inspector,
        inspection=inspection,
        target=commune,
        kind="shortcoming",
        severity="moderate",
        text="Chương trình hành động chưa có chỉ tiêu cụ thể.",
    )
    recommendation = inspection_services.add_recommendation(
        user=inspector,
        inspection=inspection,
        unit=commune,
        text="Bổ sung chỉ tiêu cụ thể cho các nhiệm vụ.",
        due_on=D(2026, 6, 30),
    )
    inspection_services.submit_draft(user=inspector, inspection=inspection, conclusion="Kết luận.")
    inspection = inspection_services.approve_conclusion(
        user=w.head_p, inspection=inspection, number="20-TB/TU", on=D(2026, 4, 1)
    )
    recommendation.refresh_from_db()
    return inspection, recommendation


def _batch(commune: Unit, clerk) -> ImportBatch:
    """An import previewed on ``commune``: three rows, one of them with an empty name."""
    return ImportBatch.objects.create(
        unit=commune,
        kind="people",
        file_name="dang-vien.xlsx",
        file_sha256="0" * 64,
        file_kind="xlsx",
        total_rows=3,
        counts={"create": 2, "error": 1, "header": ["Họ và tên"], "sample": [["An"]]},
        problems=[[4, "required", "error", {"field": "full_name"}]],
        created_by=clerk,
    )


def _side(w: World, build: Builder, program: ActionProgram, cell, clerk, person, inspector) -> Side:
    task = program.tasks.order_by("order").first()
    assert task is not None
    milestone = task.milestones.order_by("order").first()
    assert milestone is not None
    progress = build.report(task, period=D(2026, 5, 1), status="on_track", value="65")
    start = timezone.now() - datetime.timedelta(days=2)
    session = study_services.schedule_session(
        user=clerk,
        unit=cell,
        plan=w.plan,
        title=f"Học tập Nghị quyết 18 ({cell.code})",
        starts_at=start,
        mode=StudySession.Mode.IN_PERSON,
    )
    attendance = study_services.mark_attendance(
        user=clerk, session=session, person=person, status="present", reason="Sổ điểm danh"
    )
    report = study_services.submit_report(
        user=clerk, plan=w.plan, person=person, text="Bài thu hoạch về Nghị quyết 18."
    )
    commune = Unit.objects.get(pk=program.unit_id)
    inspection, recommendation = _inspect(w, inspector, commune)
    activity = outreach_services.record_activity(
        user=clerk,
        unit=commune,
        plan=w.plan,
        channel="radio",
        held_on=D(2026, 5, 10),
        title=f"Phát thanh về Nghị quyết 18 ({commune.code})",
        reach=1200,
        key_points=[w.kp1],
        audience_unit=commune,
    )
    return Side(
        program,
        task,
        milestone,
        progress,
        session,
        attendance,
        report,
        person,
        inspection,
        recommendation,
        activity,
        _batch(commune, clerk),
    )


def make_api_world(tree) -> ApiWorld:
    w = make_programs_world(tree)
    build = Builder(w)
    make_province_program(w, build)
    adopted_a = make_adopted_a(build, make_draft_a(w, build))
    program_b = build.program(w.commune_b, number="03-CTr/ĐU")
    build.task(
        program_b,
        title="Chuyển đổi số ở phường",
        key_points=[w.kp3],
        due_on=D(2026, 9, 30),
        milestones=[{"when": "Q3/2026", "deliverable": "Cổng thông tin phường"}],
    )
    program_b = build.adopt(program_b, on=D(2026, 2, 20))
    inspector = make_user("inspector_p", Role.INSPECTOR, tree.province)
    a = _side(w, build, adopted_a, tree.cell_a, tree.clerk_a, tree.person_a, inspector)
    b = _side(w, build, program_b, tree.cell_b, tree.clerk_b, tree.person_b, inspector)
    return ApiWorld(w=w, a=a, b=b, inspector_p=inspector)


@pytest.fixture(scope="module")
def shared_api_world(shared_tree, build_once) -> ApiWorld | None:
    return build_once("world", lambda: make_api_world(shared_tree))


@pytest.fixture
def world(shared_api_world, tree, own_copy) -> ApiWorld:
    return make_api_world(tree) if shared_api_world is None else own_copy(shared_api_world)


@pytest.fixture
def bearer() -> Callable[..., dict[str, str]]:
    """``bearer(user, **narrowing)``: the headers of a fresh token of ``user``."""

    def make(user, **kwargs) -> dict[str, str]:
        kwargs.setdefault("name", "test")
        _token, secret = create_token(user=user, **kwargs)
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


@pytest.fixture(autouse=True)
def fresh_rates():
    """Each test counts its tokens' requests from zero (the counts live in the cache)."""
    cache.clear()


@pytest.fixture
def api() -> Client:
    return Client()
