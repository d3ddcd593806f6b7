"""A small world with every kind of row the rollup counts, on fixed dates (T = 16/06/2025).

Built on the shared tree (``tooling/testing.py``) plus a cell closed before the deadlines::

    HL    Tỉnh ủy Hòa Lâm   issues 12-KH/TU on T-60: study session (committees and cells, due
    │                       T-10), learning reports (same units, T-5), action program
    │                       (committees, T-20), results report (committees, T+30)
    ├── HL-A   xã An Phú        Giang (member)                    program P_A
    │   ├── HL-A1  thôn 1       An, Cường (members), Dũng (exempt), Em (not a member); P_proj
    │   └── HL-A2  thôn 2       closed on T-15 (before the session and report deadlines)
    └── HL-B   phường Bình Minh                                    program P_B (draft, copied)
        └── HL-B1  khu phố 1    Bình, Khoa (members)                program P_closed

Evidence (obligations done on):
    study session      A T-12, A1 T-12 (on time), B T-8 (late), B1 none (overdue), A2 closed
    learning reports   A T-6 (on time), B1 T-3 (late), A1 and B none (overdue), A2 closed
    action program     A T-25 (on time), B none (overdue)
    results report     none (pending, due T+30)

Sessions: S1 at HL-A on T-12, in person, 3 non-members: An, Dũng (exempt), Giang present,
Cường absent. S2 at HL-B1 on T-8, online, 2 connection points: Bình present.
Learning reports (due T-5): An T-7 (graded good T-6), Giang T-2 (late), Bình T-6.

Programs: P_A (HL-A) approved T-25, in effect T-10; P_proj (HL-A1, a project) approved
15/01/2024, its 2024 review approved 10/02/2025; P_closed (HL-B1) approved 01/03/2024, closed
T-30, no review; P_B (HL-B) in discussion, created T-3, flagged as copied.
Tasks: P_A t1 (40→80; on track 50 reported T-40, at risk 60 reported T-5), t2 (not
measurable, no report), t3 (→10; done 12 reported T-3), t4 (5→2; on track 4 reported T-30,
late without a value T-15); P_proj t5 (done T-50); P_closed t6 (0→100, no report);
P_B t7 (not counted: not approved).
Milestones: t1 m1 due T-30 done T-28, m2 due T-7 not done; t3 m3 due T-10 done T-3; t6 m4
due 31/12/2024 not done; t7 m5 due T-40 (not counted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from trienkhai.programs.models import (
    ActionProgram,
    AnnualReview,
    Milestone,
    ProgressUpdate,
    Task,
)
from trienkhai.programs.services.progress import refresh_reported
from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation, Plan
from trienkhai.study.models import Attendance, Grade, LearningReport, StudySession
from trienkhai.tooling.testing import Tree
from trienkhai.units.models import Person, Unit

T = datetime.date(2025, 6, 16)
PAST = T - datetime.timedelta(days=20)


def d(days: int) -> datetime.date:
    """T plus ``days`` (negative: before T)."""
    return T + datetime.timedelta(days=days)


def at(days: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(d(days), datetime.time(hour)))


@dataclass
class World:
    tree: Tree
    plan: Plan
    cell_a2: Unit
    people: dict[str, Person]
    programs: dict[str, ActionProgram]
    tasks: dict[str, Task]


def person(unit, name, code=None, **fields) -> Person:
    return Person.objects.create(unit=unit, full_name=name, member_code=code, **fields)


def make_plan(tree: Tree) -> Plan:
    committees_and_cells = ["party_committee", "party_cell"]
    plan = plans.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="12-KH/TU",
        title="Kế hoạch học tập, quán triệt và triển khai thực hiện Nghị quyết",
        issued_on=d(-60),
        requirements=[
            {
                "kind": "study_session",
                "title": "Tổ chức hội nghị học tập",
                "target_kinds": committees_and_cells,
                "target_levels": [],
                "due_on": d(-10),
            },
            {
                "kind": "learning_reports",
                "title": "Nộp bài thu hoạch",
                "target_kinds": committees_and_cells,
                "target_levels": [],
                "due_on": d(-5),
            },
            {
                "kind": "action_program",
                "title": "Ban hành chương trình hành động",
                "target_kinds": ["party_committee"],
                "target_levels": [],
                "due_on": d(-20),
            },
            {
                "kind": "results_report",
                "title": "Báo cáo kết quả",
                "target_kinds": ["party_committee"],
                "target_levels": [],
                "due_on": d(30),
            },
        ],
    )
    return plans.issue_plan(user=tree.admin, plan=plan)


def done(plan, unit, kind, on) -> None:
    n = Obligation.objects.filter(plan=plan, unit=unit, requirement__kind=kind).update(
        fulfilled_on=on
    )
    assert n == 1


def make_world(tree: Tree) -> World:
    cell_a2 = Unit.objects.add_child(
        tree.commune_a,
        create_kwargs=dict(
            name="Chi bộ thôn 2", code="HL-A2", kind="party_cell", level="grassroots"
        ),
    )
    for unit in (tree.province, tree.commune_a, tree.commune_b):
        unit.refresh_from_db()
    plan = make_plan(tree)
    Unit.objects.filter(pk=cell_a2.pk).update(active_to=d(-15))
    cell_a2.refresh_from_db()

    a, b = tree.commune_a, tree.commune_b
    a1, b1 = tree.cell_a, tree.cell_b
    done(plan, a, "study_session", d(-12))
    done(plan, a1, "study_session", d(-12))
    done(plan, b, "study_session", d(-8))
    done(plan, a, "learning_reports", d(-6))
    done(plan, b1, "learning_reports", d(-3))
    done(plan, a, "action_program", d(-25))

    people = {
        "an": tree.person_a,
        "cuong": person(a1, "Lê Văn Cường", "A002"),
        "dung": person(a1, "Phạm Văn Dũng", "A003", exempt_from_activity=True),
        "em": person(a1, "Hoàng Thị Em", None, is_party_member=False),
        "giang": person(a, "Võ Văn Giang", "A004"),
        "binh": tree.person_b,
        "khoa": person(b1, "Lý Văn Khoa", "B002"),
    }
    s1 = StudySession.objects.create(
        unit=a,
        plan=plan,
        title="Hội nghị học tập",
        starts_at=at(-12),
        mode=StudySession.Mode.IN_PERSON,
        status=StudySession.Status.HELD,
        non_members_invited=True,
        non_member_count=3,
    )
    s2 = StudySession.objects.create(
        unit=b1,
        plan=plan,
        title="Học tập trực tuyến",
        starts_at=at(-8),
        mode=StudySession.Mode.ONLINE,
        connection_points=2,
        status=StudySession.Status.HELD,
    )
    for session, who, status in [
        (s1, "an", "present"),
        (s1, "dung", "present"),
        (s1, "giang", "present"),
        (s1, "cuong", "absent"),
        (s2, "binh", "present"),
    ]:
        p = people[who]
        Attendance.objects.create(
            unit_id=p.unit_id, session=session, person=p, status=status, method="roster"
        )
    for who, days, extra in [
        ("an", -7, {"status": "graded", "grade": Grade.GOOD, "reviewed_at": at(-6)}),
        ("giang", -2, {}),
        ("binh", -6, {}),
    ]:
        p = people[who]
        LearningReport.objects.create(
            unit_id=p.unit_id,
            plan=plan,
            person=p,
            text="Bài thu hoạch.",
            submitted_at=at(days),
            due_on=d(-5),
            entered_by=tree.admin,
            **extra,
        )

    programs = {
        "P_A": program(a, plan, "Chương trình hành động của xã An Phú", "in_effect", d(-25)),
        "P_proj": program(
            a1, plan, "Đề án chuyển đổi số thôn 1", "approved", datetime.date(2024, 1, 15)
        ),
        "P_closed": program(
            b1, plan, "Chương trình của khu phố 1", "closed", datetime.date(2024, 3, 1)
        ),
        "P_B": program(b, plan, "Chương trình hành động của phường", "discussion", None),
    }
    ActionProgram.objects.filter(pk=programs["P_A"].pk).update(effective_on=d(-10))
    ActionProgram.objects.filter(pk=programs["P_closed"].pk).update(closed_on=d(-30))
    ActionProgram.objects.filter(pk=programs["P_B"].pk).update(copy_flagged=True)
    ActionProgram.objects.filter(pk=programs["P_B"].pk).update(created_at=at(-3))
    for key in ("P_A", "P_proj", "P_closed"):
        ActionProgram.objects.filter(pk=programs[key].pk).update(created_at=at(-400))

    tasks = {
        "t1": task(programs["P_A"], 1, indicator="Tỷ lệ hộ dùng internet", baseline=40, target=80),
        "t2": task(programs["P_A"], 2),
        "t3": task(programs["P_A"], 3, indicator="Số điểm wifi", target=10),
        "t4": task(programs["P_A"], 4, indicator="Tỷ lệ hộ nghèo", baseline=5, target=2),
        "t5": task(programs["P_proj"], 1),
        "t6": task(programs["P_closed"], 1, indicator="Tỷ lệ", baseline=0, target=100),
        "t7": task(programs["P_B"], 1),
    }
    Q1, Q2 = datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)
    update(tree, tasks["t1"], Q1, "on_track", -40, 50)
    update(tree, tasks["t1"], Q2, "at_risk", -5, 60)
    update(tree, tasks["t3"], Q2, "done", -3, 12)
    update(tree, tasks["t4"], Q1, "on_track", -30, 4)
    update(tree, tasks["t4"], Q2, "late", -15, None)
    update(tree, tasks["t5"], Q1, "done", -50, None)
    Milestone.objects.create(task=tasks["t1"], order=1, due_on=d(-30), done_on=d(-28))
    Milestone.objects.create(task=tasks["t1"], order=2, due_on=d(-7))
    Milestone.objects.create(task=tasks["t3"], order=1, due_on=d(-10), done_on=d(-3))
    Milestone.objects.create(task=tasks["t6"], order=1, due_on=datetime.date(2024, 12, 31))
    Milestone.objects.create(task=tasks["t7"], order=1, due_on=d(-40))
    AnnualReview.objects.create(
        unit=a1,
        program=programs["P_proj"],
        year=2024,
        status="approved",
        approved_on=datetime.date(2025, 2, 10),
    )
    AnnualReview.objects.create(unit=b1, program=programs["P_closed"], year=2024)  # a draft
    return World(tree, plan, cell_a2, people, programs, tasks)


def program(unit, plan, title, status, approved_on) -> ActionProgram:
    return ActionProgram.objects.create(
        unit=unit,
        plan=plan,
        title=title,
        status=status,
        version=1 if approved_on else 0,
        first_approved_on=approved_on,
        approved_on=approved_on,
        kind="project" if "Đề án" in title else "program",
    )


def task(program, order, *, indicator="", baseline=None, target=None) -> Task:
    return Task.objects.create(
        program=program,
        order=order,
        title=f"Nhiệm vụ {order} của {program.title}",
        indicator=indicator,
        baseline=None if baseline is None else Decimal(baseline),
        target=None if target is None else Decimal(target),
    )


def update(tree, task, period_start, status, days, value) -> ProgressUpdate:
    """A progress report written below the services: the task's copy of its latest report
    is refreshed as the bulk loaders do (``refresh_reported``)."""
    written = ProgressUpdate.objects.create(
        task=task,
        period_start=period_start,
        period_end=period_start + datetime.timedelta(days=89),
        status=status,
        value=None if value is None else Decimal(value),
        reported_by_unit=task.program.unit,
        reported_on=d(days),
        reported_by=tree.admin,
    )
    refresh_reported(Task.objects.filter(pk=task.pk))
    return written
